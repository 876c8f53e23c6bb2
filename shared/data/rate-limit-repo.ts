import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client';
import { keys } from './keys';

/**
 * Fixed-window request counters: one small item per subject and window, removed by TTL.
 *
 * Counts this request if the window still has room: one conditional update, which leaves the item
 * alone once the limit is reached (a flood past the limit writes nothing more). Answers whether the
 * request is within the limit.
 */
export async function countWithin(scope: string, subject: string, windowSeconds: number, limit: number, now: Date): Promise<boolean> {
  return (await takeWithin(scope, subject, windowSeconds, limit, now)) > 0;
}

/** As `countWithin`, answering which of the window's `limit` places this request took (1…limit), or 0 when full. */
export async function takeWithin(scope: string, subject: string, windowSeconds: number, limit: number, now: Date): Promise<number> {
  const window = Math.floor(now.getTime() / 1000 / windowSeconds);
  try {
    const out = await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.rateWindow(scope, subject, window),
        UpdateExpression: 'ADD hits :one SET expiresAt = if_not_exists(expiresAt, :exp), #type = if_not_exists(#type, :type)',
        ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':exp': (window + 2) * windowSeconds, ':type': 'RateWindow' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(out.Attributes?.['hits'] ?? 1);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 0;
    throw error;
  }
}
