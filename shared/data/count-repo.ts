import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client';

/**
 * How many items of one GSI2 partition (e.g. `DISPATCHSTATE#returned`) match an optional filter on
 * plain attributes (`{ agencyCode: 'TCTHADS', 'content.signer.userId': 'u-x' }`, dots for nesting).
 * COUNT queries: nothing but the count crosses the wire; these partitions hold only what is in flight.
 */
export async function countGsi2(pk: string, filter: Readonly<Record<string, string>> = {}): Promise<number> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':pk': pk };
  const conditions = Object.entries(filter).map(([path, value], i) => {
    const parts = path.split('.').map((part, j) => {
      names[`#a${i}_${j}`] = part;
      return `#a${i}_${j}`;
    });
    values[`:v${i}`] = value;
    return `${parts.join('.')} = :v${i}`;
  });
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ...(conditions.length ? { FilterExpression: conditions.join(' AND '), ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
        Select: 'COUNT',
        ExclusiveStartKey: start,
      }),
    );
    count += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return count;
}
