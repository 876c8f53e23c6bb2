import { config } from '../config';
import { getDispatch, type DispatchRecord } from '../data/dispatch-repo';
import { findLink } from '../data/link-repo';
import { countWithin } from '../data/rate-limit-repo';
import { getRecipient, type RecipientRecord } from '../data/recipient-repo';
import { hashToken, looksLikeToken, sameHash } from '../domain/tokens';
import { AppError } from '../errors';

/**
 * Who a link request acts for: derived from the token alone (path on the first request, cookie
 * after), never from an id in a URL or form, so one unit's link can reach only its own record.
 */
export interface LinkSession {
  token: string;
  tokenHash: string;
  dispatch: DispatchRecord;
  recipient: RecipientRecord;
  expiresAt: Date;
}

export const rateLimited = () =>
  new AppError('rate_limited', { vi: 'Quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.', en: 'Too many requests. Please try again in a few minutes.' });

const WINDOW_SECONDS = 60;

/**
 * Resolves a token to its unit's session, or `undefined` for any token that is malformed, unknown,
 * expired, revoked or for a dispatch no longer issued: the caller shows one and the same page for all.
 * The source address is counted first, before the token is even looked at (one conditional update,
 * so guessing is limited and a flood past the limit costs one cheap refused write a request). The
 * token is counted only once it names a link: random tokens leave no counter items behind.
 */
export async function resolveLink(token: string | undefined, sourceIp: string, now: Date): Promise<LinkSession | undefined> {
  const { LINK_RATE_PER_IP, LINK_RATE_PER_TOKEN } = config();
  if (!(await countWithin('ip', sourceIp, WINDOW_SECONDS, LINK_RATE_PER_IP, now))) throw rateLimited();
  if (!token || !looksLikeToken(token)) return undefined;
  const tokenHash = hashToken(token);
  const link = await findLink(tokenHash);
  if (!link) return undefined;
  if (!(await countWithin('token', tokenHash, WINDOW_SECONDS, LINK_RATE_PER_TOKEN, now))) throw rateLimited();
  const expiresAt = new Date(link.tokenExpiresAt);
  if (!(expiresAt.getTime() > now.getTime())) return undefined;
  const [dispatch, recipient] = await Promise.all([getDispatch(link.dispatchId), getRecipient(link.dispatchId, link.unitId)]);
  if (!dispatch || dispatch.state !== 'issued' || !recipient) return undefined;
  // The recipient names its working links (the newest, and every copy of the current step's e-mail);
  // a revoked or replaced link item that lingers is refused here.
  if (!worksFor(recipient, tokenHash)) return undefined;
  return { token, tokenHash, dispatch, recipient, expiresAt };
}

/** Whether the recipient still names this link hash as one that works. */
function worksFor(recipient: RecipientRecord, tokenHash: string): boolean {
  if (recipient.tokenHash && sameHash(recipient.tokenHash, tokenHash)) return true;
  return [...(recipient.linkHashes ?? [])].some((h) => sameHash(h, tokenHash));
}
