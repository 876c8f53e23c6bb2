import { config } from '../../shared/config';
import { logger } from '../../shared/logger';
import { takeWithin } from '../../shared/data/rate-limit-repo';
import { sesMailer } from '../../shared/mail/mailer';
import { acquireSendSlot } from '../../shared/mail/pacing';
import { mailMessageSchema } from '../../shared/queue/messages';
import { queueHandler } from '../../shared/queue/queue-handler';
import { systemClock } from '../../shared/runtime';
import { sendQueuedMail } from '../../shared/services/mailing';
import { dispatchIssuedMail } from '../../templates/email/dispatch-issued';
import { fanOutReminders, sendQueuedReminder } from '../../shared/services/reminder-mail';
import { sendQueuedNotice } from '../../shared/services/queued-notices';

/** How long a message waits in the handler for a send slot before going back to the queue for a second or two. */
const MAX_SLOT_WAIT_MS = 3000;

/** A per-second slot of the account's SES send rate, shared by every concurrent batch (shared/mail/pacing.ts). */
const sendSlot = () =>
  acquireSendSlot(
    { take: (second, max) => takeWithin('send', 'ses', 1, max, new Date(second * 1000)) },
    { nowMs: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
    config().SES_MAX_SEND_RATE,
    MAX_SLOT_WAIT_MS,
  );

/**
 * The mail queue's consumer (functions/queues.ts, MAIL_QUEUE): one e-mail per issue, reminder or resend
 * message (a clerk's reminder or resend of one unit is a reminder-like letter with its own step), or
 * notice message (staff notices, a unit's reset-completion e-mail); a reminder run's fan-out page
 * enqueues the run's reminders.
 */
export const handler = queueHandler('mail', mailMessageSchema, async (message, record) => {
  if (message.kind === 'fanout') return fanOutReminders(message);
  const deps = { mailer: sesMailer, clock: systemClock, sendSlot, render: dispatchIssuedMail, receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? '1') };
  if (message.kind === 'notice') {
    // A staff notice or a unit's reset-completion e-mail: the same pacing and back-off (shared/services/queued-notices.ts).
    const sent = await sendQueuedNotice(message, deps);
    logger.info(`notice ${typeof sent === 'object' ? `later (${sent.reason})` : sent}`, { noticeKind: message.noticeKind, event: message.event });
    return typeof sent === 'object' ? { retryAfterSeconds: sent.retryAfterSeconds } : 'done';
  }
  const outcome = message.kind === 'issue' ? await sendQueuedMail(message, deps) : await sendQueuedReminder(message, deps);
  logger.info(`mail ${typeof outcome === 'object' ? `later (${outcome.reason})` : outcome}`, { kind: message.kind, dispatchId: message.dispatchId, unitId: message.unitId });
  return typeof outcome === 'object' ? { retryAfterSeconds: outcome.retryAfterSeconds } : 'done';
});
