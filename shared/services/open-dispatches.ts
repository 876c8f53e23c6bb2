import type { AuditEvent } from '../data/audit';
import { encodeCursor } from '../data/cursor';
import { getDispatch, listDispatches, type DispatchRecord } from '../data/dispatch-repo';
import { getJobRun, saveJobRun } from '../data/job-run-repo';
import { keys } from '../data/keys';
import { adoptOpenDispatch, closeDispatch, dropOpenDispatch, listOpenDispatches } from '../data/open-dispatch-repo';
import { linkExpiry } from './mailing';

/**
 * The daily jobs over open dispatches (issue 10). A dispatch is open from its issue until its links
 * expire (`linkExpiry`: last due date or issue date, plus the grace period); then the closing job
 * archives it. The reminder job walks only the open set, a page at a time, and records after each
 * dispatch where it is, so a run stopped by its deadline (or killed at Lambda's timeout) is continued
 * by the next run from there; a dispatch cut off mid-way is walked again, and its per-unit, per-step
 * reminder claims keep anyone from being reminded twice.
 */
const PAGE = 50;

export interface WalkResult {
  /** Open dispatches visited in this run. */
  visited: number;
  /** The walk reached the end of the open set (the next run starts a new walk). */
  finished: boolean;
  /** This run started where an earlier run had stopped. */
  resumed: boolean;
}

export interface WalkOptions {
  /** Asked before each dispatch: true when the run must stop (its time is nearly up). */
  shouldStop?: () => boolean;
  pageSize?: number;
}

/** Calls `visit` on each open (issued, not closed) dispatch, continuing the job's last unfinished walk. */
export async function walkOpenDispatches(job: string, visit: (d: DispatchRecord) => Promise<void>, options: WalkOptions = {}): Promise<WalkResult> {
  // Right after a deploy the reminders may run before the closing job has adopted the older dispatches.
  await adoptIssuedOnce(new Date());
  const run = await getJobRun(job);
  const resumed = !!run?.resumeAfter;
  let cursor = run?.resumeAfter;
  let items = resumed ? run!.items : 0;
  let visited = 0;
  const progress = (resumeAfter: string | undefined) =>
    saveJobRun(job, { ...(resumeAfter ? { resumeAfter } : {}), items, updatedAt: new Date().toISOString() });
  for (;;) {
    const page = await listOpenDispatches({ limit: options.pageSize ?? PAGE, ...(cursor ? { cursor } : {}) });
    for (const open of page.items) {
      if (options.shouldStop?.()) {
        await progress(cursor);
        return { visited, finished: false, resumed };
      }
      const dispatch = await getDispatch(open.dispatchId);
      if (dispatch && dispatch.state === 'issued' && !dispatch.closedAt) await visit(dispatch);
      visited++;
      items++;
      cursor = encodeCursor(keys.openDispatch(open.dispatchId));
      await progress(cursor);
    }
    if (!page.cursor) break;
    cursor = page.cursor;
  }
  items = 0;
  await progress(undefined);
  return { visited, finished: true, resumed };
}

const CLOSER = { actor: 'system:closing' } as const;
const ADOPTION = 'open-set-adoption';

/**
 * Dispatches issued before the open set existed join it once (the first closing run): the one time
 * every issued dispatch is listed. A marker keeps later runs from listing them again.
 */
async function adoptIssuedOnce(now: Date): Promise<number> {
  if ((await getJobRun(ADOPTION))?.done) return 0;
  let adopted = 0;
  let cursor: string | undefined;
  do {
    const page = await listDispatches({ state: 'issued', limit: 100, ...(cursor ? { cursor } : {}) });
    for (const d of page.items) {
      if (!d.closedAt && (await adoptOpenDispatch({ dispatchId: d.id, closesAt: linkExpiry(d).toISOString() }))) adopted++;
    }
    cursor = page.cursor;
  } while (cursor);
  await saveJobRun(ADOPTION, { done: true, items: adopted, updatedAt: now.toISOString() });
  return adopted;
}

/**
 * The closing job: every open dispatch whose links have expired is closed (archived), audited; one
 * that is no longer issued leaves the set. Repeating a run changes nothing.
 */
export async function closeDueDispatches(now: Date): Promise<{ checked: number; closed: number; dropped: number; adopted: number }> {
  const adopted = await adoptIssuedOnce(now);
  let checked = 0;
  let closed = 0;
  let dropped = 0;
  let cursor: string | undefined;
  do {
    const page = await listOpenDispatches({ limit: 100, ...(cursor ? { cursor } : {}) });
    for (const open of page.items) {
      checked++;
      if (open.closesAt > now.toISOString()) continue;
      const dispatch = await getDispatch(open.dispatchId);
      if (!dispatch || dispatch.state !== 'issued' || dispatch.closedAt) {
        await dropOpenDispatch(open.dispatchId);
        dropped++;
        continue;
      }
      // The dispatch's own dates decide (the grace period may have changed since it was issued).
      const closesAt = linkExpiry(dispatch);
      if (closesAt > now) continue;
      const audit: AuditEvent = { ...CLOSER, at: now.toISOString(), action: 'dispatch.closed', details: { closesAt: closesAt.toISOString() } };
      if (await closeDispatch(dispatch.id, audit)) closed++;
    }
    cursor = page.cursor;
  } while (cursor);
  return { checked, closed, dropped, adopted };
}
