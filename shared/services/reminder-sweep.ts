import { config } from '../config';
import { getRunByKey, stalledRuns, touchStalledRun } from '../data/reminder-run-repo';
import { enqueueMail } from '../queue/messages';
import { enqueueUnitLetter } from './unit-letters';

/**
 * The reminder sweeper: a reminder run whose enqueuing stopped (the route or the fan-out died between
 * starting the run and putting its letters on the mail queue, or a fan-out page's message was lost
 * with the local SQS stand-in) is picked up again from where it stands, once it has not moved for
 * REMINDER_SWEEP_GRACE_SECONDS (the stalled-run index of shared/data/reminder-run-repo.ts).
 *
 * - A dispatch-wide run ("remind all", the scheduled job): its fan-out page at the run's cursor goes on
 *   the queue again. A copy moves nothing twice: the run advances only from the page it stands at, and
 *   each unit's step is claimed once (shared/services/reminder-mail.ts).
 * - A unit's run ("Nhắc", "Gửi lại" on one row): its one letter goes on the queue again.
 * Why a sweeper and not only the queue, as for the issue mail (shared/services/mail-sweep.ts): the
 * table is the truth; whatever it says is unfinished gets a message again. Runs with the mail sweeper,
 * every few minutes (the same job: functions/jobs/mail-sweep.ts), bounded per run.
 */
export async function sweepStalledReminderRuns(now: Date, maxRuns = 200): Promise<{ runs: number }> {
  const before = new Date(now.getTime() - config().REMINDER_SWEEP_GRACE_SECONDS * 1000).toISOString();
  const correlationId = `reminder-sweep:${now.toISOString()}`;
  let runs = 0;
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await stalledRuns(before, cursor);
    for (const entry of page.items) {
      const run = await getRunByKey(entry.dispatchId, entry.sk);
      if (!run || run.fannedOut) continue;
      // Moved first, so a sweep that dies here is not followed by a burst of copies; the next sweep, a grace later, tries again.
      if (!(await touchStalledRun(entry, now.toISOString()))) continue;
      if (run.unitId) await enqueueUnitLetter(run, correlationId);
      else await enqueueMail([{ kind: 'fanout', dispatchId: run.dispatchId, step: run.step, cursor: run.cursor ?? '' }], correlationId);
      runs++;
    }
    cursor = page.cursor;
  } while (cursor && runs < maxRuns);
  return { runs };
}
