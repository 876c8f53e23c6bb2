import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { db } from './client';
import { decodeCursor, encodeCursor } from './cursor';

/**
 * One page of a query: at most `limit` items (fewer when a filter drops some: DynamoDB applies Limit
 * before the filter) and the cursor to the next page, absent on the last. The caller's cursor is
 * checked against the partition being listed (`partition`: its attribute and value) before DynamoDB
 * sees it. No response built from a page can grow with the size of the partition.
 */
export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  cursor?: string;
}

export async function queryPage(
  input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>,
  partition: readonly [string, string],
  page: PageRequest,
): Promise<Page<Record<string, unknown>>> {
  const out = await db().send(new QueryCommand({ ...input, Limit: page.limit, ExclusiveStartKey: decodeCursor(page.cursor, partition) }));
  const cursor = encodeCursor(out.LastEvaluatedKey);
  return { items: out.Items ?? [], ...(cursor ? { cursor } : {}) };
}
