import { httpHandler } from '../../shared/http/handler';
import { sesMailer } from '../../shared/mail/mailer';
import { dispatchIdParams } from '../../shared/schemas/dispatch';
import { contextFor } from '../../shared/services/context';
import { remindAllNow } from '../../shared/services/reminders';

export const handler = httpHandler('dispatches-remind', { params: dispatchIdParams }, async ({ params, actor }) => ({
  body: await remindAllNow(contextFor(actor), params.dispatchId, sesMailer),
}));
