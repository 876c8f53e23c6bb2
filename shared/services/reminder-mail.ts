import { randomUUID } from 'node:crypto';
import { config } from '../config';
import { getDispatch, type DispatchRecord } from '../data/dispatch-repo';
import { listRecipientsPage, type RecipientRecord } from '../data/recipient-repo';
import { claimReminderAttempt, countReminderSkipped, recordReminderEnded, recordReminderSent, releaseReminderAttempt, rememberReminderAccepted } from '../data/reminder-claim-repo';
import { readLetterItems } from '../data/mail-items';
import { advanceFanout, countUnitRunSkipped, getRun, markEnqueued, runKey, runOf } from '../data/reminder-run-repo';
import type { AuditEvent } from '../data/audit';
import { lags, reminderText } from '../domain/reminders';
import { newLinkToken } from '../domain/tokens';
import { backoffSeconds, classifySendError, noSlotDelaySeconds, retryWindowPassed } from '../mail/pacing';
import { mailLeaseMs } from '../queue/mail-lease';
import { enqueueMail, type FanoutMessage, type LetterMessage } from '../queue/messages';
import { linkExpiry, linkMail, type MailDeps, type MailOutcome } from './mailing';
import { BusinessMetric, countBusiness } from '../metrics';

/** Recipients read per fan-out message: one page, a few SQS batch sends, well inside one invocation. */
export const FANOUT_PAGE = 100;
/** How soon a reminder held by another attempt of the same unit looks again. */
const CLAIMED_RECHECK_SECONDS = 5;

/** A mailbox that bounced, and has not accepted an email since, would only bounce the reminder too. */
export const mailboxWorks = (r: RecipientRecord) => !r.bouncedAt || (!!r.deliveredAt && r.deliveredAt > r.bouncedAt);

/** The laggard rule of every reminder: mailed (not on paper), mailbox working, still owing something. */
export const wantsReminder = (r: RecipientRecord, requirements: Parameters<typeof lags>[1]) =>
  r.mailStatus === 'sent' && !!r.email && mailboxWorks(r) && lags(r, requirements);

/**
 * A clerk's resend of a unit's link: the dispatch still issued, the unit mailed (not on paper) and its
 * links not yet expired. Unlike a reminder it asks nothing of the unit's progress or mailbox: the clerk
 * chose to send it (e.g. after the unit said the e-mail was lost).
 */
export const wantsResend = (dispatch: Omit<DispatchRecord, 'stats'>, r: RecipientRecord, now: Date) =>
  dispatch.state === 'issued' && r.mailStatus !== 'paper' && !!r.email && linkExpiry(dispatch).getTime() > now.getTime();

/** The audit action of a letter that went out: a reminder, or a clerk's resend of the link. */
const SENT_ACTION = { reminder: 'reminder.sent', resend: 'link.resent' } as const;

/**
 * One page of a run's fan-out: a `reminder` message per laggard of the page, then the run moves past
 * the page (counting what was enqueued) and the next page's message goes out. Resumable and safe to
 * repeat: the run moves only from the page it stands at, so a redelivered page counts nothing twice,
 * and the reminders it enqueues again find their step claimed or done (never a second e-mail).
 */
export async function fanOutReminders(message: FanoutMessage): Promise<'done'> {
  const { dispatchId, step, cursor } = message;
  const [dispatch, run] = await Promise.all([getDispatch(dispatchId), getRun(dispatchId, step)]);
  if (!dispatch || !run || run.fannedOut) return 'done';
  // Recalled or closed since the run started: nothing more to enqueue; the run leaves the stalled-run index.
  if (dispatch.state !== 'issued' || dispatch.closedAt) {
    await markEnqueued(dispatchId, step);
    return 'done';
  }
  const page = await listRecipientsPage(dispatchId, { limit: FANOUT_PAGE, ...(cursor ? { cursor } : {}) });
  const laggards = page.items.filter((r) => wantsReminder(r, dispatch.content.requirements) && !r.remindedSteps?.has(step));
  if (laggards.length) await enqueueMail(laggards.map((r) => ({ kind: 'reminder' as const, dispatchId, unitId: r.unitId, step })), message.correlationId);
  const moved = await advanceFanout(dispatchId, step, cursor, page.cursor, laggards.map((r) => r.unitId));
  // Not moved: this page was done before (a redelivery). Its next page is sent again only when the run
  // still stands there (the earlier attempt may have stopped before sending it); a copy is harmless.
  const next = moved ? page.cursor : (await getRun(dispatchId, step))?.cursor === page.cursor ? page.cursor : undefined;
  if (next) await enqueueMail([{ kind: 'fanout', dispatchId, step, cursor: next }], message.correlationId);
  return 'done';
}

const describeError = (error: unknown) => {
  const e = error as { name?: string; message?: string };
  return `${e.name ?? 'Error'}: ${e.message ?? String(error)}`.slice(0, 500);
};

/**
 * One unit's reminder of one step, at most one e-mail (the mail queue's consumer, kind `reminder`):
 * claim the step with a lease and a fresh link (the unit's older links keep working), take a send slot,
 * send, and once SES accepted, record the step as sent: the new link becomes the only one. An attempt
 * that does not send gives its claim and its link back: a throttled or failing SES only delays, retried
 * with back-off through the queue, until the run is MAIL_RETRY_WINDOW_SECONDS old; a refusal after that
 * ends the step as failed. A unit that no longer lags (acknowledged, reported) is skipped, once.
 */
export async function sendQueuedReminder(message: LetterMessage, deps: MailDeps & { receiveCount?: number }): Promise<MailOutcome> {
  const { dispatchId, unitId, step } = message;
  const random = deps.random ?? Math.random;
  // A clerk's resend, or a "remind" of one unit: counted on that unit's own run (shared/data/reminder-run-repo.ts).
  const resend = message.kind === 'resend';
  const unitRun = resend || message.scope === 'unit';
  // The dispatch, the recipient, the run and the unit's audit chain head: one BatchGet.
  const { recipient, dispatch, auditHead, extra } = await readLetterItems(dispatchId, unitId, [runKey(dispatchId, step, unitRun ? unitId : undefined)]);
  const run = extra[0] ? runOf(extra[0]) : undefined;
  if (!recipient || !dispatch || !run) return 'skipped';
  if (recipient.remindedSteps?.has(step)) {
    // Done already: by a copy of this message (counted then), or by another run of the same step (a
    // clerk's "remind" of the unit and the same minute's "remind all"): counted as skipped on this run, once.
    if (unitRun) await countUnitRunSkipped(dispatchId, step, unitId);
    else if (!recipient.remindCountedSteps?.has(step)) await countReminderSkipped(recipient, step);
    return 'skipped';
  }
  const audit = (action: string, details: Record<string, unknown> = {}): AuditEvent => ({
    actor: run.actor,
    ...(run.actorName ? { actorName: run.actorName } : {}),
    at: deps.clock.now().toISOString(),
    action,
    ...(resend && action === SENT_ACTION.resend && dispatch.pdfSha256 ? { documentHash: dispatch.pdfSha256 } : {}),
    details: { unitId, step, ...details },
  });
  const sentAction = resend ? SENT_ACTION.resend : SENT_ACTION.reminder;
  const expires = linkExpiry(dispatch);

  // SES accepted an earlier attempt of this step that could not record it: record, never send again.
  if (recipient.remindClaim && recipient.remindStep === step && recipient.remindAcceptedId && recipient.remindHash) {
    await recordReminderSent({ recipient, step, claimId: recipient.remindClaim, tokenHash: recipient.remindHash, tokenExpiresAt: expires.toISOString(), messageId: recipient.remindAcceptedId, audit: audit(sentAction, { messageId: recipient.remindAcceptedId }), unitRun, head: auditHead });
    return 'sent';
  }
  const now = deps.clock.now();
  // A copy of a letter that is waiting out a back-off (the sweeper's, or a redelivery): it waits too.
  if (recipient.remindRetryStep === step && recipient.remindRetryAt && recipient.remindRetryAt > now.toISOString()) {
    return { retryAfterSeconds: Math.max(1, Math.ceil((Date.parse(recipient.remindRetryAt) - now.getTime()) / 1000)), reason: 'backoff' };
  }
  if (recipient.remindClaim && recipient.remindLeaseUntil && recipient.remindLeaseUntil >= now.toISOString()) {
    // Another attempt holds this unit (a copy of this message, or another step's): it normally ends
    // within seconds, so look again soon rather than at the end of its lease (which a crash would need).
    const leaseLeft = Math.max(1, Math.ceil((Date.parse(recipient.remindLeaseUntil) - now.getTime()) / 1000)) + 1;
    return { retryAfterSeconds: Math.min(leaseLeft, CLAIMED_RECHECK_SECONDS), reason: 'claimed' };
  }
  const wanted = resend ? wantsResend(dispatch, recipient, now) : dispatch.state === 'issued' && !dispatch.closedAt && wantsReminder(recipient, dispatch.content.requirements);
  if (!wanted) {
    await recordReminderEnded({ recipient, step, outcome: 'skipped', unitRun });
    return 'skipped';
  }

  const { token, hash } = newLinkToken();
  const claimId = randomUUID();
  const claimed = await claimReminderAttempt({
    recipient,
    step,
    claimId,
    now: now.toISOString(),
    leaseUntil: new Date(now.getTime() + mailLeaseMs()).toISOString(),
    tokenHash: hash,
    tokenExpiresAt: expires.toISOString(),
  });
  if (!claimed) return { retryAfterSeconds: noSlotDelaySeconds(random), reason: 'claimed' };

  const retryAt = (seconds: number) => ({ step, at: new Date(deps.clock.now().getTime() + seconds * 1000).toISOString() });
  if (!(await deps.sendSlot())) {
    const retryAfterSeconds = noSlotDelaySeconds(random);
    await releaseReminderAttempt(recipient, claimId, hash, retryAt(retryAfterSeconds));
    countBusiness(BusinessMetric.EmailsThrottled);
    return { retryAfterSeconds, reason: 'paced' };
  }

  let messageId: string;
  try {
    ({ messageId } = await deps.mailer.send({ to: recipient.email, ...deps.render(linkMail(dispatch, recipient, token, expires, resend ? undefined : reminderText(step))) }));
  } catch (error) {
    const reason = describeError(error);
    const { MAIL_RETRY_WINDOW_SECONDS, MAIL_BACKOFF_BASE_SECONDS, MAIL_BACKOFF_MAX_SECONDS } = config();
    if (classifySendError(error) === 'refused' && retryWindowPassed(run.createdAt, deps.clock.now(), MAIL_RETRY_WINDOW_SECONDS)) {
      await recordReminderEnded({ recipient, step, outcome: 'failed', claim: { claimId, tokenHash: hash }, audit: audit(resend ? 'mail.failed' : 'reminder.failed', { error: reason }), unitRun });
      countBusiness(BusinessMetric.EmailsFailed);
      return 'failed';
    }
    // The exponent counts SES's failures of this step only, not the receives spent waiting for a send slot.
    const retryAfterSeconds = backoffSeconds((recipient.remindFailures ?? 0) + 1, random, { baseSeconds: MAIL_BACKOFF_BASE_SECONDS, maxSeconds: MAIL_BACKOFF_MAX_SECONDS });
    // No answer from SES at all (a timeout, a dropped connection): it may have accepted the e-mail, whose link must keep working.
    const answered = !!(error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
    await releaseReminderAttempt(recipient, claimId, hash, retryAt(retryAfterSeconds), !answered, true);
    countBusiness(BusinessMetric.EmailsThrottled);
    return { retryAfterSeconds, reason: 'backoff' };
  }

  // Accepted: from here on a failure is retried by recording again, never by sending again. Recorded at
  // once; if that does not go through at the first try (the run's counter contended, a timeout), the
  // accepted id is remembered on the claim first, then recording is tried again (as sendQueuedMail).
  const claimedRecipient = { ...recipient, linkHashes: new Set([...(recipient.linkHashes ?? [])]) };
  const record = (first: boolean) =>
    recordReminderSent({ recipient: claimedRecipient, step, claimId, tokenHash: hash, tokenExpiresAt: expires.toISOString(), messageId, audit: audit(sentAction, { messageId }), unitRun, ...(first ? { head: auditHead, attempts: 1 } : {}) });
  let recorded: boolean;
  try {
    recorded = await record(true);
  } catch {
    if (!(await rememberReminderAccepted(recipient, claimId, messageId))) return 'skipped';
    recorded = await record(false);
  }
  if (!recorded) return 'skipped';
  countBusiness(BusinessMetric.EmailsSent);
  return 'sent';
}
