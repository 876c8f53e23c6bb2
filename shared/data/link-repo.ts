import { GetCommand } from '@aws-sdk/lib-dynamodb';
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
