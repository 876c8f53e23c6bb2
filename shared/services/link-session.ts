import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { auditHeadKey, type KnownHead } from '../data/audit';
import { db, tableName } from '../data/client';
import { dispatchFromItem, type DispatchRecord } from '../data/dispatch-repo';
import { keys, recipientChain } from '../data/keys';
import { useLink, type LinkRecord } from '../data/link-repo';
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
  /** For a form's post: the head of the unit's audit chain, read with the rest, so the step's transaction need not read it again. */
  auditHead?: KnownHead;
}

export const rateLimited = () =>
  new AppError('rate_limited', { vi: 'Quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.', en: 'Too many requests. Please try again in a few minutes.' });

const WINDOW_SECONDS = 60;

/**
 * Resolves a token to its unit's session, or `undefined` for any token that is malformed, unknown,
 * expired, revoked or for a dispatch no longer issued: the caller shows one and the same page for all.
 *
 * Three DynamoDB calls for a working link, whatever the request (issue 10 counted ten an acknowledgment):
 * 1. the link lookup, which also counts the token on the link item itself (random tokens leave nothing
 *    behind; a token over its limit gets 429);
 * 2. the dispatch and the recipient (and, for a form's post, the unit's audit chain head) in one
 *    strongly consistent BatchGet;
 * 3. the caller's own write, if any.
 * The source address is counted only for what is not a working link (malformed or unknown tokens): that
 * limit is there to bound guessing, which a token that names a link is not; those are bounded by their
 * own count. Past the address's limit the answer is 429, and a flood past it costs a refused write a
 * request (the edge's rate rule stops floods before they reach here).
 */
export async function resolveLink(token: string | undefined, sourceIp: string, now: Date, options: { forAction?: boolean } = {}): Promise<LinkSession | undefined> {
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

async function findLinkSession(token: string | undefined, sourceIp: string, now: Date, options: { forAction?: boolean }): Promise<LinkSession | undefined> {
  const { LINK_RATE_PER_IP, LINK_RATE_PER_TOKEN } = config();
  const tokenHash = token && looksLikeToken(token) ? hashToken(token) : undefined;
  const use = tokenHash ? await useLink(tokenHash, WINDOW_SECONDS, LINK_RATE_PER_TOKEN, now) : 'unknown';
  if (use === 'limited') throw rateLimited();
  if (use === 'unknown') {
    if (!(await countWithin('ip', sourceIp, WINDOW_SECONDS, LINK_RATE_PER_IP, now))) throw rateLimited();
    return undefined;
  }
  if (!token || !tokenHash) return undefined;
  const { link } = use;
  const expiresAt = new Date(link.tokenExpiresAt);
  if (!(expiresAt.getTime() > now.getTime())) return undefined;
  const { dispatch, recipient, auditHead } = await readSessionItems(link, options.forAction ?? false);
  if (!dispatch || dispatch.state !== 'issued' || !recipient) return undefined;
  // The recipient names its working links (the newest, and every copy of the current step's e-mail);
  // a revoked or replaced link item that lingers is refused here.
  if (!worksFor(recipient, tokenHash)) return undefined;
  return { token, tokenHash, dispatch, recipient, expiresAt, ...(auditHead ? { auditHead } : {}) };
}

/** The dispatch, the recipient and (for a post) its audit chain head: one BatchGet, all in the dispatch's partition. */
async function readSessionItems(link: LinkRecord, withHead: boolean) {
  const wanted = {
    dispatch: keys.dispatch(link.dispatchId),
    recipient: keys.recipient(link.dispatchId, link.unitId),
    head: auditHeadKey(keys.dispatch(link.dispatchId).PK, recipientChain(link.unitId)),
  };
  const found = new Map<string, Record<string, unknown>>();
  let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
    [tableName()]: { Keys: [wanted.dispatch, wanted.recipient, ...(withHead ? [wanted.head] : [])], ConsistentRead: true },
  };
  for (let attempt = 0; request && Object.keys(request).length; attempt++) {
    if (attempt) await new Promise((resolve) => setTimeout(resolve, Math.min(500, 10 * 2 ** attempt) * Math.random()));
    const out = await db().send(new BatchGetCommand({ RequestItems: request }));
    for (const item of out.Responses?.[tableName()] ?? []) found.set(String(item['SK']), item);
    request = out.UnprocessedKeys as typeof request;
  }
  const dispatchItem = found.get(wanted.dispatch.SK);
  const recipientItem = found.get(wanted.recipient.SK);
  return {
    dispatch: dispatchItem ? dispatchFromItem(dispatchItem) : undefined,
    recipient: recipientItem ? recipientFromItem(recipientItem) : undefined,
    auditHead: withHead ? { entity: wanted.head.PK, chain: recipientChain(link.unitId), found: found.get(wanted.head.SK) } : undefined,
  };
}

/** Whether the recipient still names this link hash as one that works. */
function worksFor(recipient: RecipientRecord, tokenHash: string): boolean {
  if (recipient.tokenHash && sameHash(recipient.tokenHash, tokenHash)) return true;
  return [...(recipient.linkHashes ?? [])].some((h) => sameHash(h, tokenHash));
}
