import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from './client';

/**
 * Every item of these keys that exists, in BatchGets of 100 (DynamoDB's limit) run side by side, with
 * the unprocessed keys of each retried after a jittered back-off until none are left. `consistent`:
 * strongly consistent reads (twice the read units), for a read that decides a conditional write.
 */
export async function batchGetAll(keys: readonly Record<string, unknown>[], options: { consistent?: boolean } = {}): Promise<Record<string, unknown>[]> {
  const chunks = Array.from({ length: Math.ceil(keys.length / 100) }, (_, i) => keys.slice(i * 100, i * 100 + 100));
  const found: Record<string, unknown>[] = [];
  await Promise.all(
    chunks.map(async (chunk) => {
      let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead?: boolean }> | undefined = {
        [tableName()]: { Keys: [...chunk], ...(options.consistent ? { ConsistentRead: true } : {}) },
      };
      for (let attempt = 0; request && Object.keys(request).length; attempt++) {
        if (attempt) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt) * Math.random()));
        const out = await db().send(new BatchGetCommand({ RequestItems: request }));
        found.push(...(out.Responses?.[tableName()] ?? []));
        request = out.UnprocessedKeys as typeof request;
      }
    }),
  );
  return found;
}
