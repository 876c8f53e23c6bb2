import { listDirectives } from '../data/directive-repo';
import { listDispatches } from '../data/dispatch-repo';
import { vietnamDate } from '../domain/time';
import { recipientTable, summaryOfDirective, summaryOfDispatch } from '../services/progress-summary';
import { requireDispatch } from '../services/dispatches';
import type { Lang } from '../../templates/i18n';
import { chart, sorts, unitStates, type DirectiveView, type DispatchDashboardData, type UnitRow } from '../../templates/pages/app-dashboard';
import { sendProgressOf } from '../../templates/pages/app-dispatches';
import { fold } from '../services/directory';

/** The dashboard's data, from the same summaries the JSON API serves (counters: one read per dispatch). */
export async function dashboardData(now: Date) {
  const [directives, issued] = await Promise.all([listDirectives(50), listDispatches({ state: 'issued', limit: 50 })]);
  const directiveViews: DirectiveView[] = await Promise.all(
    directives.items.map(async (d) => {
      const s = await summaryOfDirective(d.id, now);
      return { id: d.id, label: `${d.number}/${d.symbol}`, subject: d.subject, summary: s.summary, dispatches: s.dispatches };
    }),
  );
  const dispatchViews = await Promise.all(issued.items.map((d) => summaryOfDispatch(d.id, now)));
  return { directives: directiveViews, dispatches: dispatchViews };
}

export async function directiveData(id: string, now: Date): Promise<DirectiveView> {
  const s = await summaryOfDirective(id, now);
  const d = (await listDirectives(100)).items.find((x) => x.id === id);
  return { id, label: d ? `${d.number}/${d.symbol}` : id, subject: d?.subject ?? '', summary: s.summary, dispatches: s.dispatches };
}

const stateRank = (s: string) => {
  const i = unitStates.indexOf(s as (typeof unitStates)[number]);
  return i < 0 ? 99 : i;
};

/** Overdue units first by default, then those furthest behind; filters by state and by name or code. */
export async function dispatchDashboardData(dispatchId: string, query: Record<string, string>, lang: Lang, now: Date): Promise<DispatchDashboardData> {
  const [view, table, dispatch] = await Promise.all([summaryOfDispatch(dispatchId, now), recipientTable(dispatchId, now), requireDispatch(dispatchId)]);
  const sort = sorts.find((s) => s === query['sort']) ?? 'state';
  const state = unitStates.find((s) => s === query['state']) ?? '';
  const q = (query['q'] ?? '').trim();
  const all: UnitRow[] = table.items.map((r) => ({ ...r }));
  let rows = all.filter((r) => (!state || r.state === state) && (!q || fold(r.unitName).includes(fold(q))));
  const by: Record<string, (a: UnitRow, b: UnitRow) => number> = {
    state: (a, b) => stateRank(a.state) - stateRank(b.state) || a.unitName.localeCompare(b.unitName, 'vi'),
    name: (a, b) => a.unitName.localeCompare(b.unitName, 'vi'),
    acknowledged: (a, b) => (a.acknowledgedAt ?? '~').localeCompare(b.acknowledgedAt ?? '~'),
    reported: (a, b) => (a.reportedAt ?? '~').localeCompare(b.reportedAt ?? '~'),
  };
  rows = [...rows].sort(by[sort]);
  const from = dispatch.issuedOn ?? vietnamDate(now);
  return {
    view,
    rows,
    totalRows: all.length,
    chart: chart(lang, all, all.length, from, view.deadline, vietnamDate(now)),
    sort,
    state,
    q,
    progress: sendProgressOf(lang, dispatch),
  };
}
