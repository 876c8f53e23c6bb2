import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
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

/**
 * Looks the link up and counts the request against the token's fixed-window limit in ONE write: the
 * window's count lives on the link item itself (`rateWindow`, `rateHits`), so a token that names no link
 * leaves nothing behind (the condition needs the item) and a known one costs no separate counter item.
 * Usually one conditional update; the first request of a new window takes a second one that starts it.
 * Answers the link, `unknown` (no such link), or `limited` (over `limit` in this window).
 */
export async function useLink(tokenHash: string, windowSeconds: number, limit: number, now: Date): Promise<LinkUse> {
  const window = Math.floor(now.getTime() / 1000 / windowSeconds);
  /** The counting write: the link, or (condition false) the item as it was, none when there is no link. */
  const update = async (fresh: boolean): Promise<{ link: LinkRecord } | { before?: Record<string, unknown> }> => {
    try {
      const out = await db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.link(tokenHash),
          ...(fresh
            ? {
                UpdateExpression: 'SET rateWindow = :w, rateHits = :one',
                ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(rateWindow) OR rateWindow < :w)',
                ExpressionAttributeValues: { ':w': window, ':one': 1 },
              }
            : {
                UpdateExpression: 'ADD rateHits :one',
                ConditionExpression: 'rateWindow = :w AND rateHits < :limit',
                ExpressionAttributeValues: { ':w': window, ':one': 1, ':limit': limit },
              }),
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { link: linkOf(out.Attributes ?? {}) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // Raw attribute values: the document client does not translate an error's item.
      return error.Item ? { before: unmarshall(error.Item) } : {};
    }
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    const counted = await update(false);
    if ('link' in counted) return counted;
    if (!counted.before) return 'unknown';
    // This window is full (or a later one was started by a host whose clock is ahead: refuse, never reset it).
    if (Number(counted.before['rateWindow'] ?? -1) >= window) return 'limited';
    const started = await update(true);
    if ('link' in started) return started;
    if (!started.before) return 'unknown';
    // Another request started this window between our two writes: count again, in it.
  }
  return 'limited';
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
  next: { tokenHash: string; tokenExpiresAt: string } | null;
  at: string;
  audit: AuditEvent;
}): Promise<boolean> {
  const { dispatchId, unitId, oldHash, next } = args;
  const items: TransactItem[] = [
    {
      Update: {
        TableName: tableName(),
        Key: keys.recipient(dispatchId, unitId),
        UpdateExpression: next
          ? 'SET tokenHash = :hash, tokenExpiresAt = :exp, linkResentAt = :at'
          : 'SET linkRevokedAt = :at REMOVE tokenHash, tokenExpiresAt',
        ConditionExpression: oldHash ? 'tokenHash = :old' : 'attribute_exists(PK) AND attribute_not_exists(tokenHash)',
        ExpressionAttributeValues: {
          ':at': args.at,
          ...(oldHash ? { ':old': oldHash } : {}),
          ...(next ? { ':hash': next.tokenHash, ':exp': next.tokenExpiresAt } : {}),
        },
      },
    },
    ...(oldHash ? [{ Delete: { TableName: tableName(), Key: keys.link(oldHash) } }] : []),
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
