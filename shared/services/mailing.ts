import { randomUUID } from 'node:crypto';
import { config } from '../config';
import type { KnownHead } from '../data/audit';
import type { DispatchRecord } from '../data/dispatch-repo';
import { readLetterItems } from '../data/mail-items';
import { claimMail, getRecipient, markMailFailed, markMailSent, releaseForRetry, rememberAccepted, type RecipientRecord } from '../data/recipient-repo';
import { inRunningText } from '../domain/names';
import { addDays, endOfVietnamDay, vietnamDate } from '../domain/time';
import { newLinkToken } from '../domain/tokens';
import type { DispatchIssuedMail, DispatchMailRenderer } from '../domain/mail-content';
import type { Mailer } from '../mail/mailer';
import { backoffSeconds, classifySendError, noSlotDelaySeconds, retryWindowPassed } from '../mail/pacing';
import { mailLeaseMs } from '../queue/mail-lease';
import type { LetterMessage } from '../queue/messages';
import type { Clock } from '../runtime';
import { BusinessMetric, countBusiness } from '../metrics';


/**
 * When a dispatch's links stop working: the later of its last due date and its issue date, plus the
 * grace period. Never earlier than the issue date plus the grace, whatever the due dates say.
 */
export function linkExpiry(dispatch: Omit<DispatchRecord, 'stats'>): Date {
  const dates = [...dispatch.content.requirements.map((r) => r.dueDate), dispatch.issuedOn].filter((d): d is string => !!d).sort();
  const last = dates.at(-1)!;
  const grace = dispatch.content.linkGraceDays ?? config().LINK_GRACE_DAYS;
  return addDays(endOfVietnamDay(last), grace);
}

export type MailOutcome = 'sent' | 'skipped' | { retryAfterSeconds: number; reason: 'paced' | 'claimed' | 'backoff' } | 'failed';

export interface MailDeps {
  mailer: Mailer;
  clock: Clock;
  /** Takes a send slot within the account's SES rate (shared/mail/pacing.ts); false: none free now. */
  sendSlot: () => Promise<boolean>;
  /** Renders the link's e-mail (templates/email/dispatch-issued.ts, passed in by the edge). */
  render: DispatchMailRenderer;
  random?: () => number;
}

/**
 * Sends one recipient's e-mail of one step once (the mail queue's consumer, one message each):
 * claim (minting this attempt's own link), take a send slot, send, record. A redelivered, re-enqueued
 * or concurrent message finds the claim taken or the e-mail sent and does nothing more.
 *
 * Once SES has accepted the e-mail nothing may send it again: the send is recorded with the counters at
 * once; if that transaction does not go through on its first try (a contended counter shard, a timeout),
 * the message id is remembered on the claim (one item, no contention) before recording is tried again,
 * so the next attempt finds the remembered id and records instead of sending. Either way one write
 * stands between SES's answer and a durable trace of it.
 *
 * Round trips of an e-mail sent at the first try: one BatchGet (dispatch, recipient, audit chain head),
 * the claim's transaction, the send slot, the send, the record's transaction.
 *
 * A failed send releases the claim with a back-off (full jitter, capped) that the message waits out
 * hidden in the queue. Throttling, timeouts and SES 5xx only delay; a refusal parks the recipient as
 * `failed` (visible to clerks, audited) once its first attempt is older than MAIL_RETRY_WINDOW_SECONDS.
 * An attempt that finds another's claim still running comes back when that claim's lease runs out: the
 * lease is the queue's visibility timeout, so a claim left by a crashed attempt (kill -9 between any
 * two lines) runs out exactly when that attempt's message reappears, and is taken over then.
 */
export async function sendQueuedMail(message: LetterMessage, deps: MailDeps): Promise<MailOutcome> {
  const { dispatchId, unitId } = message;
  const random = deps.random ?? Math.random;
  const { recipient, dispatch, auditHead } = await readLetterItems(dispatchId, unitId);
  if (!recipient || !dispatch || dispatch.state !== 'issued') return 'skipped';
  // Sent on paper: nothing to mail, and not a failure either.
  if (recipient.mailStatus === 'paper' || !recipient.email) return 'skipped';
  // Only the issue step goes through here so far; reminders and resends keep their own path.
  if (message.step !== 'issue') return 'skipped';

  if (recipient.mailStatus === 'sending' && recipient.mailClaim && recipient.mailAcceptedId) {
    await recordSent(dispatch, recipient, recipient.mailClaim, recipient.mailAcceptedId, recipient.mailAttempts, deps.clock, auditHead);
    countBusiness(BusinessMetric.EmailsSent);
    return 'sent';
  }
  const now = deps.clock.now();
  const waitFor = (until: string | undefined) => Math.max(1, Math.ceil(((until ? Date.parse(until) : now.getTime()) - now.getTime()) / 1000));
  if (recipient.mailStatus === 'sending' && recipient.leaseUntil && recipient.leaseUntil >= now.toISOString()) {
    return { retryAfterSeconds: waitFor(recipient.leaseUntil) + 1, reason: 'claimed' };
  }
  if (recipient.mailStatus === 'retrying' && recipient.retryAt && recipient.retryAt > now.toISOString()) {
    return { retryAfterSeconds: waitFor(recipient.retryAt), reason: 'backoff' };
  }
  if (!['queued', 'retrying', 'sending'].includes(recipient.mailStatus)) return 'skipped';

  const expires = linkExpiry(dispatch);
  const { token, hash } = newLinkToken();
  const claimId = randomUUID();
  const claimedAt = deps.clock.now();
  const claimed = await claimMail({
    recipient,
    claimId,
    now: claimedAt.toISOString(),
    leaseUntil: new Date(claimedAt.getTime() + mailLeaseMs()).toISOString(),
    tokenHash: hash,
    tokenExpiresAt: expires.toISOString(),
  });
  if (!claimed) {
    const current = await getRecipient(dispatchId, unitId);
    if (current?.mailStatus === 'sending') return { retryAfterSeconds: waitFor(current.leaseUntil) + 1, reason: 'claimed' };
    if (current?.mailStatus === 'retrying') return { retryAfterSeconds: waitFor(current.retryAt), reason: 'backoff' };
    return 'skipped';
  }
  const attempt = recipient.mailAttempts + 1;
  const firstAttemptAt = recipient.firstAttemptAt ?? claimedAt.toISOString();
  const claimedRecipient = { ...recipient, tokenExpiresAt: expires.toISOString() };

  // The send slot right before the send, so the rate holds at SES's side, not only where slots are
  // counted (taken before the claim, the claims' transaction times bunched sends from two seconds into
  // one). No slot within the wait: give the claim back and come again in a second or two.
  if (!(await deps.sendSlot())) {
    const retryAfterSeconds = noSlotDelaySeconds(random);
    await releaseForRetry(recipient, claimId, recipient.mailLastError ?? 'paced: no send slot', new Date(deps.clock.now().getTime() + retryAfterSeconds * 1000).toISOString());
    countBusiness(BusinessMetric.EmailsThrottled);
    return { retryAfterSeconds, reason: 'paced' };
  }

  let messageId: string;
  try {
    ({ messageId } = await deps.mailer.send({ to: recipient.email, ...deps.render(linkMail(dispatch, recipient, token, expires)) }));
  } catch (error) {
    const message = describeError(error);
    const { MAIL_RETRY_WINDOW_SECONDS, MAIL_BACKOFF_BASE_SECONDS, MAIL_BACKOFF_MAX_SECONDS } = config();
    const kind = classifySendError(error);
    const at = deps.clock.now();
    if (kind === 'refused' && retryWindowPassed(firstAttemptAt, at, MAIL_RETRY_WINDOW_SECONDS)) {
      await markMailFailed(recipient, claimId, message, {
        at: at.toISOString(),
        actor: 'system:recipient-mailer',
        action: 'mail.failed',
        details: { unitId, attempt, error: message },
      });
      countBusiness(BusinessMetric.EmailsFailed);
      return 'failed';
    }
    // Throttled or failed for now: SES's throttling and transient faults, or a refusal still in its retry window.
    countBusiness(BusinessMetric.EmailsThrottled);
    // The exponent counts SES's failures only, not the claims given back for want of a send slot.
    const retryAfterSeconds = backoffSeconds((recipient.mailFailures ?? 0) + 1, random, { baseSeconds: MAIL_BACKOFF_BASE_SECONDS, maxSeconds: MAIL_BACKOFF_MAX_SECONDS });
    await releaseForRetry(recipient, claimId, message, new Date(at.getTime() + retryAfterSeconds * 1000).toISOString(), true);
    return { retryAfterSeconds, reason: 'backoff' };
  }

  // Sent: from here on, a failure is retried by recording again, never by sending again.
  let recorded: 'applied' | 'refused' | undefined;
  try {
    recorded = await recordSent(dispatch, claimedRecipient, claimId, messageId, attempt, deps.clock, auditHead, 1);
  } catch {
    // Not recorded at the first try: remembered on the claim first, then recorded with retries.
    if (!(await rememberAccepted(claimedRecipient, claimId, messageId))) return 'skipped';
    recorded = await recordSent(dispatch, claimedRecipient, claimId, messageId, attempt, deps.clock);
  }
  // Refused: the claim was taken over after its lease ran out; the other attempt owns the outcome.
  if (recorded === 'refused') return 'skipped';
  countBusiness(BusinessMetric.EmailsSent);
  return 'sent';
}

function recordSent(dispatch: Omit<DispatchRecord, 'stats'>, recipient: RecipientRecord, claimId: string, messageId: string, attempt: number, clock: Clock, head?: KnownHead, attempts?: number) {
  return markMailSent(
    recipient,
    claimId,
    messageId,
    {
      at: clock.now().toISOString(),
      actor: 'system:recipient-mailer',
      action: 'mail.sent',
      documentHash: dispatch.pdfSha256,
      details: { unitId: recipient.unitId, attempt, messageId },
    },
    { ...(head ? { head } : {}), ...(attempts ? { attempts } : {}) },
  );
}

/** What the e-mail carrying a unit's link says: on issue, a reminder, and again when a clerk resends it. */
export function linkMail(dispatch: Omit<DispatchRecord, 'stats'>, recipient: RecipientRecord, token: string, expires: Date, reminder?: { vi: string; en: string }): DispatchIssuedMail {
  const dueDates = dispatch.content.requirements.map((r) => r.dueDate).filter((d): d is string => !!d).sort();
  return {
    unitName: recipient.unitName,
    symbol: dispatch.symbol!,
    issuedOn: dispatch.issuedOn!,
    issuerName: inRunningText(dispatch.content.issuer.name),
    subject: dispatch.content.subject,
    role: recipient.role,
    link: `${config().PUBLIC_BASE_URL}/l/${token}`,
    linkExpiresOn: vietnamDate(expires),
    ...(dueDates[0] ? { dueDate: dueDates[0] } : {}),
    ...(reminder ? { reminder } : {}),
  };
}

const describeError = (error: unknown) => {
  const e = error as { name?: string; message?: string };
  return `${e.name ?? 'Error'}: ${e.message ?? String(error)}`.slice(0, 500);
};
