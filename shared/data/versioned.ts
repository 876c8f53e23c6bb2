import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { conflict, type Bilingual } from '../errors';
import { auditPut, transactWrite, type AuditEvent } from './audit';
import { db, isConditionFailure, tableName } from './client';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Every item of one GSI1 partition (a small, bounded listing such as agencies or people). */
export async function queryAllGsi1(gsi1pk: string, skPrefix?: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'GSI1',
        KeyConditionExpression: skPrefix ? 'GSI1PK = :pk AND begins_with(GSI1SK, :sk)' : 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': gsi1pk, ...(skPrefix ? { ':sk': skPrefix } : {}) },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The record without its table keys. */
export function stripKeys<T>(item: Record<string, unknown>): T {
  const { PK: _pk, SK: _sk, type: _type, GSI1PK: _g1, GSI1SK: _g1s, GSI2PK: _g2, GSI2SK: _g2s, ...rest } = item;
  return rest as T;
}

export interface Versioned {
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * Creates (`expectedVersion` undefined: must not exist yet) or replaces a record whose version must still
 * be `expectedVersion`, with its audit event in the same transaction: a concurrent edit is refused, never lost.
 */
export async function saveVersioned<I extends object>(args: {
  input: I;
  key: { PK: string; SK: string };
  type: string;
  index: Record<string, string>;
  expectedVersion: number | undefined;
  previous: Versioned | undefined;
  audit: AuditEvent;
  exists: Bilingual;
  changed: Bilingual;
  extra?: TransactItem[];
}): Promise<I & Versioned> {
  const { expectedVersion, audit } = args;
  const record = {
    ...args.input,
    version: (expectedVersion ?? 0) + 1,
    createdAt: args.previous?.createdAt ?? audit.at,
    updatedAt: audit.at,
  };
  try {
    await transactWrite([
      {
        Put: {
          TableName: tableName(),
          Item: { ...args.key, type: args.type, ...args.index, ...record },
          ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(PK)' : 'version = :v',
          ...(expectedVersion === undefined ? {} : { ExpressionAttributeValues: { ':v': expectedVersion } }),
        },
      },
      ...(args.extra ?? []),
      auditPut(args.key.PK, audit),
    ]);
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    throw expectedVersion === undefined ? conflict(args.exists, { field: 'id' }) : conflict(args.changed);
  }
  return record;
}
