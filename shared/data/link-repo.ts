import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, isConditionFailure, tableName } from './client';
import { keys } from './keys';

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

/** Records the first opening only; later openings change nothing. */
export async function recordFirstOpen(dispatchId: string, unitId: string, at: string): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.recipient(dispatchId, unitId),
        UpdateExpression: 'SET firstOpenedAt = :at',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(firstOpenedAt)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
