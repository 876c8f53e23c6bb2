import { describe, expect, it, vi } from 'vitest';

vi.mock('../../../shared/data/client', async (original) => ({
  ...(await original<typeof import('../../../shared/data/client')>()),
  tableName: () => 'T',
}));

const { STATS_SHARDS, addToStats, setStats, statsShardOf, sumStats } = await import('../../../shared/data/stats-repo');
const { keys } = await import('../../../shared/data/keys');

/**
 * A dispatch's counters on items of their own (issue 10): no index keys, a unit always on one shard,
 * shards spread, and the sum read back equal to what was added (old `stats` maps on the dispatch included).
 */
describe('dispatch counters', () => {
  it('are written to a shard item that carries no index key, sorted right after the dispatch', () => {
    const update = addToStats('d-1', 'u-7', { acknowledged: 1, completed: 0 }).Update!;
    expect(update.Key).toEqual(keys.dispatchStats('d-1', statsShardOf('u-7')));
    expect(String(update.Key!['SK'])).toMatch(/^META#STATS#\d\d$/);
    expect(update.UpdateExpression).not.toMatch(/GSI/);
    expect(Object.values(update.ExpressionAttributeNames!)).toEqual(['type', 'acknowledged']); // zeros left out
    expect(setStats('d-1', { recipients: 3, paper: 1 }).Update!.Key).toEqual(keys.dispatchStats('d-1', 0));
  });

  it('keep a unit on one shard and spread a thousand units over all of them', () => {
    expect(statsShardOf('u-7')).toBe(statsShardOf('u-7'));
    const perShard = new Array<number>(STATS_SHARDS).fill(0);
    for (let i = 0; i < 1000; i++) perShard[statsShardOf(`unit-${i}`)]!++;
    for (const n of perShard) expect(n).toBeGreaterThan(1000 / STATS_SHARDS / 2);
  });

  it('sum the shards and the old map of a dispatch issued before they moved', () => {
    const legacy = { recipients: 10, mailSent: 10, mailFailed: 0, opened: 4 };
    const shards = [
      { PK: 'DISPATCH#d', SK: 'META#STATS#00', type: 'DispatchStats', opened: 1, acknowledged: 2 },
      { PK: 'DISPATCH#d', SK: 'META#STATS#05', type: 'DispatchStats', acknowledged: 3, completed: 1 },
    ];
    expect(sumStats(legacy, shards)).toEqual({ recipients: 10, mailSent: 10, mailFailed: 0, opened: 5, acknowledged: 5, completed: 1 });
    expect(sumStats(undefined, [])).toEqual({ recipients: 0, mailSent: 0, mailFailed: 0 });
  });
});
