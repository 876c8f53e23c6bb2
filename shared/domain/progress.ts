import type { FieldError } from '../errors';
import type { Requirement } from '../schemas/dispatch';
import { endOfVietnamDay } from './time';
import { unsafeTextKey } from '../schemas/common';
import { customMessage } from '../schemas/messages';

/**
 * What a recipient unit owes for a dispatch and how far it has come. Pure rules: the repositories
 * keep the recipient item and the dispatch's counters in step; this module says what the steps mean.
 */
export type ReportStatus = 'done' | 'not_done' | 'partly';
export const reportStatuses: readonly ReportStatus[] = ['done', 'not_done', 'partly'];
export const reportStatusLabel: Record<ReportStatus, { vi: string; en: string }> = {
  done: { vi: 'Đã thực hiện', en: 'Done' },
  partly: { vi: 'Thực hiện một phần', en: 'Partly done' },
  not_done: { vi: 'Chưa thực hiện', en: 'Not done' },
};

export interface ReportItem {
  n: number;
  status: ReportStatus;
  note?: string;
  /** YYYY-MM-DD */
  doneOn?: string;
}

export const MAX_NOTE = 2000;

/** Requirements a unit reports on; the "acknowledge only" ones are answered by the acknowledgment. */
export const reportableRequirements = (requirements: readonly Requirement[]) => requirements.filter((r) => r.response !== 'acknowledge');
export const asksForAccounts = (requirements: readonly Requirement[]) => requirements.some((r) => r.response === 'accounts');

/** End (Vietnam time) of the last due date; without due dates reports stay open as long as the link. */
export function reportDeadline(requirements: readonly Requirement[]): Date | undefined {
  const last = requirements.map((r) => r.dueDate).filter((d): d is string => !!d).sort().at(-1);
  return last ? endOfVietnamDay(last) : undefined;
}

export const canStillReport = (requirements: readonly Requirement[], now: Date): boolean => {
  const deadline = reportDeadline(requirements);
  return !deadline || now.getTime() <= deadline.getTime();
};

export type RecipientRole = 'action' | 'information';

/**
 * The step that completes a recipient: a unit that must act is done when it has reported; a unit
 * that only receives for information (or a dispatch with nothing to report) when it has acknowledged.
 */
export const completesOn = (role: RecipientRole, requirements: readonly Requirement[]): 'acknowledge' | 'report' =>
  role === 'action' && reportableRequirements(requirements).length > 0 ? 'report' : 'acknowledge';

export interface ProgressFacts {
  role: RecipientRole;
  mailStatus?: string;
  bouncedAt?: string;
  deliveredAt?: string;
  firstOpenedAt?: string;
  acknowledgedAt?: string;
  reportVersion?: number;
  resetRequestId?: string;
}

export function owed(r: ProgressFacts, requirements: readonly Requirement[]) {
  return {
    acknowledge: !r.acknowledgedAt,
    report: r.role === 'action' && reportableRequirements(requirements).length > 0 && !r.reportVersion,
    // A unit with no leaked accounts has nothing to list: once it has reported (on the accounts
    // requirement too), it owes no list, as the completion count already says.
    accounts: r.role === 'action' && asksForAccounts(requirements) && !r.resetRequestId && !r.reportVersion,
  };
}

export const isComplete = (r: ProgressFacts, requirements: readonly Requirement[]) =>
  completesOn(r.role, requirements) === 'report' ? !!r.reportVersion : !!r.acknowledgedAt;

export type RecipientState = 'queued' | 'failed' | 'bounced' | 'sent' | 'delivered' | 'opened' | 'acknowledged' | 'reported' | 'overdue' | 'paper';

/**
 * The one word a clerk's per-unit table shows for a recipient. One sent on paper (outside the directory,
 * no email) stays `paper`: it has no link, so it never opens, acknowledges or falls overdue here.
 */
export function recipientState(r: ProgressFacts, requirements: readonly Requirement[], now: Date): RecipientState {
  if (r.mailStatus === 'paper') return 'paper';
  const deadline = reportDeadline(requirements);
  if (!isComplete(r, requirements) && deadline && now.getTime() > deadline.getTime()) return 'overdue';
  if (r.reportVersion) return 'reported';
  if (r.acknowledgedAt) return 'acknowledged';
  if (r.firstOpenedAt) return 'opened';
  if (r.bouncedAt) return 'bounced';
  if (r.mailStatus === 'failed') return 'failed';
  if (r.deliveredAt) return 'delivered';
  if (r.mailStatus === 'sent') return 'sent';
  return 'queued';
}

/** Counters kept on the dispatch item, each moved in the same transaction as the recipient it counts. */
export interface ProgressStats {
  /** Tracked recipients (delivered by email); those sent on paper are counted in `paper` only. */
  recipients: number;
  paper?: number;
  mailSent: number;
  mailFailed: number;
  delivered?: number;
  bounced?: number;
  complained?: number;
  opened?: number;
  acknowledged?: number;
  reported?: number;
  completed?: number;
  resetRequests?: number;
  resetRequestsCompleted?: number;
  accountsRequested?: number;
  accountsDone?: number;
}

export interface ProgressSummary {
  /** Tracked recipients: every percentage and the overdue count are out of these. */
  recipients: number;
  /** Sent on paper, apart: they owe no response here. */
  paper: number;
  mail: { sent: number; failed: number; delivered: number; bounced: number; complained: number };
  opened: number;
  acknowledged: number;
  reported: number;
  completed: number;
  /** Recipients not complete after the deadline: zero before it. */
  overdue: number;
  accounts: { requested: number; done: number };
  resetRequests: { total: number; completed: number; open: number };
}

export function summarize(stats: ProgressStats, requirements: readonly Requirement[], now: Date): ProgressSummary {
  const n = (v: number | undefined) => v ?? 0;
  const deadline = reportDeadline(requirements);
  const pastDeadline = !!deadline && now.getTime() > deadline.getTime();
  return {
    recipients: n(stats.recipients),
    paper: n(stats.paper),
    mail: { sent: n(stats.mailSent), failed: n(stats.mailFailed), delivered: n(stats.delivered), bounced: n(stats.bounced), complained: n(stats.complained) },
    opened: n(stats.opened),
    acknowledged: n(stats.acknowledged),
    reported: n(stats.reported),
    completed: n(stats.completed),
    overdue: pastDeadline ? Math.max(0, n(stats.recipients) - n(stats.completed)) : 0,
    accounts: { requested: n(stats.accountsRequested), done: n(stats.accountsDone) },
    resetRequests: { total: n(stats.resetRequests), completed: n(stats.resetRequestsCompleted), open: n(stats.resetRequests) - n(stats.resetRequestsCompleted) },
  };
}

/** Adds summaries up, e.g. over every dispatch citing one directive. */
export function addSummaries(a: ProgressSummary, b: ProgressSummary): ProgressSummary {
  const add = (x: Record<string, unknown>, y: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(x).map(([k, v]) => [k, typeof v === 'number' ? v + (y[k] as number) : add(v as Record<string, unknown>, y[k] as Record<string, unknown>)]));
  return add(a as unknown as Record<string, unknown>, b as unknown as Record<string, unknown>) as unknown as ProgressSummary;
}

/**
 * The report form: for each reportable requirement n, `status.n` (done / not_done / partly),
 * `note.n` and `doneOn.n` (required when done; never after today). Every bad field is named.
 */
export function parseReportForm(
  form: Readonly<Record<string, string>>,
  requirements: readonly Requirement[],
  today: string,
): { items: ReportItem[]; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const items: ReportItem[] = [];
  for (const { n } of reportableRequirements(requirements)) {
    const status = form[`status.${n}`];
    const note = (form[`note.${n}`] ?? '').trim();
    const doneOn = (form[`doneOn.${n}`] ?? '').trim();
    if (!status || !(reportStatuses as readonly string[]).includes(status)) {
      problems.push({ field: `status.${n}`, vi: `Yêu cầu ${n}: cần chọn kết quả thực hiện`, en: `Requirement ${n}: choose a status` });
      continue;
    }
    const unsafe = unsafeTextKey(note, true);
    if (unsafe) {
      const m = customMessage(unsafe);
      problems.push({ field: `note.${n}`, vi: `Yêu cầu ${n}: ghi chú ${m.vi}`, en: `Requirement ${n}: the note ${m.en}` });
    }
    if (note.length > MAX_NOTE) {
      problems.push({ field: `note.${n}`, vi: `Yêu cầu ${n}: ghi chú dài quá ${MAX_NOTE} ký tự`, en: `Requirement ${n}: the note has more than ${MAX_NOTE} characters` });
    }
    if (doneOn && (!/^\d{4}-\d{2}-\d{2}$/.test(doneOn) || Number.isNaN(Date.parse(`${doneOn}T00:00:00Z`)))) {
      problems.push({ field: `doneOn.${n}`, vi: `Yêu cầu ${n}: ngày thực hiện phải có dạng YYYY-MM-DD`, en: `Requirement ${n}: the date done must be YYYY-MM-DD` });
    } else if (doneOn && doneOn > today) {
      problems.push({ field: `doneOn.${n}`, vi: `Yêu cầu ${n}: ngày thực hiện không được sau hôm nay`, en: `Requirement ${n}: the date done cannot be in the future` });
    } else if (status === 'done' && !doneOn) {
      problems.push({ field: `doneOn.${n}`, vi: `Yêu cầu ${n}: cần ghi ngày thực hiện`, en: `Requirement ${n}: the date done is required` });
    }
    items.push({ n, status: status as ReportStatus, ...(note ? { note } : {}), ...(doneOn && status !== 'not_done' ? { doneOn } : {}) });
  }
  return { items, problems };
}

/** Two reports say the same thing (a double click or a retried POST is not a new version). */
export const sameReport = (a: readonly ReportItem[], b: readonly ReportItem[]) => {
  // Field by field: a stored map does not keep the order its keys were written in.
  const canonical = (items: readonly ReportItem[]) => items.map((i) => [i.n, i.status, i.note ?? '', i.doneOn ?? ''].join('\u0000')).join('\u0001');
  return canonical(a) === canonical(b);
};
