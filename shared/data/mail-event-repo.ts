import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { auditPut, type AuditEvent } from './audit';
import { db, tableName } from './client';
import { keys, recipientChain } from './keys';
import { addToStats } from './stats-repo';
import { transactOnce, type TransactItem } from './transact';

/**
 * SES reports bounces, complaints and deliveries by message id; these items map a message id back to
 * the recipient it was sent to, and expire with the link (TTL).
 */
export interface SentMessage {
  dispatchId: string;
  unitId: string;
}

export function messagePut(messageId: string, sent: SentMessage, expiresAtSeconds: number): TransactItem {
  return { Put: { TableName: tableName(), Item: { ...keys.mailMessage(messageId), type: 'MailMessage', ...sent, expiresAt: expiresAtSeconds } } };
}

export async function rememberMessage(messageId: string, sent: SentMessage, expiresAtSeconds: number): Promise<void> {
  await db().send(new PutCommand(messagePut(messageId, sent, expiresAtSeconds).Put!));
}

export async function findMessage(messageId: string): Promise<SentMessage | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.mailMessage(messageId) }));
  return out.Item ? { dispatchId: String(out.Item['dispatchId']), unitId: String(out.Item['unitId']) } : undefined;
}

export type MailEventKind = 'delivered' | 'bounced' | 'complained';

/**
 * Marks the recipient once per kind (`deliveredAt`, `bouncedAt`, `complainedAt`) and moves the
 * dispatch's counter with it; a redelivered event changes nothing.
 */
export async function recordMailEvent(sent: SentMessage, kind: MailEventKind, at: string, detail: Record<string, string>, audit: AuditEvent): Promise<boolean> {
  const field = { delivered: 'deliveredAt', bounced: 'bouncedAt', complained: 'complainedAt' }[kind];
  const extra = Object.entries(detail);
  const outcome = await transactOnce([
    {
      Update: {
        TableName: tableName(),
        Key: keys.recipient(sent.dispatchId, sent.unitId),
        UpdateExpression: `SET #f = :at${extra.map((_, i) => `, #x${i} = :x${i}`).join('')}`,
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(#f)',
        ExpressionAttributeNames: { '#f': field, ...Object.fromEntries(extra.map(([k], i) => [`#x${i}`, k])) },
        ExpressionAttributeValues: { ':at': at, ...Object.fromEntries(extra.map(([, v], i) => [`:x${i}`, v])) },
      },
    },
    addToStats(sent.dispatchId, sent.unitId, { [kind]: 1 }),
    ...(kind === 'delivered' ? [] : [auditPut(keys.dispatch(sent.dispatchId).PK, audit, recipientChain(sent.unitId))]),
  ]);
  return outcome === 'applied';
}
