import { streamHandler } from '../../shared/events/stream';
import { sesMailer } from '../../shared/mail/mailer';
import { systemClock } from '../../shared/runtime';
import { mailResetCompletion } from '../../shared/services/reset-request-mail';
import { resetRequestCompletedMail } from '../../templates/email/reset-request-completed';

export const handler = streamHandler('reset-request-mailer', (image) => mailResetCompletion(String(image['id']), { mailer: sesMailer, clock: systemClock, render: resetRequestCompletedMail }));
