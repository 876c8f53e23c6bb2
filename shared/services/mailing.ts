import { randomUUID } from 'node:crypto';
import { consumers } from '../../functions/consumers';
import { config } from '../config';
import { getDispatch, type DispatchRecord } from '../data/dispatch-repo';
import { claimMail, getRecipient, markMailFailed, markMailSent, releaseForRetry, type RecipientRecord } from '../data/recipient-repo';
import { addDays, endOfVietnamDay, vietnamDate } from '../domain/time';
import { newLinkToken } from '../domain/tokens';
import type { Mailer } from '../mail/mailer';
import type { Clock } from '../runtime';
import { dispatchIssuedMail } from '../../templates/email/dispatch-issued';

/** Our own attempts stop one short of the stream's, so we park the recipient visibly before the DLQ would take it. */
export const MAIL_ATTEMPTS = consumers.find((c) => c.id === 'recipient-mailer')!.maxAttempts - 1;
const LEASE_MS = 2 * 60 * 1000;

/** The last due date of the dispatch (or its issue date) plus the grace period: when its links stop working. */
export function linkExpiry(dispatch: DispatchRecord): Date {
  const dues = dispatch.content.requirements.map((r) => r.dueDate).filter((d): d is string => !!d).sort();
  const last = dues.at(-1) ?? dispatch.issuedOn!;
  const grace = dispatch.content.linkGraceDays ?? config().LINK_GRACE_DAYS;
  return addDays(endOfVietnamDay(last), grace);
}

export type MailOutcome = 'sent' | 'skipped' | 'retry' | 'failed';

/**
 * Sends one recipient's email at most once: claim (with a fresh link token whose hash replaces the old
 * one), send, record. A redelivered or concurrent event finds the claim taken or the email sent and
 * does nothing. A failure releases the claim for the next attempt (`retry`), and the last attempt
 * parks the recipient as `failed`, where clerks see it.
 */
export async function sendRecipientMail(dispatchId: string, unitId: string, deps: { mailer: Mailer; clock: Clock }): Promise<MailOutcome> {
  const [recipient, dispatch] = await Promise.all([getRecipient(dispatchId, unitId), getDispatch(dispatchId)]);
  if (!recipient || !dispatch || dispatch.state !== 'issued') return 'skipped';

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
  if (!claimed) return 'skipped';
  const attempt = recipient.mailAttempts + 1;

  const mail = linkMail(dispatch, recipient, token, expires);

  try {
    const { messageId } = await deps.mailer.send({ to: recipient.email, ...mail });
    await markMailSent({ ...recipient, tokenExpiresAt: expires.toISOString() }, claimId, messageId, {
      at: deps.clock.now().toISOString(),
      actor: 'system:recipient-mailer',
      action: 'mail.sent',
      documentHash: dispatch.pdfSha256,
      details: { unitId, attempt, messageId },
    });
    return 'sent';
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
}

/** The email that carries a unit's link: on issue, and again when a clerk resends it. */
export function linkMail(dispatch: DispatchRecord, recipient: RecipientRecord, token: string, expires: Date, reminder?: { vi: string; en: string }) {
  const dueDates = dispatch.content.requirements.map((r) => r.dueDate).filter((d): d is string => !!d).sort();
  return dispatchIssuedMail({
    unitName: recipient.unitName,
    symbol: dispatch.symbol!,
    issuedOn: dispatch.issuedOn!,
    issuerName: titleCase(dispatch.content.issuer.name),
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

/** "TỔNG CỤC THI HÀNH ÁN DÂN SỰ" → "Tổng cục Thi hành án dân sự" is not derivable by rule, so keep the agency name as
 *  printed but only capitalise the first letter of an all-caps name for running text. */
function titleCase(name: string): string {
  if (name !== name.toUpperCase()) return name;
  const lower = name.toLocaleLowerCase('vi');
  return lower.charAt(0).toLocaleUpperCase('vi') + lower.slice(1);
}
