import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { dispatchIdParams, updateDispatchSchema } from '../../shared/schemas/dispatch';
import { contextFor } from '../../shared/services/context';
import { updateDraft } from '../../shared/services/dispatches';

export const handler = httpHandler(route('dispatches-update'), { params: dispatchIdParams, body: updateDispatchSchema }, async ({ params, body, actor }) => ({
  body: await updateDraft(contextFor(actor), params.dispatchId, body.version, body.content),
}));
