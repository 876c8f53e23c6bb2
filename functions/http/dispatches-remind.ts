import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { dispatchIdParams } from '../../shared/schemas/dispatch';
import { contextFor } from '../../shared/services/context';
import { remindAllNow } from '../../shared/services/reminders';

/** 202: the run is started and its e-mails are on their way through the mail queue; GET …/reminder-runs follows it. */
export const handler = httpHandler(route('dispatches-remind'), { params: dispatchIdParams }, async ({ params, actor }) => ({
  status: 202,
  body: await remindAllNow(contextFor(actor), params.dispatchId),
}));
