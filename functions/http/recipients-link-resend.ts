import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { sesMailer } from '../../shared/mail/mailer';
import { recipientParams } from '../../shared/schemas/progress';
import { contextFor } from '../../shared/services/context';
import { resendLink } from '../../shared/services/link-admin';

export const handler = httpHandler(route('recipients-link-resend'), { params: recipientParams }, async ({ params, actor }) => ({
  body: await resendLink(contextFor(actor), params.dispatchId, params.unitId, sesMailer),
}));
