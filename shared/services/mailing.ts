import { randomUUID } from 'node:crypto';
import { consumers } from '../../functions/consumers';
import { config } from '../config';
import { getDispatch, type DispatchRecord } from '../data/dispatch-repo';
import { claimMail, getRecipient, markMailFailed, markMailSent, releaseForRetry, rememberAccepted, type RecipientRecord } from '../data/recipient-repo';
import { inRunningText } from '../domain/names';
import { addDays, endOfVietnamDay, vietnamDate } from '../domain/time';
import { newLinkToken } from '../domain/tokens';
import type { Mailer } from '../mail/mailer';
import type { Clock } from '../runtime';
import { dispatchIssuedMail } from '../../templates/email/dispatch-issued';

/** Our own attempts stop one short of the stream's, so we park the recipient visibly before the DLQ would take it. */
export const MAIL_ATTEMPTS = consumers.find((c) => c.id === 'recipient-mailer')!.maxAttempts - 1;
const LEASE_MS = 2 * 60 * 1000;

/**
 * When a dispatch's links stop working: the later of its last due date and its issue date, plus the
 * grace period. Never earlier than the issue date plus the grace, whatever the due dates say.
 */
export function linkExpiry(dispatch: DispatchRecord): Date {
  const dates = [...dispatch.content.requirements.map((r) => r.dueDate), dispatch.issuedOn].filter((d): d is string => !!d).sort();
  const last = dates.at(-1)!;
  const grace = dispatch.content.linkGraceDays ?? config().LINK_GRACE_DAYS;
  return addDays(endOfVietnamDay(last), grace);
}

export type MailOutcome = 'sent' | 'skipped' | 'retry' | 'failed';

/**
 * Sends one recipient's email once: claim (with a fresh link token whose hash replaces the old one),
 * send, record. A redelivered or concurrent event finds the claim taken or the email sent and does
 * nothing. A failed send releases the claim for the next attempt (`retry`), and the last attempt
 * parks the recipient as `failed`, where clerks see it.
 *
 * Once SES has accepted the email nothing may send it again: its message id is remembered on the
 * claim first (one item, no contention), then the send is recorded with the counters. If recording
 * fails, the next attempt finds the remembered id and records instead of sending. An attempt that
 * finds another's claim still running asks to be retried rather than counting the recipient as done,
 * so a claim left by a crashed attempt is taken over when its lease runs out, never forgotten.
 */
export async function sendRecipientMail(dispatchId: string, unitId: string, deps: { mailer: Mailer; clock: Clock }): Promise<MailOutcome> {
  const [recipient, dispatch] = await Promise.all([getRecipient(dispatchId, unitId), getDispatch(dispatchId)]);
  if (!recipient || !dispatch || dispatch.state !== 'issued') return 'skipped';
  // Sent on paper: nothing to mail, and not a failure either.
  if (recipient.mailStatus === 'paper' || !recipient.email) return 'skipped';

  if (recipient.mailStatus === 'sending' && recipient.mailClaim && recipient.mailAcceptedId) {
    await recordSent(dispatch, recipient, recipient.mailClaim, recipient.mailAcceptedId, recipient.mailAttempts, deps.clock);
    return 'sent';
  }

  const now = deps.clock.now();
  const expires = linkExpiry(dispatch);
  const { token, hash } = newLinkToken();
  const claimId = randomUUID();
  const claimed = await claimMail({
    recipient,
    claimId,
    now: now.toISOString(),
    leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString(),
    tokenHash: hash,
    tokenExpiresAt: expires.toISOString(),
  });
  if (!claimed) return (await getRecipient(dispatchId, unitId))?.mailStatus === 'sending' ? 'retry' : 'skipped';
  const attempt = recipient.mailAttempts + 1;
  const claimedRecipient = { ...recipient, tokenExpiresAt: expires.toISOString() };

  let messageId: string;
  try {
    ({ messageId } = await deps.mailer.send({ to: recipient.email, ...linkMail(dispatch, recipient, token, expires) }));
  } catch (error) {
    const message = describeError(error);
    if (attempt >= MAIL_ATTEMPTS) {
      await markMailFailed(recipient, claimId, message, {
        at: deps.clock.now().toISOString(),
        actor: 'system:recipient-mailer',
        action: 'mail.failed',
        details: { unitId, attempt, error: message },
      });
      return 'failed';
    }
    await releaseForRetry(recipient, claimId, message);
    return 'retry';
  }

  // Sent: from here on, a failure is retried by recording again, never by sending again.
  if (!(await rememberAccepted(claimedRecipient, claimId, messageId))) return 'skipped';
  await recordSent(dispatch, claimedRecipient, claimId, messageId, attempt, deps.clock);
  return 'sent';
}

async function recordSent(dispatch: DispatchRecord, recipient: RecipientRecord, claimId: string, messageId: string, attempt: number, clock: Clock) {
  await markMailSent(recipient, claimId, messageId, {
    at: clock.now().toISOString(),
    actor: 'system:recipient-mailer',
    action: 'mail.sent',
    documentHash: dispatch.pdfSha256,
    details: { unitId: recipient.unitId, attempt, messageId },
  });
}

/** The email that carries a unit's link: on issue, and again when a clerk resends it. */
export function linkMail(dispatch: DispatchRecord, recipient: RecipientRecord, token: string, expires: Date, reminder?: { vi: string; en: string }) {
  const dueDates = dispatch.content.requirements.map((r) => r.dueDate).filter((d): d is string => !!d).sort();
  return dispatchIssuedMail({
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
  });
}

const describeError = (error: unknown) => {
  const e = error as { name?: string; message?: string };
  return `${e.name ?? 'Error'}: ${e.message ?? String(error)}`.slice(0, 500);
};
