import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { auditPut, type AuditEvent } from './audit';
import { db, tableName } from './client';
import { keys, recipientChain } from './keys';
import { transactOnce, type TransactItem } from './transact';

export interface LinkRecord {
  dispatchId: string;
  unitId: string;
  tokenExpiresAt: string;
}

/** The link a token hash stands for, if any. Expiry is checked by the caller against its clock. */
export async function findLink(tokenHash: string): Promise<LinkRecord | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.link(tokenHash), ConsistentRead: true }));
  if (!out.Item) return undefined;
  return { dispatchId: String(out.Item['dispatchId']), unitId: String(out.Item['unitId']), tokenExpiresAt: String(out.Item['tokenExpiresAt']) };
}

const linkOf = (item: Record<string, unknown>): LinkRecord => ({
  dispatchId: String(item['dispatchId']),
  unitId: String(item['unitId']),
  tokenExpiresAt: String(item['tokenExpiresAt']),
});

export type LinkUse = { link: LinkRecord } | 'unknown' | 'limited';

/** The link item's count for one window: `rate<window>`. */
const RATE_PREFIX = 'rate';
/** Counts of old windows a link item may carry before they are removed (each is a few bytes). */
const STALE_WINDOWS_KEPT = 4;
const isRateName = (name: string) => name.startsWith(RATE_PREFIX) && /^\d+$/.test(name.slice(RATE_PREFIX.length));

/**
 * Looks the link up and counts the request against the token's fixed-window limit in ONE conditional
 * update: the window's count lives on the link item itself (`rate<window>`, the previous window's count
 * removed by the same write), so a token that names no link leaves nothing behind (the condition needs
 * the item) and a known one costs no counter item of its own. Counts of older windows (a unit coming back
 * hours later) are removed by a second write once a few have gathered. Answers the link, `unknown` (no
 * such link), or `limited` (over `limit` in this window).
 */
export async function useLink(tokenHash: string, windowSeconds: number, limit: number, now: Date): Promise<LinkUse> {
  const window = Math.floor(now.getTime() / 1000 / windowSeconds);
  const current = `${RATE_PREFIX}${window}`;
  let item: Record<string, unknown>;
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.link(tokenHash),
        UpdateExpression: 'ADD #current :one REMOVE #previous',
        ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(#current) OR #current < :limit)',
        ExpressionAttributeNames: { '#current': current, '#previous': `${RATE_PREFIX}${window - 1}` },
        ExpressionAttributeValues: { ':one': 1, ':limit': limit },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    item = out.Attributes ?? {};
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    // The item as it was, if any (raw attribute values: the document client does not translate errors).
    return error.Item ? 'limited' : 'unknown';
  }
  const stale = Object.keys(item).filter((name) => isRateName(name) && name !== current);
  if (stale.length >= STALE_WINDOWS_KEPT) {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.link(tokenHash),
        UpdateExpression: `REMOVE ${stale.map((_, i) => `#s${i}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: Object.fromEntries(stale.map((name, i) => [`#s${i}`, name])),
      }),
    ).catch((error: unknown) => {
      // The link was replaced or revoked meanwhile: nothing left to tidy.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
  }
  return { link: linkOf(item) };
}

/**
 * A link item as the caller read it (strongly consistent, with what the request is about): the link,
 * how many requests it counted in the current window, and the count attributes of older windows.
 */
export function linkUseOf(item: Record<string, unknown>, windowSeconds: number, now: Date): { link: LinkRecord; used: number; stale: string[] } {
  const current = `${RATE_PREFIX}${Math.floor(now.getTime() / 1000 / windowSeconds)}`;
  const used = Number(item[current] ?? 0);
  return { link: linkOf(item), used: Number.isFinite(used) ? used : 0, stale: Object.keys(item).filter((name) => isRateName(name) && name !== current) };
}

/**
 * The same count as useLink's, as an item of the step's own transaction (so a form's post makes one
 * write, not two): it adds the request to the window's count on the condition that the link still
 * exists and is under its limit, and removes the older windows' counts the caller saw. When its
 * condition fails the whole step is cancelled (transactOnce's GuardRefused), and the caller counts
 * the request on its own to learn why (limited, or the link revoked meanwhile).
 */
export function linkUseGuard(tokenHash: string, stale: readonly string[], windowSeconds: number, limit: number, now: Date): TransactItem {
  const window = Math.floor(now.getTime() / 1000 / windowSeconds);
  const removed = [...new Set([`${RATE_PREFIX}${window - 1}`, ...stale])].filter((name) => name !== `${RATE_PREFIX}${window}`);
  return {
    Update: {
      TableName: tableName(),
      Key: keys.link(tokenHash),
      UpdateExpression: `ADD #current :one REMOVE ${removed.map((_, i) => `#s${i}`).join(', ')}`,
      ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(#current) OR #current < :limit)',
      ExpressionAttributeNames: { '#current': `${RATE_PREFIX}${window}`, ...Object.fromEntries(removed.map((name, i) => [`#s${i}`, name])) },
      ExpressionAttributeValues: { ':one': 1, ':limit': limit },
    },
  };
}

/**
 * Replaces a unit's link (a clerk's resend) or removes it (revoke): the old link item goes, the
 * recipient names the new hash or none, and the audit records it, together. Conditioned on the hash
 * the caller saw, so two clerks acting at once cannot leave two working links.
 */
export async function replaceLink(args: {
  dispatchId: string;
  unitId: string;
  oldHash: string | undefined;
  /** The other working copies of the current step's link (`linkHashes` on the recipient): they stop working too. */
  otherHashes?: Iterable<string>;
  next: { tokenHash: string; tokenExpiresAt: string } | null;
  at: string;
  audit: AuditEvent;
}): Promise<boolean> {
  const { dispatchId, unitId, oldHash, next } = args;
  const others = [...new Set(args.otherHashes ?? [])].filter((h) => h !== oldHash && h !== next?.tokenHash);
  const items: TransactItem[] = [
    {
      Update: {
        TableName: tableName(),
        Key: keys.recipient(dispatchId, unitId),
        UpdateExpression: next
          ? 'SET tokenHash = :hash, tokenExpiresAt = :exp, linkResentAt = :at REMOVE linkHashes'
          : 'SET linkRevokedAt = :at REMOVE tokenHash, tokenExpiresAt, linkHashes',
        ConditionExpression: oldHash ? 'tokenHash = :old' : 'attribute_exists(PK) AND attribute_not_exists(tokenHash)',
        ExpressionAttributeValues: {
          ':at': args.at,
          ...(oldHash ? { ':old': oldHash } : {}),
          ...(next ? { ':hash': next.tokenHash, ':exp': next.tokenExpiresAt } : {}),
        },
      },
    },
    ...(oldHash ? [{ Delete: { TableName: tableName(), Key: keys.link(oldHash) } }] : []),
    ...others.map((h) => ({ Delete: { TableName: tableName(), Key: keys.link(h) } })),
    ...(next
      ? [
          {
            Put: {
              TableName: tableName(),
              Item: {
                ...keys.link(next.tokenHash),
                type: 'Link',
                dispatchId,
                unitId,
                expiresAt: Math.floor(Date.parse(next.tokenExpiresAt) / 1000),
                tokenExpiresAt: next.tokenExpiresAt,
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        ]
      : []),
    auditPut(keys.dispatch(dispatchId).PK, args.audit, recipientChain(unitId)),
  ];
  return (await transactOnce(items)) === 'applied';
}
