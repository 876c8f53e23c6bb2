import type { Requirement } from '../schemas/dispatch';
import { addDays, viDate } from './time';
import { owed, type ProgressFacts } from './progress';

/**
 * Reminder steps: for each due date of a dispatch, one step N days before and one on the day.
 * A step is named after its kind and date (`before3:2026-12-12`, `due:2026-12-15`) so a unit is
 * reminded at most once per step however often the job runs.
 */
export const REMINDER_DAYS_BEFORE = 3;

export function reminderStepsDue(requirements: readonly Requirement[], today: string, daysBefore = REMINDER_DAYS_BEFORE): string[] {
  const dues = [...new Set(requirements.map((r) => r.dueDate).filter((d): d is string => !!d))].sort();
  const steps: string[] = [];
  for (const due of dues) {
    const before = addDays(new Date(`${due}T00:00:00Z`), -daysBefore).toISOString().slice(0, 10);
    if (today === before) steps.push(`before${daysBefore}:${due}`);
    if (today === due) steps.push(`due:${due}`);
  }
  return steps;
}

/** A unit lags while it still owes anything: acknowledgment, report or accounts. */
export const lags = (r: ProgressFacts, requirements: readonly Requirement[]): boolean => Object.values(owed(r, requirements)).some(Boolean);

export function reminderText(step: string): { vi: string; en: string } {
  const [kind, date] = step.split(':');
  if (kind === 'due') return { vi: `Hôm nay (${viDate(date)}) là hạn thực hiện; đơn vị chưa hoàn thành các việc được yêu cầu.`, en: `Today (${date}) is the due date; your unit has not yet done everything asked.` };
  if (kind?.startsWith('before')) return { vi: `Sắp đến hạn thực hiện (${viDate(date)}); đơn vị chưa hoàn thành các việc được yêu cầu.`, en: `The due date (${date}) is near; your unit has not yet done everything asked.` };
  return { vi: 'Văn thư nhắc đơn vị hoàn thành các việc được yêu cầu.', en: 'The issuing office reminds your unit to complete what was asked.' };
}

/**
 * One "remind all" (a clerk's click or the daily job's step) of a dispatch (stored by shared/data/reminder-run-repo.ts): who asked, when, and how far
 * the fan-out and the mail got. Keyed by the reminder step, under the dispatch: a second click within
 * the same minute (same step) finds this run instead of starting another.
 */
export interface ReminderRun {
  dispatchId: string;
  step: string;
  /**
   * A clerk's "remind" or "resend link" of one unit: a run of one letter, keyed under the unit
   * (UNITRUN#…), apart from the dispatch-wide runs the page's "reminder run" card follows.
   */
  unitId?: string;
  actor: string;
  /** Who asked, by name, for the page (people's runs; the scheduled job's have none). */
  actorName?: string;
  createdAt: string;
  /** The recipient page the fan-out continues from ('' = the first); unset once every page is enqueued. */
  cursor?: string;
  /** Every recipient page has been looked at (each laggard's reminder is on the mail queue). */
  fannedOut: boolean;
  queued: number;
  sent: number;
  failed: number;
  skipped: number;
  /**
   * The outcomes counted (sent + failed + skipped) when the reminder sweeper last looked at the run
   * (shared/services/reminder-sweep.ts): the same total a grace later means its letters stopped moving.
   */
  sweptTotal?: number;
}
