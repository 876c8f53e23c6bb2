import type { FieldError } from '../../shared/domain/field-error';
import { html, type Html } from '../html';
import { t, viDate, viDateTime, type Lang, type TextKey } from '../i18n';
import { csrfField, layout, notice } from './app-layout';
import type { PageShell } from './app-layout';

/**
 * The IT Department's queue: oldest first (the service's order), filtered by status and by a unit's
 * name or a dispatch's number; per account, mark it reset or revoked, or reject it with a reason.
 * Only mailbox addresses are shown: a unit never sends, and this page never asks for, a password.
 */
export interface QueueItem {
  id: string;
  dispatchSymbol: string;
  unitName: string;
  unitEmail: string;
  contact: { name: string; position: string };
  createdAt: string;
  dueDate?: string;
  status: string;
  overdue: boolean;
  total: number;
  doneCount: number;
  accounts: { email: string; action: string; status: string; reason?: string }[];
  /** Set once the unit's request letter is rendered and stored (a stream consumer does it). */
  pdfKey?: string;
}

export interface QueuePageData {
  items: readonly QueueItem[];
  status: string;
  q: string;
  notice?: string;
  /** Links to the next page (and back to the first), keeping the filters. */
  pager?: Html;
  /** A refused outcome: shown next to that account's reason, with what was typed. */
  failed?: { requestId: string; email: string; errors: FieldError[]; reason: string };
}

export function resetQueuePage(p: PageShell, d: QueuePageData): string {
  const { lang, csrf } = p;
  const statusOption = (value: string, key: TextKey) => html`<option value="${value}"${d.status === value ? html` selected` : ''}>${t(lang, key)}</option>`;
  const accountRow = (item: QueueItem, a: QueueItem['accounts'][number], i: number) => {
    const failed = d.failed && d.failed.requestId === item.id && d.failed.email === a.email ? d.failed : undefined;
    const reasonError = failed?.errors.find((e) => e.field === 'reason') ?? failed?.errors[0];
    const id = `reason-${item.id}-${i}`;
    const reasonText = reasonError ? reasonError[lang].replace(/^reason /, '') : '';
    return html`<tr><td class="stack-title">${a.email}</td><td data-label="${t(lang, 'requestedAction')}">${t(lang, `action_${a.action}` as TextKey)}</td>
<td data-label="${t(lang, 'accountStatus')}"><span class="badge">${t(lang, `astatus_${a.status}` as TextKey)}</span>${a.reason ? html`<br><small>${a.reason}</small>` : ''}</td>
<td class="stack-actions">${a.status === 'pending'
      ? html`<form method="post" action="/app/reset-requests/${item.id}/accounts">${csrfField(csrf)}<input type="hidden" name="email" value="${a.email}">
<button type="submit" name="outcome" value="${a.action === 'revoke' ? 'revoked' : 'reset'}" class="small">${t(lang, a.action === 'revoke' ? 'markRevoked' : 'markReset')}</button></form>
<form method="post" action="/app/reset-requests/${item.id}/accounts" class="reject-form">${csrfField(csrf)}<input type="hidden" name="email" value="${a.email}">
<input type="hidden" name="outcome" value="rejected">
<label for="${id}">${t(lang, 'rejectReason')}</label>
<input type="text" id="${id}" name="reason" value="${failed?.reason ?? ''}"${reasonError ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
${reasonError ? html`<p class="field-error" id="${id}-error">${reasonText}</p>` : ''}
<button type="submit" class="small danger">${t(lang, 'markRejected')}</button></form>`
      : ''}</td></tr>`;
  };
  const card = (item: QueueItem) => html`<section class="card" id="req-${item.id}">
<h2>${item.unitName} <span class="badge">${item.dispatchSymbol}</span> ${item.overdue ? html`<span class="badge returned">${t(lang, 'overdue')}</span>` : ''}</h2>
<dl class="meta"><dt>${t(lang, 'requestFrom')}</dt><dd>${item.contact.name}, ${item.contact.position} (${item.unitEmail})</dd>
<dt>${t(lang, 'requestedOn')}</dt><dd>${viDateTime(item.createdAt)}</dd>
${item.dueDate ? html`<dt>${t(lang, 'dueDate')}</dt><dd>${viDate(item.dueDate)}</dd>` : ''}
${item.pdfKey ? html`<dt>${t(lang, 'requestLetter')}</dt><dd><a href="/app/reset-requests/${item.id}/pdf" target="_blank" rel="noopener">${t(lang, 'openPdf')}</a></dd>` : ''}
<dt>${t(lang, 'progress')}</dt><dd><progress max="${item.total}" value="${item.doneCount}"></progress> ${t(lang, 'progressDone', { done: item.doneCount, total: item.total })}</dd></dl>
<div class="table-wrap"><table class="stack"><thead><tr><th scope="col">${t(lang, 'account')}</th><th scope="col">${t(lang, 'requestedAction')}</th><th scope="col">${t(lang, 'accountStatus')}</th><th scope="col">${t(lang, 'actions')}</th></tr></thead>
<tbody>${item.accounts.map((a, i) => accountRow(item, a, i))}</tbody></table></div></section>`;
  return layout(
    { lang, actor: p.actor, csrf, title: t(lang, 'navQueue') },
    html`<h1>${t(lang, 'navQueue')}</h1>${notice(d.notice)}
<form method="get" action="/app/reset-requests" class="filters card">
<div><label for="status">${t(lang, 'stateLabel')}</label><select id="status" name="status">${statusOption('open', 'queueStatus_open')}${statusOption('completed', 'queueStatus_completed')}${statusOption('all', 'allRequests')}</select></div>
<div><label for="q">${t(lang, 'searchUnitOrDispatch')}</label><input type="search" id="q" name="q" value="${d.q}"></div>
<button type="submit" class="secondary">${t(lang, 'filter')}</button></form>
${d.items.length ? d.items.map(card) : html`<p>${t(lang, 'queueEmpty')}</p>`}
${d.pager}`,
  );
}
