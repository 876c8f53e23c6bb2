import { MAIL_DUE_SHARDS, overdueMail } from '../data/recipient-repo';
import { enqueueMail } from '../queue/messages';

/**
 * The mail sweeper: re-enqueues every recipient whose issue mail is overdue: still queued, its claim's
 * lease run out, or its back-off long past, by more than a grace (see the pending-mail index in
 * shared/data/recipient-repo.ts).
 *
 * Why: correctness must not rest on the queue keeping its messages. SQS does keep them, but the local
 * stand-in is in memory (a kill -9 of `npm start` loses what was queued), a stream record's enqueue can
 * fail past its retries, and a message can be parked in the dead-letter queue while its recipient still
 * waits. The table is the truth: whatever it says is pending and overdue gets a message again. A
 * message too many is harmless: the mail consumer claims each recipient's step once, and one that
 * finds a live claim or a back-off comes back later. Runs every few minutes (EventBridge in AWS; at
 * start and on a timer locally), reading only overdue index entries, keys only.
 */
export async function sweepPendingMail(now: Date, maxPerShard = 2000): Promise<{ enqueued: number }> {
  let enqueued = 0;
  for (let shard = 0; shard < MAIL_DUE_SHARDS; shard++) {
    let cursor: Record<string, unknown> | undefined;
    let seen = 0;
    do {
      const page = await overdueMail(shard, now, cursor);
      if (page.items.length) {
        await enqueueMail(page.items.map(({ dispatchId, unitId }) => ({ kind: 'issue' as const, dispatchId, unitId, step: 'issue' })), `sweep:${now.toISOString()}`);
      }
      enqueued += page.items.length;
      seen += page.items.length;
      cursor = page.cursor;
      // Bounded per run: what is left is found by the next run, minutes later.
    } while (cursor && seen < maxPerShard);
  }
  return { enqueued };
}
