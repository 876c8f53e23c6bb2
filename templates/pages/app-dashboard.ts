import type { ProgressSummary } from '../../shared/domain/progress';
import { html, type Html } from '../html';
import { t, viDate, viDateTime, type Lang, type TextKey } from '../i18n';
import { layout } from './app-layout';
import type { PageShell } from './app-layout';
import type { SendProgress } from './app-dispatches';

/**
 * Leadership's dashboard: per directive and per dispatch, bars and counts by state, overdue units first,
 * a chart of acknowledgments and reports per day against the deadline (inline SVG, no script), and the
 * per-unit table with sorting and filters. While a dispatch is still being sent the page follows it.
 */
export interface DispatchSummaryView {
  dispatchId: string;
  symbol?: string | undefined;
  subject: string;
  issuedOn?: string | undefined;
  deadline?: string | undefined;
  summary: ProgressSummary;
}

export interface DirectiveView {
  id: string;
  label: string;
  subject: string;
  summary: ProgressSummary;
  dispatches: readonly DispatchSummaryView[];
  /** The directive's own deadline, when it sets one. */
  deadline?: string | undefined;
  /** Its deadline has passed and no dispatch carries it out: the most urgent case on the dashboard. */
  overdueUnanswered?: boolean;
}

/**
 * A directive no issued dispatch carries out yet: what is missing and what to do, instead of 0/0 bars.
 * Past its deadline it is flagged as the most urgent case.
 */
function unansweredNote(lang: Lang, d: DirectiveView, canDraft: boolean): Html {
  return html`<div class="${d.overdueUnanswered ? 'unanswered urgent' : 'unanswered'}">
<p>${d.overdueUnanswered ? html`<span class="badge failed">${t(lang, 'directiveOverdueBadge')}</span> ` : ''}${t(lang, d.overdueUnanswered ? 'directiveOverdueNoDispatch' : 'directiveNoDispatch', { date: d.deadline ? viDate(d.deadline) : '' })}</p>
<p>${canDraft ? html`<a class="button${d.overdueUnanswered ? '' : ' secondary'}" href="/app/dispatches/new">${t(lang, 'draftImplementing')}</a>` : t(lang, 'askClerkToDraft')}</p></div>`;
}

export interface UnitRow {
  /** Set on the directive page, where one table holds the units of every dispatch citing it. */
  dispatchId?: string | undefined;
  symbol?: string | undefined;
  unitId: string;
  unitName: string;
  role: string;
  state: string;
  acknowledgedAt?: string | undefined;
  firstReportedAt?: string | undefined;
  reportedAt?: string | undefined;
  accountsRequested?: number | undefined;
  accountsDone?: number | undefined;
}

const pct = (n: number, total: number) => (total ? Math.round((100 * n) / total) : 0);

function bars(lang: Lang, s: ProgressSummary): Html {
  const row = (key: TextKey, n: number, total = s.recipients) =>
    html`<div class="bar"><span class="bar-label">${t(lang, key)}</span><progress max="${total || 1}" value="${n}">${pct(n, total)}%</progress><span class="bar-count">${n}/${total}</span></div>`;
  return html`<div class="bars">${row('opened', s.opened)}${row('acknowledged', s.acknowledged)}${row('reported', s.reported)}${row('completed', s.completed)}
${s.overdue ? html`<div class="bar overdue"><span class="bar-label">${t(lang, 'overdueUnits')}</span><progress max="${s.recipients || 1}" value="${s.overdue}"></progress><span class="bar-count">${s.overdue}/${s.recipients}</span></div>` : ''}
${s.accounts.requested ? row('accountsDone', s.accounts.done, s.accounts.requested) : ''}</div>`;
}

function dispatchCard(lang: Lang, d: DispatchSummaryView): Html {
  return html`<article class="card"><h3><a href="/app/dashboard/dispatches/${encodeURIComponent(d.dispatchId)}">${d.symbol ?? ''}</a> — V/v ${d.subject}</h3>
<p class="muted">${d.issuedOn ? html`${t(lang, 'issuedOn')} ${viDate(d.issuedOn)}` : ''}${d.deadline ? html` · ${t(lang, 'deadline')} ${viDate(d.deadline)}` : ''} · ${t(lang, 'recipientsCount')}: ${d.summary.recipients}</p>
${bars(lang, d.summary)}</article>`;
}

export function dashboardPage(p: PageShell, directives: readonly DirectiveView[], dispatches: readonly DispatchSummaryView[]): string {
  const { lang } = p;
  return layout(
    { lang, actor: p.actor, csrf: p.csrf, title: t(lang, 'navDashboard') },
    html`<h1>${t(lang, 'navDashboard')}</h1>
<h2>${t(lang, 'directivesHeading')}</h2>
${directives.length
  ? directives.map(
      (d) => html`<article class="card${d.overdueUnanswered ? ' urgent-card' : ''}"><h3><a href="/app/dashboard/directives/${encodeURIComponent(d.id)}">${d.label}</a> — ${d.subject}</h3>
${d.dispatches.length
  ? html`<p class="muted">${t(lang, 'dispatchesCiting')}: ${d.dispatches.map((x, i) => html`${i ? ', ' : ''}<a href="/app/dashboard/dispatches/${encodeURIComponent(x.dispatchId)}">${x.symbol ?? ''}</a>`)}${d.deadline ? html` · ${t(lang, 'deadline')} ${viDate(d.deadline)}` : ''}</p>
${bars(lang, d.summary)}`
  : unansweredNote(lang, d, p.actor.roles.includes('clerk'))}</article>`,
    )
  : html`<p>${t(lang, 'noDirectives')}</p>`}
<h2>${t(lang, 'dispatchesHeading')}</h2>
${dispatches.length ? dispatches.map((d) => dispatchCard(lang, d)) : html`<p>${t(lang, 'noIssued')}</p>`}`,
  );
}

export interface DirectiveDashboardData extends UnitTableData {
  view: DirectiveView;
}

export function directiveDashboardPage(p: PageShell, d: DirectiveDashboardData): string {
  const { lang } = p;
  const id = encodeURIComponent(d.view.id);
  return layout(
    { lang, actor: p.actor, csrf: p.csrf, title: d.view.label },
    // Nothing issued carries it out yet: say what is missing and what to do; no empty chart, table or export.
    d.view.dispatches.length === 0
      ? html`<h1>${d.view.label} — ${d.view.subject}</h1>
<section class="card${d.view.overdueUnanswered ? ' urgent-card' : ''}">${unansweredNote(lang, d.view, p.actor.roles.includes('clerk'))}</section>
<p><a href="/app/dashboard">${t(lang, 'backToDashboard')}</a></p>`
      : html`<h1>${d.view.label} — ${d.view.subject}</h1>
${countBoxes(lang, d.view.summary, false)}
<div class="split"><div class="card">${bars(lang, d.view.summary)}
<p class="actions"><a class="button secondary" href="/app/dashboard/directives/${id}/export/csv">${t(lang, 'exportCsv')}</a> <a class="button secondary" href="/app/dashboard/directives/${id}/export/xlsx">${t(lang, 'exportXlsx')}</a></p></div><div>${d.chart}</div></div>
<h2>${t(lang, 'dispatchesCiting')}</h2>${d.view.dispatches.map((x) => dispatchCard(lang, x))}
${unitSection(lang, `/app/dashboard/directives/${id}`, d, true)}`,
  );
}

/** Cumulative units acknowledged and reported per day, from the issue date to the later of the deadline and today. */
export function chart(lang: Lang, rows: readonly UnitRow[], total: number, from: string, deadline: string | undefined, today: string): Html {
  const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
  const localDay = (iso: string) => new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 10);
  const start = day(from);
  const end = Math.max(day(today), deadline ? day(deadline) : start, start + 1);
  const span = end - start;
  // A narrow drawing with large type: scaled to a 360 px phone's card (about 290 px), labels stay at least 11 px.
  const W = 400, H = 230, L = 40, R = 8, T = 22, B = 30;
  const x = (d: number) => L + ((d - start) / span) * (W - L - R);
  const y = (n: number) => T + (1 - n / Math.max(total, 1)) * (H - T - B);
  const series = (times: (string | undefined)[]) => {
    const days = times.filter((v): v is string => !!v).map((v) => day(localDay(v))).sort((a, b) => a - b);
    const points: string[] = [];
    let count = 0;
    for (let d = start; d <= Math.min(end, day(today)); d++) {
      while (count < days.length && days[count]! <= d) count++;
      points.push(`${x(d).toFixed(1)},${y(count).toFixed(1)}`);
    }
    return points;
  };
  // A series of one day is a dot, not an invisible line; the last point is marked either way.
  const line = (points: string[], colour: string, dash: string) => {
    const [cx, cy] = (points.at(-1) ?? `${x(start)},${y(0)}`).split(',');
    return html`<polyline points="${points.join(' ')}" fill="none" stroke="${colour}" stroke-width="2.5"${dash ? html` stroke-dasharray="${dash}"` : ''}/><circle cx="${cx}" cy="${cy}" r="4" fill="${colour}"/>`;
  };
  const ack = series(rows.map((r) => r.acknowledgedAt));
  const rep = series(rows.map((r) => r.firstReportedAt ?? r.reportedAt));
  const acked = rows.filter((r) => r.acknowledgedAt).length;
  const reported = rows.filter((r) => r.firstReportedAt ?? r.reportedAt).length;
  const label = `${t(lang, 'chartTitle')}: ${t(lang, 'acknowledged')} ${acked}/${total}, ${t(lang, 'reported')} ${reported}/${total}${deadline ? `, ${t(lang, 'chartDue')} ${viDate(deadline)}` : ''}`;
  return html`<figure class="card chart"><figcaption>${t(lang, 'chartTitle')}</figcaption>
<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${label}" class="chart-svg">
<line x1="${L}" y1="${y(0)}" x2="${W - R}" y2="${y(0)}" stroke="#888"/><line x1="${L}" y1="${T}" x2="${L}" y2="${y(0)}" stroke="#888"/>
<text x="${L - 6}" y="${y(total) + 4}" text-anchor="end" font-size="16">${total}</text><text x="${L - 6}" y="${y(0) + 4}" text-anchor="end" font-size="16">0</text>
<text x="${L}" y="${H - 8}" font-size="16">${viDate(from)}</text><text x="${W - R}" y="${H - 8}" font-size="16" text-anchor="end">${viDate(new Date(end * 86_400_000).toISOString().slice(0, 10))}</text>
${deadline ? html`<line x1="${x(day(deadline))}" y1="${T}" x2="${x(day(deadline))}" y2="${y(0)}" stroke="#a11" stroke-dasharray="5 4"/><text x="${x(day(deadline)) - 4}" y="${T - 6}" font-size="16" fill="#a11" text-anchor="end">${t(lang, 'chartDue')} ${viDate(deadline)}</text>` : ''}
${line(ack, '#0b4f9c', '')}
${line(rep, '#2a8a3a', '7 3')}
</svg>
<p class="legend"><span class="key ack"></span> ${t(lang, 'acknowledged')} (${acked}) <span class="key rep"></span> ${t(lang, 'reported')} (${reported})</p></figure>`;
}

export const unitStates = ['overdue', 'queued', 'sent', 'delivered', 'failed', 'bounced', 'opened', 'acknowledged', 'reported', 'paper'] as const;
export const sorts = ['state', 'name', 'acknowledged', 'reported'] as const;

/** The per-unit table with its filters, as both dashboards show it. */
export interface UnitTableData {
  /** The page of the filtered, sorted table shown. */
  rows: readonly UnitRow[];
  /** Rows the filters keep, on every page. */
  matchedRows?: number;
  totalRows: number;
  pager?: Html;
  chart: Html;
  sort: string;
  state: string;
  q: string;
}

export interface DispatchDashboardData extends UnitTableData {
  view: DispatchSummaryView;
  progress?: SendProgress;
}

type Count = [label: TextKey, value: number | string, liveKey: string];

/**
 * Counts by state in two rows: the mail (sent, delivered, bounced) and then the steps through the link.
 * `live` marks the boxes the sending progress JSON keeps current; a rolled-up directive has no single
 * dispatch to poll. Failed sends, spam complaints and accounts are rare, so they show only when there are some.
 */
export function countBoxes(lang: Lang, s: ProgressSummary, live: boolean): Html {
  const when = (n: number, c: Count): Count[] => (n ? [c] : []);
  const mail: Count[] = [
    ['recipientsCount', s.recipients, 'recipients'],
    ['mailSentCount', s.mail.sent, 'mailSent'],
    ['mailDeliveredCount', s.mail.delivered, 'mailDelivered'],
    ['mailBouncedCount', s.mail.bounced, 'mailBounced'],
    ...when(s.mail.failed, ['mailFailedCount', s.mail.failed, 'mailFailed']),
    ...when(s.mail.complained, ['mailComplainedCount', s.mail.complained, 'mailComplained']),
    // Recipients outside the directory without an email: printed and sent on paper, counted apart.
    ...when(s.paper, ['paperCount', s.paper, '']),
  ];
  const steps: Count[] = [
    ['opened', s.opened, 'opened'],
    ['acknowledged', s.acknowledged, 'acknowledged'],
    ['reported', s.reported, 'reported'],
    ['completed', s.completed, 'completed'],
    ['overdueUnits', s.overdue, 'overdue'],
    ['resetRequestsLabel', s.resetRequests.total, ''],
    ...when(s.accounts.requested, ['accountsDone', `${s.accounts.done}/${s.accounts.requested}`, '']),
  ];
  // What needs someone's attention is drawn in red: overdue units and mail that did not arrive.
  const alerting: readonly TextKey[] = ['overdueUnits', 'mailBouncedCount', 'mailFailedCount', 'mailComplainedCount'];
  const row = (counts: Count[]) =>
    html`<dl class="counts">${counts.map(
      ([k, n, key]) => html`<div class="count${alerting.includes(k) && n ? ' alert' : ''}"><dt>${t(lang, k)}</dt><dd${live && key ? html` data-count="${key}"` : ''}>${n}</dd></div>`,
    )}</dl>`;
  return html`${row(mail)}${row(steps)}`;
}

/** Heading, filters and the per-unit table; `withDispatch` adds the column naming each row's dispatch. */
function unitSection(lang: Lang, action: string, d: UnitTableData, withDispatch: boolean): Html {
  const dispatchCell = (r: UnitRow) =>
    r.dispatchId
      ? html`<td data-label="${t(lang, 'dispatchCol')}" class="nowrap"><a href="/app/dashboard/dispatches/${encodeURIComponent(r.dispatchId)}">${r.symbol ?? r.dispatchId}</a></td>`
      : html`<td data-label="${t(lang, 'dispatchCol')}">—</td>`;
  return html`<h2>${t(lang, 'perUnit')} (${d.matchedRows ?? d.rows.length}/${d.totalRows})</h2>
<form method="get" action="${action}" class="filters card">
<div><label for="state">${t(lang, 'stateLabel')}</label><select id="state" name="state"><option value="">${t(lang, 'allStates')}</option>${unitStates.map((u) => html`<option value="${u}"${d.state === u ? html` selected` : ''}>${t(lang, `rstate_${u}` as TextKey)}</option>`)}</select></div>
<div><label for="q">${t(lang, 'unit')}</label><input type="search" id="q" name="q" value="${d.q}"></div>
<div><label for="sort">${t(lang, 'sortBy')}</label><select id="sort" name="sort">${sorts.map((x) => html`<option value="${x}"${d.sort === x ? html` selected` : ''}>${t(lang, `sort_${x}` as TextKey)}</option>`)}</select></div>
<button type="submit" class="secondary">${t(lang, 'filter')}</button></form>
<div class="table-wrap"><table class="stack"><thead><tr><th scope="col">${t(lang, 'unit')}</th>${withDispatch ? html`<th scope="col">${t(lang, 'dispatchCol')}</th>` : ''}<th scope="col">${t(lang, 'stateLabel')}</th><th scope="col">${t(lang, 'acknowledged')}</th><th scope="col">${t(lang, 'reported')}</th><th scope="col">${t(lang, 'accountsDone')}</th></tr></thead>
<tbody>${d.rows.map(
    (r) => html`<tr${r.state === 'overdue' ? html` class="row-overdue"` : ''}><td>${r.unitName}</td>${withDispatch ? dispatchCell(r) : ''}<td><span class="badge ${r.state}">${t(lang, `rstate_${r.state}` as TextKey)}</span></td>
<td data-label="${t(lang, 'acknowledged')}">${r.acknowledgedAt ? viDateTime(r.acknowledgedAt) : '—'}</td><td data-label="${t(lang, 'reported')}">${r.reportedAt ? viDateTime(r.reportedAt) : '—'}</td><td data-label="${t(lang, 'accountsDone')}">${r.accountsRequested ? `${r.accountsDone ?? 0}/${r.accountsRequested}` : '—'}</td></tr>`,
  )}</tbody></table></div>${d.pager ?? ''}`;
}

export function dispatchDashboardPage(p: PageShell, d: DispatchDashboardData): string {
  const { lang } = p;
  const id = encodeURIComponent(d.view.dispatchId);
  const s = d.view.summary;
  return layout(
    { lang, actor: p.actor, csrf: p.csrf, title: d.view.symbol ?? d.view.subject },
    html`<h1>${d.view.symbol ?? ''} — V/v ${d.view.subject}</h1>
<p class="muted">${d.view.issuedOn ? html`${t(lang, 'issuedOn')} ${viDate(d.view.issuedOn)}` : ''}${d.view.deadline ? html` · ${t(lang, 'deadline')} ${viDate(d.view.deadline)}` : ''}</p>
${d.progress && !d.progress.finished ? html`<section class="card" aria-live="polite" data-poll="/app/dispatches/${id}/progress" data-reload><h2>${t(lang, 'issueProgress')}</h2><progress id="send-progress" max="${d.progress.total || 1}" value="${d.progress.sent}"></progress><p id="send-progress-text">${d.progress.text}</p></section>` : ''}
${countBoxes(lang, s, true)}
<div class="split"><div class="card">${bars(lang, s)}
<p class="actions"><a class="button secondary" href="/app/dashboard/dispatches/${id}/export/csv">${t(lang, 'exportCsv')}</a> <a class="button secondary" href="/app/dashboard/dispatches/${id}/export/xlsx">${t(lang, 'exportXlsx')}</a></p></div>
<div>${d.chart}</div></div>
${unitSection(lang, `/app/dashboard/dispatches/${id}`, d, false)}`,
  );
}
