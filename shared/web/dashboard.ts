import { getDirective, listDirectives } from '../data/directive-repo';
import { listDispatches } from '../data/dispatch-repo';
import { vietnamDate } from '../domain/time';
import { recipientTable, summaryOfDirective, summaryOfDispatch } from '../services/progress-summary';
import { requireDispatch } from '../services/dispatches';
import type { Lang } from '../../templates/i18n';
import { chart, sorts, unitStates, type DirectiveDashboardData, type DirectiveView, type DispatchDashboardData, type UnitRow } from '../../templates/pages/app-dashboard';
import { sendProgressOf } from '../../templates/pages/app-dispatches';
import { fold } from '../services/directory';
import { pageLinks } from '../../templates/pages/paging';

/** The dashboard's data, from the same summaries the JSON API serves (counters: one read per dispatch). */
export async function dashboardData(now: Date, scope: ReadonlySet<string>) {
  // The newest issued dispatches of the agencies the person may read (their own and those below it).
  const [directives, issued] = await Promise.all([
    listDirectives(50),
    Promise.all([...scope].map((agencyCode) => listDispatches({ agencyCode, state: 'issued', limit: 50 }))),
  ]);
  const newest = issued
    .flatMap((page) => page.items)
    .sort((a, b) => (b.issuedAt ?? '').localeCompare(a.issuedAt ?? ''))
    .slice(0, 50);
  const directiveViews: DirectiveView[] = await Promise.all(
    directives.items.map(async (d) => {
      const s = await summaryOfDirective(d.id, now, scope);
      return { id: d.id, label: `${d.number}/${d.symbol}`, subject: d.subject, summary: s.summary, dispatches: s.dispatches, ...unanswered(d.deadline, s.dispatches.length, now) };
    }),
  );
  // The most urgent first: past their deadline with no dispatch carrying them out (otherwise as listed).
  directiveViews.sort((a, b) => Number(!!b.overdueUnanswered) - Number(!!a.overdueUnanswered));
  const dispatchViews = await Promise.all(newest.map((d) => summaryOfDispatch(d.id, now)));
  return { directives: directiveViews, dispatches: dispatchViews };
}

const stateRank = (s: string) => {
  const i = unitStates.indexOf(s as (typeof unitStates)[number]);
  return i < 0 ? 99 : i;
};

const byName = (a: UnitRow, b: UnitRow) => a.unitName.localeCompare(b.unitName, 'vi') || (a.symbol ?? '').localeCompare(b.symbol ?? '', 'vi');

/**
 * Earliest first; units that have not done it yet last. Code-unit order, not localeCompare: ICU collation
 * ranks punctuation such as a '~' placeholder before digits, which put the not-yet units first.
 */
const byTime = (a: string | undefined, b: string | undefined) => (a === b ? 0 : a === undefined ? 1 : b === undefined ? -1 : a < b ? -1 : 1);

/**
 * The query's filters (state; name, code or dispatch number) and sort over the rows, overdue units first
 * by default, then those furthest behind. Unknown values fall back to no filter and that default.
 */
export function unitTableOf(all: readonly UnitRow[], query: Readonly<Record<string, string>>, links?: { lang: Lang; path: string }) {
  const sort = sorts.find((s) => s === query['sort']) ?? 'state';
  const state = unitStates.find((s) => s === query['state']) ?? '';
  const q = (query['q'] ?? '').trim();
  const matches = (r: UnitRow) => [r.unitName, r.unitId, r.symbol ?? ''].some((v) => fold(v).includes(fold(q)));
  const by: Record<string, (a: UnitRow, b: UnitRow) => number> = {
    state: (a, b) => stateRank(a.state) - stateRank(b.state) || byName(a, b),
    name: byName,
    acknowledged: (a, b) => byTime(a.acknowledgedAt, b.acknowledgedAt) || byName(a, b),
    reported: (a, b) => byTime(a.reportedAt, b.reportedAt) || byName(a, b),
  };
  const matched = all.filter((r) => (!state || r.state === state) && (!q || matches(r))).sort(by[sort]);
  // The chart needs every row, the page does not: a bounded slice of the sorted table, "next page" keeping the filters.
  const pages = Math.max(1, Math.ceil(matched.length / DASHBOARD_ROWS));
  const page = Math.min(pages, Math.max(1, Number.parseInt(query['page'] ?? '1', 10) || 1));
  const rows = matched.slice((page - 1) * DASHBOARD_ROWS, page * DASHBOARD_ROWS);
  const pager = links ? pageLinks(links.lang, links.path, query, page < pages ? String(page + 1) : undefined, 'page') : undefined;
  return { rows, matchedRows: matched.length, totalRows: all.length, sort, state, q, ...(pager ? { pager } : {}) };
}

/** Rows of a dashboard's per-unit table per page. */
export const DASHBOARD_ROWS = 500;

/**
 * The directive's chart spans its dispatches: from the first issue date to the last deadline (a directive
 * is carried out when its last dispatch is due). Nothing issued yet: from today, without a deadline.
 */
export function directiveSpan(dispatches: readonly { issuedOn?: string | undefined; deadline?: string | undefined }[], today: string) {
  const from = dispatches.map((d) => d.issuedOn).filter((v): v is string => !!v).sort()[0] ?? today;
  const deadline = dispatches.map((d) => d.deadline).filter((v): v is string => !!v).sort().at(-1);
  return { from, deadline };
}

/** A directive's deadline and whether it passed with nothing issued to carry it out. */
const unanswered = (deadline: string | undefined, dispatches: number, now: Date) => ({
  ...(deadline ? { deadline } : {}),
  overdueUnanswered: dispatches === 0 && !!deadline && deadline < vietnamDate(now),
});

/** Counts rolled up from the same service as `GET /directives/{id}/summary?units=true`, units of every dispatch. */
export async function directiveData(id: string, query: Record<string, string>, lang: Lang, now: Date, scope: ReadonlySet<string>): Promise<DirectiveDashboardData> {
  const [s, d] = await Promise.all([summaryOfDirective(id, now, scope, true), getDirective(id)]);
  const all: UnitRow[] = (s.units ?? []).map((r) => ({ ...r }));
  const today = vietnamDate(now);
  const { from, deadline } = directiveSpan(s.dispatches, today);
  const tracked = all.filter((r) => r.state !== 'paper');
  return {
    view: { id, label: d ? `${d.number}/${d.symbol}` : id, subject: d?.subject ?? '', summary: s.summary, dispatches: s.dispatches, ...unanswered(d?.deadline, s.dispatches.length, now) },
    ...unitTableOf(all, query, { lang, path: `/app/dashboard/directives/${encodeURIComponent(id)}` }),
    chart: chart(lang, tracked, tracked.length, from, deadline, today),
  };
}

/** Overdue units first by default, then those furthest behind; filters by state and by name or code. */
export async function dispatchDashboardData(dispatchId: string, query: Record<string, string>, lang: Lang, now: Date): Promise<DispatchDashboardData> {
  const [view, table, dispatch] = await Promise.all([summaryOfDispatch(dispatchId, now), recipientTable(dispatchId, now), requireDispatch(dispatchId)]);
  const all: UnitRow[] = table.items.map((r) => ({ ...r }));
  const from = dispatch.issuedOn ?? vietnamDate(now);
  // Recipients sent on paper are listed but owe nothing here: the chart counts the tracked ones.
  const tracked = all.filter((r) => r.state !== 'paper');
  return {
    view,
    ...unitTableOf(all, query, { lang, path: `/app/dashboard/dispatches/${encodeURIComponent(dispatchId)}` }),
    chart: chart(lang, tracked, tracked.length, from, view.deadline, vietnamDate(now)),
    progress: sendProgressOf(lang, dispatch),
  };
}
