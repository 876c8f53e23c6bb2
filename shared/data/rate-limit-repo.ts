import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client';
import { keys } from './keys';

/**
 * Fixed-window request counters: one small item per subject and window, removed by TTL. Answers the
 * count including this request; the caller compares it with its limit.
 */
export async function countRequest(scope: string, subject: string, windowSeconds: number, now: Date): Promise<number> {
  const window = Math.floor(now.getTime() / 1000 / windowSeconds);
  const out = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.rateWindow(scope, subject, window),
      UpdateExpression: 'ADD hits :one SET expiresAt = if_not_exists(expiresAt, :exp), #type = if_not_exists(#type, :type)',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':one': 1, ':exp': (window + 2) * windowSeconds, ':type': 'RateWindow' },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(out.Attributes?.['hits'] ?? 1);
}
