import { getDispatch, type DispatchRecord } from '../data/dispatch-repo';
import { latestRuns, runDone, startRun, type ReminderRun } from '../data/reminder-run-repo';
import { enqueueMail } from '../queue/messages';
import { reminderStepsDue } from '../domain/reminders';
import { vietnamDate } from '../domain/time';
import { conflict, notFound } from '../errors';
import { auditOf, type UseCaseContext } from './context';
import { walkOpenDispatches, type WalkOptions } from './open-dispatches';

/**
 * Reminders to units that still owe something: the scheduled job (N days before and on each due date)
 * and a clerk's "remind all now". Each starts a run of its step whose fan-out and e-mails go through
 * the mail queue (shared/services/reminder-mail.ts); a clerk's reminder of one unit is a run of one
 * letter (shared/services/unit-letters.ts). A unit gets at most one e-mail per step.
 */
/**
 * Starts the run of a step (shared/data/reminder-run-repo.ts) and puts its first fan-out page on the
 * mail queue (shared/services/reminder-mail.ts); the e-mails go out paced, from the queue. A run that
 * already exists is answered as it is; its first page is enqueued again only when nothing was counted a
 * minute after it started (the first attempt may have stopped before enqueuing it: a copy moves nothing
 * twice), not on a double click, which would only put each reminder on the queue twice.
 */
async function startReminderRun(dispatchId: string, step: string, actor: string, now: Date, actorName?: string): Promise<ReminderRun> {
  const { run, created } = await startRun(dispatchId, step, actor, now.toISOString(), actorName);
  const stalled = !run.fannedOut && run.cursor === '' && run.queued === 0 && now.getTime() - Date.parse(run.createdAt) > 60_000;
  if (created || stalled) {
    await enqueueMail([{ kind: 'fanout', dispatchId, step, cursor: '' }], `reminders:${dispatchId}:${step}`);
  }
  return run;
}

/**
 * The scheduled job: every open dispatch with a reminder step today, walked page by page from where
 * the last run stopped (shared/services/open-dispatches.ts); `shouldStop` ends a run early. It only
 * starts one run per (dispatch, step due today): the mail queue does the rest.
 */
export async function runScheduledReminders(now: Date, options: WalkOptions = {}): Promise<{ dispatches: number; runs: number; finished: boolean }> {
  const today = vietnamDate(now);
  let dispatches = 0;
  let runs = 0;
  const { finished } = await walkOpenDispatches(
    'reminders',
    async (dispatch) => {
      for (const step of reminderStepsDue(dispatch.content.requirements, today)) {
        dispatches++;
        await startReminderRun(dispatch.id, step, 'system:reminders', now);
        runs++;
      }
    },
    options,
  );
  return { dispatches, runs, finished };
}

async function issuedDispatch(id: string): Promise<DispatchRecord> {
  const dispatch = await getDispatch(id);
  if (!dispatch) throw notFound({ vi: 'công văn', en: 'Dispatch' });
  if (dispatch.state !== 'issued') throw conflict({ vi: 'Công văn chưa ban hành hoặc đã thu hồi.', en: 'The dispatch is not issued.' }, { state: dispatch.state });
  if (dispatch.closedAt) throw conflict({ vi: 'Công văn đã đóng (lưu trữ): không nhắc việc nữa.', en: 'The dispatch is closed (archived): it takes no reminders.' }, { closedAt: dispatch.closedAt });
  return dispatch;
}

/**
 * A clerk's "remind all laggards now": starts the run and answers it at once (the e-mails follow from
 * the mail queue); a double click within the same minute answers the same run and sends nothing more.
 */
export async function remindAllNow(ctx: UseCaseContext, dispatchId: string): Promise<{ dispatchId: string; run: ReminderRun & { done: boolean } }> {
  await issuedDispatch(dispatchId);
  const now = ctx.clock.now();
  const run = await startReminderRun(dispatchId, `manual:${now.toISOString().slice(0, 16)}`, actorOf(ctx).actor, now, ctx.actor.name);
  return { dispatchId, run: { ...run, done: runDone(run) } };
}

/** The dispatch's latest reminder runs with their progress, newest first. */
export async function reminderRuns(dispatchId: string): Promise<{ dispatchId: string; items: (ReminderRun & { done: boolean })[] }> {
  const dispatch = await getDispatch(dispatchId);
  if (!dispatch) throw notFound({ vi: 'công văn', en: 'Dispatch' });
  return { dispatchId, items: (await latestRuns(dispatchId)).map((run) => ({ ...run, done: runDone(run) })) };
}

const actorOf = (ctx: UseCaseContext) => {
  const a = auditOf(ctx, '');
  return { actor: a.actor, ...(a.roles ? { roles: a.roles } : {}), ...(a.sourceIp ? { sourceIp: a.sourceIp } : {}) };
};
