import { createHash } from 'node:crypto';
import { batchGetAll } from './batch-get';
import { db, tableName } from './client';
import { keys, META } from './keys';
import type { TransactItem } from './transact';
import type { DispatchStats } from '../domain/dispatch-record';

/**
 * A dispatch's counters (mail sent/failed/delivered…, opened, acknowledged, reported, completed, reset
 * requests…) live on small items of their own under the dispatch's partition, never on the dispatch
 * item: that item is copied whole into two indexes under nearly constant keys, so a counter step on it
 * cost about 20 write units and every unit's step contended for it.
 *
 * The counters are split over STATS_SHARDS items, a unit always counting on the same one (a hash of its
 * id): the steps of a dispatch's units move in transactions with the unit's record and its audit event,
 * and transactions touching one item at once cancel each other (TransactionConflict), so one item would
 * serialise them all. A counter step is one ADD on a ~200-byte item in no index (1 write unit, 2 in a
 * transaction). The readers sum the shards; `dispatchWithStatsQuery` reads them with the dispatch in
 * one query (shard keys sort right after META), whose read units do not grow with the recipients.
 */
export const STATS_SHARDS = 8;

/** The counters' shape is the domain's (pages show it); this module stores and sums them. */
export type { DispatchStats } from '../domain/dispatch-record';

export const emptyStats = (): DispatchStats => ({ recipients: 0, mailSent: 0, mailFailed: 0 });

/** The shard a unit counts on: stable for the unit, spread evenly over the shards. */
export function statsShardOf(unitId: string): number {
  return createHash('sha256').update(unitId).digest().readUInt32BE(0) % STATS_SHARDS;
}

/** The shard for counters that belong to no unit (recipients, paper): always the first. */
const DISPATCH_SHARD = 0;

const STATS_SK_PREFIX = `${META}#STATS#`;
export const isStatsItem = (item: Record<string, unknown>) => typeof item['SK'] === 'string' && item['SK'].startsWith(STATS_SK_PREFIX);

/**
 * A transaction item adding to a dispatch's counters on the unit's shard (zeros are left out). It has no
 * condition of its own: it goes with the unit's record, whose condition decides whether the step counts.
 */
export function addToStats(dispatchId: string, unitId: string, add: Readonly<Record<string, number>>): TransactItem {
  const entries = Object.entries(add).filter(([, n]) => n !== 0);
  if (entries.length === 0) throw new Error('addToStats: nothing to add');
  return {
    Update: {
      TableName: tableName(),
      Key: keys.dispatchStats(dispatchId, statsShardOf(unitId)),
      UpdateExpression: `SET #type = :type ADD ${entries.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
      ExpressionAttributeNames: { '#type': 'type', ...Object.fromEntries(entries.map(([name], i) => [`#c${i}`, name])) },
      ExpressionAttributeValues: { ':type': 'DispatchStats', ...Object.fromEntries(entries.map(([, n], i) => [`:c${i}`, n])) },
    },
  };
}

/** Sets counters that are facts of the dispatch rather than steps (recipients, paper), on the first shard. */
export function setStats(dispatchId: string, set: Readonly<Record<string, number>>): TransactItem {
  const entries = Object.entries(set);
  return {
    Update: {
      TableName: tableName(),
      Key: keys.dispatchStats(dispatchId, DISPATCH_SHARD),
      UpdateExpression: `SET #type = :type, ${entries.map((_, i) => `#c${i} = :c${i}`).join(', ')}`,
      ExpressionAttributeNames: { '#type': 'type', ...Object.fromEntries(entries.map(([name], i) => [`#c${i}`, name])) },
      ExpressionAttributeValues: { ':type': 'DispatchStats', ...Object.fromEntries(entries.map(([, n], i) => [`:c${i}`, n])) },
    },
  };
}

const COUNTER_FIELDS_SKIPPED = new Set(['PK', 'SK', 'type']);

/**
 * The counters of a dispatch: those its item still carries from before the counters moved off it
 * (`legacy`, no longer written) plus every shard.
 */
export function sumStats(legacy: Partial<DispatchStats> | undefined, shards: readonly Record<string, unknown>[]): DispatchStats {
  const total: DispatchStats = { ...emptyStats() };
  const add = (source: Record<string, unknown>) => {
    for (const [name, value] of Object.entries(source)) {
      if (COUNTER_FIELDS_SKIPPED.has(name) || typeof value !== 'number') continue;
      total[name] = (total[name] ?? 0) + value;
    }
  };
  if (legacy) add(legacy);
  for (const shard of shards) add(shard);
  return total;
}

/** The shards' items of many dispatches (lists, dashboards), by dispatch id, in BatchGets of 100 keys. */
export async function readStatsShards(dispatchIds: readonly string[]): Promise<Map<string, Record<string, unknown>[]>> {
  const byDispatch = new Map<string, Record<string, unknown>[]>(dispatchIds.map((id) => [id, []]));
  const allKeys = [...new Set(dispatchIds)].flatMap((id) => Array.from({ length: STATS_SHARDS }, (_, shard) => keys.dispatchStats(id, shard)));
  for (const item of await batchGetAll(allKeys)) byDispatch.get(String(item['PK']).slice('DISPATCH#'.length))?.push(item);
  return byDispatch;
}
