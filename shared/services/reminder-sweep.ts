import { config } from '../config';
import { batchGetAll } from '../data/batch-get';
import { keys } from '../data/keys';
import { recipientFromItem, type RecipientRecord } from '../data/recipient-repo';
import { clearStalledRun, getRunByKey, queuedUnitsOfRun, runDone, stalledRuns, touchStalledRun, type ReminderRun } from '../data/reminder-run-repo';
import { enqueueMail } from '../queue/messages';
import { enqueueUnitLetter } from './unit-letters';

/**
 * The reminder sweeper: a reminder run that stopped moving is picked up again from where it stands,
 * once it has not moved for REMINDER_SWEEP_GRACE_SECONDS (the stalled-run index of
 * shared/data/reminder-run-repo.ts, where a run stays until it is done).
 *
 * - Its enqueuing stopped (the route or the fan-out died between starting the run and putting its
 *   letters on the mail queue, or a fan-out page's message was lost):
 *   - a dispatch-wide run ("remind all", the scheduled job): its fan-out page at the run's cursor goes on
 *     the queue again. A copy moves nothing twice: the run advances only from the page it stands at, and
 *     each unit's step is claimed once (shared/services/reminder-mail.ts);
 *   - a unit's run ("Nhắc", "Gửi lại" on one row): its one letter goes on the queue again.
 * - Every letter is on the queue, yet some have no outcome and none was counted for a whole grace (their
 *   messages were lost from the queue: purged, or the local stand-in killed before it kept them): each
 *   unit the run queued (its fan-out's page records) that has no outcome on the step, holds no live claim
 *   and waits out no back-off gets its letter on the queue again. The first look at such a run only
 *   notes its count; the second, a grace later, acts if that count has not moved.
 * - A done run leaves the index.
 * Why a sweeper and not only the queue, as for the issue mail (shared/services/mail-sweep.ts): the
 * table is the truth; whatever it says is unfinished gets a message again. A copy too many is
 * harmless (one claim per unit and step). Runs with the mail sweeper, every few minutes (the same job:
 * functions/jobs/mail-sweep.ts), bounded per run.
 */
export async function sweepStalledReminderRuns(now: Date, maxRuns = 200): Promise<{ runs: number; letters: number }> {
  const graceMs = config().REMINDER_SWEEP_GRACE_SECONDS * 1000;
  const before = new Date(now.getTime() - graceMs).toISOString();
  const correlationId = `reminder-sweep:${now.toISOString()}`;
  let runs = 0;
  let letters = 0;
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await stalledRuns(before, cursor);
    for (const entry of page.items) {
      const run = await getRunByKey(entry.dispatchId, entry.sk);
      if (!run) continue;
      if (run.fannedOut) {
        if (runDone(run)) {
          await clearStalledRun(entry);
          continue;
        }
        const total = run.sent + run.failed + run.skipped;
        // Still counting outcomes since the last look (or never looked at): only noted.
        if (run.sweptTotal !== total) {
          await touchStalledRun(entry, now.toISOString(), total);
          continue;
        }
        if (!(await touchStalledRun(entry, now.toISOString(), total))) continue;
        const requeued = await requeueLostLetters(run, now, graceMs, correlationId);
        letters += requeued;
        if (requeued) runs++;
        continue;
      }
      // Moved first, so a sweep that dies here is not followed by a burst of copies; the next sweep, a grace later, tries again.
      if (!(await touchStalledRun(entry, now.toISOString()))) continue;
      if (run.unitId) await enqueueUnitLetter(run, correlationId);
      else await enqueueMail([{ kind: 'fanout', dispatchId: run.dispatchId, step: run.step, cursor: run.cursor ?? '' }], correlationId);
      runs++;
    }
    cursor = page.cursor;
  } while (cursor && runs < maxRuns);
  return { runs, letters };
}

/**
 * A unit's letter of the step is still owed by the run and nothing is at work on it: no outcome
 * counted on this run, no attempt holding the unit (its lease running), no back-off still running
 * (each with a grace, as the mail sweeper allows the issue mail's).
 */
export function letterLost(r: RecipientRecord, run: ReminderRun, now: Date, graceMs: number): boolean {
  const since = new Date(now.getTime() - graceMs).toISOString();
  // Counted: on a unit's run, the run itself says (it has one letter); on a dispatch-wide run, the unit's mark.
  if (run.unitId ? run.sent + run.failed + run.skipped >= run.queued : r.remindCountedSteps?.has(run.step)) return false;
  if (r.remindClaim && r.remindLeaseUntil && r.remindLeaseUntil > since) return false;
  if (r.remindRetryStep === run.step && r.remindRetryAt && r.remindRetryAt > since) return false;
  return true;
}

async function requeueLostLetters(run: ReminderRun, now: Date, graceMs: number, correlationId: string): Promise<number> {
  if (run.unitId) {
    const [item] = await batchGetAll([keys.recipient(run.dispatchId, run.unitId)]);
    if (!item || !letterLost(recipientFromItem(item), run, now, graceMs)) return 0;
    await enqueueUnitLetter(run, correlationId);
    return 1;
  }
  let requeued = 0;
  for await (const unitIds of queuedUnitsOfRun(run.dispatchId, run.step)) {
    const items = await batchGetAll(unitIds.map((unitId) => keys.recipient(run.dispatchId, unitId)));
    const lost = items.map(recipientFromItem).filter((r) => letterLost(r, run, now, graceMs));
    if (lost.length) await enqueueMail(lost.map((r) => ({ kind: 'reminder' as const, dispatchId: run.dispatchId, unitId: r.unitId, step: run.step })), correlationId);
    requeued += lost.length;
  }
  return requeued;
}
