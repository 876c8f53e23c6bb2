import { streamHandler } from '../../shared/events/stream';
import { enqueueNotice } from '../../shared/services/queued-notices';
import { systemClock } from '../../shared/runtime';
import { mailResetCompletion } from '../../shared/services/reset-request-mail';
import { resetRequestCompletedMail } from '../../templates/email/reset-request-completed';

export const handler = streamHandler('reset-request-mailer', (image) => mailResetCompletion(String(image['id']), { queue: enqueueNotice, clock: systemClock, render: resetRequestCompletedMail }));
