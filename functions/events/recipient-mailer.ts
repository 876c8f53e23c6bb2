import { streamHandler } from '../../shared/events/stream';
import { sesMailer } from '../../shared/mail/mailer';
import { systemClock } from '../../shared/runtime';
import { sendRecipientMail } from '../../shared/services/mailing';

export const handler = streamHandler('recipient-mailer', (image) =>
  sendRecipientMail(String(image['dispatchId']), String(image['unitId']), { mailer: sesMailer, clock: systemClock }),
);
