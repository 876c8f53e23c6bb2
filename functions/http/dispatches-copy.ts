import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { dispatchIdParams } from '../../shared/schemas/dispatch';
import { contextFor } from '../../shared/services/context';
import { copyToDraft } from '../../shared/services/drafts';

/** POST /dispatches/{id}/copy: a new draft with the dispatch's content and recipients (201, its record). */
export const handler = httpHandler(route('dispatches-copy'), { params: dispatchIdParams }, async ({ params, actor }) => ({
  status: 201,
  body: await copyToDraft(contextFor(actor), params.dispatchId),
}));
