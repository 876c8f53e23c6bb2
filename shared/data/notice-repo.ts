import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, isConditionFailure, tableName } from './client';
import { keys } from './keys';

/**
 * The claim that makes a staff e-mail (shared/services/staff-notices.ts) go out once per event and
 * person: `sending` while an attempt holds it (with a lease, so a crashed attempt is taken over),
 * `sent` for good, `released` when the send failed and a retry may try again, `failed` when SES refused
 * it past the retry window (shared/services/queued-notices.ts). Kept 90 days.
 */
export type NoticeState = 'sending' | 'sent' | 'released' | 'failed';

const KEEP_SECONDS = 90 * 24 * 3600;

/** True when this attempt holds the claim: nobody sent it, and no other attempt's lease is running. */
export async function claimNotice(args: { event: string; personId: string; claim: string; now: Date; leaseMs: number; kind: string }): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...keys.notice(args.event, args.personId),
          type: 'Notice',
          kind: args.kind,
          state: 'sending',
          claim: args.claim,
          claimedAt: args.now.toISOString(),
          leaseUntil: new Date(args.now.getTime() + args.leaseMs).toISOString(),
          expiresAt: Math.floor(args.now.getTime() / 1000) + KEEP_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(PK) OR #state = :released OR (#state = :sending AND leaseUntil < :now)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':released': 'released', ':sending': 'sending', ':now': args.now.toISOString() },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Records the outcome of the claimed attempt: sent (with SES's message id), or released for a retry. */
export async function finishNotice(args: { event: string; personId: string; claim: string; sent?: { at: string; messageId: string }; failed?: { at: string; error: string } }): Promise<void> {
  const { sent, failed } = args;
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.notice(args.event, args.personId),
        UpdateExpression: sent
          ? 'SET #state = :sent, sentAt = :at, messageId = :id REMOVE leaseUntil'
          : failed
            ? 'SET #state = :failed, failedAt = :at, lastError = :error REMOVE leaseUntil'
            : 'SET #state = :released',
        ConditionExpression: 'claim = :claim',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':claim': args.claim,
          ...(sent ? { ':sent': 'sent', ':at': sent.at, ':id': sent.messageId } : failed ? { ':failed': 'failed', ':at': failed.at, ':error': failed.error } : { ':released': 'released' }),
        },
      }),
    );
  } catch (error) {
    // Another attempt took over after our lease ran out: its outcome is the one that counts.
    if (!isConditionFailure(error)) throw error;
  }
}

export async function getNotice(event: string, personId: string): Promise<{ state: NoticeState; sentAt?: string; messageId?: string; leaseUntil?: string } | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.notice(event, personId), ConsistentRead: true }));
  return out.Item as { state: NoticeState; sentAt?: string; messageId?: string; leaseUntil?: string } | undefined;
}
