import { config } from '../config';
import { headHintOf, type KnownHead } from '../data/audit';
import { batchGetAll } from '../data/batch-get';
import { dispatchFromItem, type DispatchRecord } from '../data/dispatch-repo';
import { keys, recipientChain } from '../data/keys';
import { linkUseGuard, linkUseOf, useLink, type LinkRecord } from '../data/link-repo';
import type { TransactItem } from '../data/transact';
import type { LinkHint } from '../domain/link-session';
import { countWithin } from '../data/rate-limit-repo';
import { recipientFromItem, type RecipientRecord } from '../data/recipient-repo';
import { hashToken, looksLikeToken, sameHash } from '../domain/tokens';
import { AppError } from '../errors';
import { BusinessMetric, countBusiness } from '../metrics';

/**
 * Who a link request acts for: derived from the token alone (path on the first request, cookie
 * after), never from an id in a URL or form, so one unit's link can reach only its own record.
 */
export interface LinkSession {
  token: string;
  tokenHash: string;
  /** The dispatch as the link needs it: its counters are not read (see shared/data/stats-repo.ts). */
  dispatch: Omit<DispatchRecord, 'stats'>;
  recipient: RecipientRecord;
  expiresAt: Date;
  /** For a form's post: the head of the unit's audit chain as copied on the recipient item, so the step's transaction need not read it (absent: it is read). */
  auditHead?: KnownHead;
  /**
   * For a form's post read with the cookie's hint: this request's use of the link, not counted yet. The
   * step's transaction carries it (a guard: over the limit or revoked, the step is cancelled), and
   * whatever does not write counts it apart (countLinkUse), so every request is counted once.
   */
  uncountedUse?: TransactItem;
}

export const rateLimited = () =>
  new AppError('rate_limited', { vi: 'Quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.', en: 'Too many requests. Please try again in a few minutes.' });

const WINDOW_SECONDS = 60;

/**
 * Resolves a token to its unit's session, or `undefined` for any token that is malformed, unknown,
 * expired, revoked or for a dispatch no longer issued: the caller shows one and the same page for all.
 *
 * Three DynamoDB calls for a working link (issue 10 counted ten an acknowledgment):
 * 1. the link lookup, which also counts the token on the link item itself (random tokens leave nothing
 *    behind; a token over its limit gets 429);
 * 2. the dispatch and the recipient (which carries a copy of the unit's audit chain head, for a post) in one
 *    strongly consistent BatchGet;
 * 3. the caller's own write, if any.
 * A form's post whose cookies carry the dispatch/unit hint makes two: the link item is read in the
 * BatchGet with the rest (and must name the hinted dispatch and unit, else the request goes the way
 * above), and its use is counted by the step's own transaction (`uncountedUse`, a guard on its limit).
 * The source address is counted only for what is not a working link (malformed or unknown tokens): that
 * limit is there to bound guessing, which a token that names a link is not; those are bounded by their
 * own count. Past the address's limit the answer is 429, and a flood past it costs a refused write a
 * request (the edge's rate rule stops floods before they reach here).
 */
export async function resolveLink(token: string | undefined, sourceIp: string, now: Date, options: ResolveOptions = {}): Promise<LinkSession | undefined> {
  // Every refusal is counted here, where it is decided: the dashboard's link rejections and the 429 storm alarm.
  try {
    const session = await findLinkSession(token, sourceIp, now, options);
    if (!session) countBusiness(BusinessMetric.LinkBadToken);
    return session;
  } catch (error) {
    if (error instanceof AppError && error.code === 'rate_limited') countBusiness(BusinessMetric.LinkRateLimited);
    throw error;
  }
}

export interface ResolveOptions {
  /** A form's post: its audit chain head is taken from the recipient's copy (read otherwise by the step). */
  forAction?: boolean;
  /** The cookie's dispatch/unit hint (a post only): the link item is read with the rest, its use counted by the step. */
  hint?: LinkHint | undefined;
}

async function findLinkSession(token: string | undefined, sourceIp: string, now: Date, options: ResolveOptions): Promise<LinkSession | undefined> {
  const { LINK_RATE_PER_IP, LINK_RATE_PER_TOKEN } = config();
  const tokenHash = token && looksLikeToken(token) ? hashToken(token) : undefined;
  if (token && tokenHash && options.forAction && options.hint) {
    const read = await readWithLink(tokenHash, options.hint, now);
    if (read === 'unknown') {
      if (!(await countWithin('ip', sourceIp, WINDOW_SECONDS, LINK_RATE_PER_IP, now))) throw rateLimited();
      return undefined;
    }
    // A hint that names another dispatch or unit than the link item does is ignored: the ordinary way below.
    if (read !== 'mismatch') {
      if (read.used >= LINK_RATE_PER_TOKEN) throw rateLimited();
      const session = sessionOf(token, tokenHash, read.link, read.items, now);
      if (!session) {
        // Refused all the same, but counted as useLink would have counted it.
        if ((await useLink(tokenHash, WINDOW_SECONDS, LINK_RATE_PER_TOKEN, now)) === 'limited') throw rateLimited();
        return undefined;
      }
      return { ...session, uncountedUse: linkUseGuard(tokenHash, read.stale, WINDOW_SECONDS, LINK_RATE_PER_TOKEN, now) };
    }
  }
  const use = tokenHash ? await useLink(tokenHash, WINDOW_SECONDS, LINK_RATE_PER_TOKEN, now) : 'unknown';
  if (use === 'limited') throw rateLimited();
  if (use === 'unknown') {
    if (!(await countWithin('ip', sourceIp, WINDOW_SECONDS, LINK_RATE_PER_IP, now))) throw rateLimited();
    return undefined;
  }
  if (!token || !tokenHash) return undefined;
  if (!token || !tokenHash) return undefined;
  const items = await readSessionItems(use.link, options.forAction ?? false);
  return sessionOf(token, tokenHash, use.link, items, now);
}

/** The session a link and its items make, or undefined when the link no longer works. */
function sessionOf(token: string, tokenHash: string, link: LinkRecord, items: SessionItems, now: Date): LinkSession | undefined {
  const expiresAt = new Date(link.tokenExpiresAt);
  if (!(expiresAt.getTime() > now.getTime())) return undefined;
  const { dispatch, recipient, auditHead } = items;
  if (!dispatch || dispatch.state !== 'issued' || !recipient) return undefined;
  // The recipient names its working links (the newest, and every copy of the current step's e-mail);
  // a revoked or replaced link item that lingers is refused here.
  if (!worksFor(recipient, tokenHash)) return undefined;
  return { token, tokenHash, dispatch, recipient, expiresAt, ...(auditHead ? { auditHead } : {}) };
}

interface SessionItems {
  dispatch: Omit<DispatchRecord, 'stats'> | undefined;
  recipient: RecipientRecord | undefined;
  auditHead: KnownHead | undefined;
}

const sessionKeys = (at: LinkHint) => ({
  dispatch: keys.dispatch(at.dispatchId),
  recipient: keys.recipient(at.dispatchId, at.unitId),
});

/**
 * The dispatch and the recipient: one BatchGet, both in the dispatch's partition. For a post, the unit's
 * audit chain head comes with the recipient item, which carries a copy of it (shared/data/audit.ts
 * mirrorHead): the head item is read only when the recipient has no copy yet.
 */
async function readSessionItems(link: LinkRecord, withHead: boolean): Promise<SessionItems> {
  const wanted = sessionKeys(link);
  const found = await batchRead([wanted.dispatch, wanted.recipient]);
  return sessionItemsOf(link, found, withHead);
}

/**
 * A form's post with the cookie's hint: the link item (by the token's hash) with the hinted dispatch
 * and recipient (and so the head's copy), in one BatchGet. The hint is trusted for nothing: unless the
 * link item names the same dispatch and unit, the rest is thrown away (`mismatch`).
 */
async function readWithLink(tokenHash: string, hint: LinkHint, now: Date) {
  const wanted = sessionKeys(hint);
  const linkKey = keys.link(tokenHash);
  const found = await batchRead([linkKey, wanted.dispatch, wanted.recipient]);
  const linkItem = found.get(`${linkKey.PK}\u0000${linkKey.SK}`);
  if (!linkItem) return 'unknown' as const;
  const { link, used, stale } = linkUseOf(linkItem, WINDOW_SECONDS, now);
  if (link.dispatchId !== hint.dispatchId || link.unitId !== hint.unitId) return 'mismatch' as const;
  return { link, used, stale, items: sessionItemsOf(link, found, true) };
}

function sessionItemsOf(link: LinkHint, found: Map<string, Record<string, unknown>>, withHead: boolean): SessionItems {
  const wanted = sessionKeys(link);
  const at = (key: { PK: string; SK: string }) => found.get(`${key.PK}\u0000${key.SK}`);
  const dispatchItem = at(wanted.dispatch);
  const recipientItem = at(wanted.recipient);
  return {
    dispatch: dispatchItem ? dispatchFromItem(dispatchItem) : undefined,
    recipient: recipientItem ? recipientFromItem(recipientItem) : undefined,
    auditHead: withHead ? headHintOf(wanted.dispatch.PK, recipientChain(link.unitId), recipientItem) : undefined,
  };
}

/** Strongly consistent BatchGet of a few keys (shared/data/batch-get.ts retries the unprocessed ones), by `PK\0SK`. */
async function batchRead(wanted: { PK: string; SK: string }[]): Promise<Map<string, Record<string, unknown>>> {
  const items = await batchGetAll(wanted, { consistentRead: true });
  return new Map(items.map((item) => [`${String(item['PK'])}\u0000${String(item['SK'])}`, item]));
}

/**
 * Counts a request whose use the step did not count in its own transaction (it wrote nothing, or its
 * guard refused it): `limited` when the link is over its limit, `gone` when it was revoked or replaced
 * meanwhile, `counted` otherwise.
 */
export async function countLinkUse(s: LinkSession, now: Date): Promise<'counted' | 'limited' | 'gone'> {
  const use = await useLink(s.tokenHash, WINDOW_SECONDS, config().LINK_RATE_PER_TOKEN, now);
  if (use === 'limited') {
    countBusiness(BusinessMetric.LinkRateLimited);
    return 'limited';
  }
  return use === 'unknown' ? 'gone' : 'counted';
}

/** Whether the recipient still names this link hash as one that works. */
function worksFor(recipient: RecipientRecord, tokenHash: string): boolean {
  if (recipient.tokenHash && sameHash(recipient.tokenHash, tokenHash)) return true;
  return [...(recipient.linkHashes ?? [])].some((h) => sameHash(h, tokenHash));
}
