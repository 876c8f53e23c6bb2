import { streamHandler } from '../../shared/events/stream';
import { sesMailer } from '../../shared/mail/mailer';
import { systemClock } from '../../shared/runtime';
import { resetRequestCompletedMail } from '../../templates/email/reset-request-completed';
import { mailResetCompletion } from '../../shared/services/reset-request-events';

export const handler = streamHandler('reset-request-mailer', (image) => mailResetCompletion(String(image['id']), { mailer: sesMailer, clock: systemClock, render: resetRequestCompletedMail }));
