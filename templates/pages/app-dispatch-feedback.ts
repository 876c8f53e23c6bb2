import type { ListedAuditEvent } from '../../shared/domain/audit-chain';
import type { DispatchRecord } from '../../shared/domain/dispatch-record';
import { html, type Html } from '../html';
import { t, viDateTime, type Lang, type TextKey } from '../i18n';
import { csrfField, layout } from './app-layout';
import type { PageShell } from './app-layout';

/**
 * The dispatch page's feedback pieces (issue 14): the signer's return comment set apart for the clerk,
 * the history read from the audit trail, and the confirmation step of the actions that send mail or
 * delete, a page of its own so it works without the script and names who will get what.
 */
const dispatchHref = (id: string) => `/app/dispatches/${encodeURIComponent(id)}`;

/** The comment a signer returned the letter with, where the clerk looks first, with what to do next. */
export function returnedCallout(lang: Lang, d: DispatchRecord): Html | string {
  if (d.state !== 'returned' || !d.returnComment) return '';
  return html`<section class="card return-note" aria-labelledby="return-note-title">
<h2 id="return-note-title">${t(lang, 'returnedBy', { name: d.content.signer.name })}</h2>
<blockquote class="pre">${d.returnComment}</blockquote>
<p class="muted">${t(lang, 'returnedHint')}</p></section>`;
}

export interface HistoryView {
  events: readonly ListedAuditEvent[];
  /** Unit names by id, for events about one unit (mail, links, reminders). */
  units: ReadonlyMap<string, string>;
  pager?: Html;
}

const historyKeys = new Set<string>([
  'create', 'edit', 'submit', 'withdraw', 'sign', 'return', 'issue', 'recall', 'delete', 'pdf.stored', 'mail.sent', 'mail.failed',
  'link.resent', 'link.revoked', 'link.acknowledged', 'link.reported', 'reminder.sent', 'reminder.failed', 'recipient.promoted', 'dispatch.closed',
]);

function whoOf(lang: Lang, e: ListedAuditEvent, units: ReadonlyMap<string, string>): string {
  if (e.actorName) return e.actorName;
  // An emailed link acts for its unit; jobs and consumers for the system: never an id on the page.
  if (e.actor.startsWith('link:')) return units.get(e.actor.slice(5)) ?? t(lang, 'historyUnit', { unit: e.actor.slice(5) });
  return t(lang, 'historySystem');
}

function whatOf(lang: Lang, e: ListedAuditEvent, units: ReadonlyMap<string, string>): Html {
  const key = (historyKeys.has(e.action) ? `hist_${e.action}` : 'hist_other') as TextKey;
  const unitId = typeof e.details?.['unitId'] === 'string' ? (e.details['unitId'] as string) : undefined;
  const unit = unitId ? units.get(unitId) ?? unitId : undefined;
  const comment = typeof e.details?.['comment'] === 'string' ? (e.details['comment'] as string) : undefined;
  return html`${t(lang, key)}${unit && !e.actor.startsWith('link:') ? html` — ${unit}` : ''}${comment ? html`<br><small class="muted pre">${comment}</small>` : ''}`;
}

export function historyBlock(lang: Lang, view: HistoryView | undefined): Html | string {
  if (!view) return '';
  return html`<section class="history" aria-labelledby="history-title"><h2 id="history-title">${t(lang, 'historyTitle')}</h2>
${view.events.length
  ? html`<div class="table-wrap"><table class="stack history-table"><thead><tr><th scope="col">${t(lang, 'historyWhen')}</th><th scope="col">${t(lang, 'historyWho')}</th><th scope="col">${t(lang, 'historyWhat')}</th></tr></thead>
<tbody>${view.events.map((e) => html`<tr><td class="nowrap">${viDateTime(e.at)}</td><td data-label="${t(lang, 'historyWho')}">${whoOf(lang, e, view.units)}</td><td data-label="${t(lang, 'historyWhat')}">${whatOf(lang, e, view.units)}</td></tr>`)}</tbody></table></div>`
  : html`<p>${t(lang, 'historyEmpty')}</p>`}
${view.pager ?? ''}</section>`;
}

export interface ConfirmView {
  dispatch: DispatchRecord;
  title: string;
  text: string;
  /** Who will get the e-mail(s): names (with the address when one unit), the first ones of a long list. */
  units: readonly { name: string; email?: string }[];
  more: number;
  /** Where the confirmed form posts, and its button. */
  action: string;
  button: string;
  danger?: boolean;
  fields?: Record<string, string>;
  /** Nothing to do (e.g. no unit owes anything): the page says so and offers no button. */
  nothing?: string;
}

export function confirmPage(p: PageShell, v: ConfirmView): string {
  const { lang } = p;
  const d = v.dispatch;
  const back = dispatchHref(d.id);
  return layout(
    { lang, actor: p.actor, csrf: p.csrf, title: v.title },
    html`<h1>${v.title}</h1>
<section class="card confirm">
<p class="muted">${d.symbol ? html`${d.symbol} · ` : ''}V/v ${d.content.subject}</p>
${v.nothing
  ? html`<p>${v.nothing}</p>`
  : html`<p>${v.text}</p>
${v.units.length ? html`<ul class="confirm-units">${v.units.map((u) => html`<li>${u.name}${u.email ? html` <small class="muted">(${u.email})</small>` : ''}</li>`)}</ul>` : ''}
${v.more > 0 ? html`<p>${t(lang, 'confirmMore', { n: v.more })}</p>` : ''}
<form method="post" action="${v.action}" data-busy="${t(lang, 'issuing')}">${csrfField(p.csrf)}${Object.entries(v.fields ?? {}).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<div class="actions"><button type="submit"${v.danger ? html` class="danger"` : ''}>${v.button}</button> <a class="button secondary" href="${back}">${t(lang, 'confirmCancel')}</a></div></form>`}
${v.nothing ? html`<p><a href="${back}">${t(lang, 'confirmCancel')}</a></p>` : ''}
</section>`,
  );
}
