import { httpHandler } from '../../shared/http/handler';
import { dispatchIdParams } from '../../shared/schemas/dispatch';
import { recipientTable } from '../../shared/services/progress-summary';

export const handler = httpHandler('dispatches-recipients', { params: dispatchIdParams }, async ({ params }) => ({
  body: await recipientTable(params.dispatchId, new Date()),
}));
