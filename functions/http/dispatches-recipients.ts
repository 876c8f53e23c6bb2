import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { dispatchIdParams, recipientsQuery } from '../../shared/schemas/dispatch';
import { recipientPage } from '../../shared/services/progress-summary';

/** A dispatch's recipients with their mail status, a page at a time (`cursor` continues it). */
export const handler = httpHandler(route('dispatches-recipients'), { params: dispatchIdParams, query: recipientsQuery }, async ({ params, query }) => ({
  body: await recipientPage(params.dispatchId, new Date(), query),
}));
