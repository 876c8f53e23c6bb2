import { randomUUID } from 'node:crypto';
import { config } from '../config';
import { claimNotice, finishNotice, getNotice } from '../data/notice-repo';
import { markCompletionMailSent } from '../data/reset-request-repo';
import type { MailContent } from '../domain/mail-content';
import { logger } from '../logger';
import type { Mailer } from '../mail/mailer';
import { backoffSeconds, classifySendError, noSlotDelaySeconds, retryWindowPassed } from '../mail/pacing';
import { BusinessMetric, countBusiness } from '../metrics';
import { mailLeaseMs } from '../queue/mail-lease';
import { enqueueMail, type NoticeMessage } from '../queue/messages';
import type { Clock } from '../runtime';
import type { MailOutcome } from './mailing';

/**
 * E-mails to one person that are not a dispatch's letters (staff notices, shared/services/staff-notices.ts;
 * the unit's "your reset request is done", reset-request-mail.ts) through the mail queue, like every
 * other e-mail: the account's SES rate is shared by all senders, so these take their send slot from the
 * same pacer, wait out the same back-off on throttling or an outage, park in the same dead-letter queue
 * and replay with it. Their producers (stream consumers, the digest job) only render and enqueue.
 *
 * Exactly once per (event, recipient): the notice claim (shared/data/notice-repo.ts), held for the mail
 * queue's visibility timeout, so a crashed attempt's claim runs out when its message comes back. A
 * producer that runs twice (a redelivered stream record) enqueues a copy, which finds the notice sent.
 */
export type QueuedNotice = Omit<NoticeMessage, 'kind' | 'correlationId' | 'queuedAt'>;

/** The event of a unit's reset-completion e-mail (its recipient id is `unit`). */
export const resetDoneEvent = (requestId: string) => `RESETDONE#${requestId}`;
const RESET_DONE_PREFIX = 'RESETDONE#';

/** SQS takes 256 KiB a message; a notice that large (a digest of thousands of dispatches) is refused here, loudly. */
const MAX_MESSAGE_BYTES = 250_000;

export async function enqueueNotice(notice: QueuedNotice, now = new Date()): Promise<void> {
  const message = { kind: 'notice' as const, ...notice, queuedAt: now.toISOString() };
  const bytes = Buffer.byteLength(JSON.stringify(message));
  if (bytes > MAX_MESSAGE_BYTES) throw new Error(`notice ${notice.event} to ${notice.recipientId} is ${bytes} bytes, over the queue's ${MAX_MESSAGE_BYTES}`);
  await enqueueMail([message]);
}

/** True once the notice went out (or was given up for good): the producer need not queue it again. */
export async function noticeSettled(event: string, recipientId: string): Promise<boolean> {
  const state = (await getNotice(event, recipientId))?.state;
  return state === 'sent' || state === 'failed';
}

export interface NoticeSendDeps {
  mailer: Mailer;
  clock: Clock;
  /** Takes a send slot within the account's SES rate (shared/mail/pacing.ts); false: none free now. */
  sendSlot: () => Promise<boolean>;
  random?: () => number;
  receiveCount?: number;
}

/** How soon a notice held by another attempt looks again (it normally ends within seconds). */
const CLAIMED_RECHECK_SECONDS = 5;

const describeError = (error: unknown) => {
  const e = error as { name?: string; message?: string };
  return `${e.name ?? 'Error'}: ${e.message ?? String(error)}`.slice(0, 500);
};

/**
 * The mail queue's consumer for a notice: claim, take a send slot, send, record. No slot: the claim goes
 * back and the message returns in a second or two. Throttled, timed out or SES down: the claim goes back
 * and the message returns after its back-off (full jitter, capped). Refused by SES past the retry
 * window (MAIL_RETRY_WINDOW_SECONDS from when it was queued): recorded as failed, logged, not retried.
 */
export async function sendQueuedNotice(message: NoticeMessage, deps: NoticeSendDeps): Promise<MailOutcome> {
  const { event, recipientId } = message;
  const random = deps.random ?? Math.random;
  const now = deps.clock.now();
  const claim = randomUUID();
  if (!(await claimNotice({ event, personId: recipientId, claim, now, leaseMs: mailLeaseMs(), kind: message.noticeKind }))) {
    const current = await getNotice(event, recipientId);
    if (!current || current.state === 'sent' || current.state === 'failed') return 'skipped';
    const leaseLeft = current.leaseUntil ? Math.max(1, Math.ceil((Date.parse(current.leaseUntil) - now.getTime()) / 1000)) + 1 : CLAIMED_RECHECK_SECONDS;
    return { retryAfterSeconds: Math.min(leaseLeft, CLAIMED_RECHECK_SECONDS), reason: 'claimed' };
  }
  if (!(await deps.sendSlot())) {
    await finishNotice({ event, personId: recipientId, claim });
    countBusiness(BusinessMetric.EmailsThrottled);
    return { retryAfterSeconds: noSlotDelaySeconds(random), reason: 'paced' };
  }
  let messageId: string;
  try {
    ({ messageId } = await deps.mailer.send({ to: message.to, ...(message.mail as MailContent) }));
  } catch (error) {
    const reason = describeError(error);
    const { MAIL_RETRY_WINDOW_SECONDS, MAIL_BACKOFF_BASE_SECONDS, MAIL_BACKOFF_MAX_SECONDS } = config();
    const at = deps.clock.now();
    if (classifySendError(error) === 'refused' && retryWindowPassed(message.queuedAt, at, MAIL_RETRY_WINDOW_SECONDS)) {
      await finishNotice({ event, personId: recipientId, claim, failed: { at: at.toISOString(), error: reason } });
      logger.error('notice not sent: SES refused it past the retry window', { event, recipientId, noticeKind: message.noticeKind, error: reason });
      countBusiness(BusinessMetric.EmailsFailed);
      return 'failed';
    }
    await finishNotice({ event, personId: recipientId, claim });
    countBusiness(BusinessMetric.EmailsThrottled);
    return { retryAfterSeconds: backoffSeconds(deps.receiveCount ?? 1, random, { baseSeconds: MAIL_BACKOFF_BASE_SECONDS, maxSeconds: MAIL_BACKOFF_MAX_SECONDS }), reason: 'backoff' };
  }
  const sentAt = deps.clock.now().toISOString();
  await finishNotice({ event, personId: recipientId, claim, sent: { at: sentAt, messageId } });
  if (event.startsWith(RESET_DONE_PREFIX)) await markCompletionMailSent(event.slice(RESET_DONE_PREFIX.length), sentAt);
  countBusiness(BusinessMetric.EmailsSent);
  return 'sent';
}
