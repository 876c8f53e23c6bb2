import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { sesMailer } from '../../shared/mail/mailer';
import { recipientParams } from '../../shared/schemas/progress';
import { contextFor } from '../../shared/services/context';
import { remindOneNow } from '../../shared/services/reminders';

export const handler = httpHandler(route('recipients-remind'), { params: recipientParams }, async ({ params, actor }) => ({
  body: await remindOneNow(contextFor(actor), params.dispatchId, params.unitId, sesMailer),
}));
