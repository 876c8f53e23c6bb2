import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../shared/data/client';
import { addToStats } from '../../shared/data/stats-repo';

/** Where the bench adds to a dispatch's counters when it writes recipients directly: a counter shard (shared/data/stats-repo.ts). */
export const benchCounters = {
  async add(dispatchId: string, add: Record<string, number>) {
    await db().send(new UpdateCommand(addToStats(dispatchId, 'bench-bulk', add).Update!));
  },
};
