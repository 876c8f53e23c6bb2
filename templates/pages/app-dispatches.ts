import type { DispatchRecord } from '../../shared/domain/dispatch-record';
import type { ReminderRun } from '../../shared/domain/reminders';
import type { FieldError } from '../../shared/domain/field-error';
import type { Actor } from '../../shared/domain/actor';
import type { DispatchState } from '../../shared/domain/views/validated';
import { html, type Html } from '../html';
import { t, viDate, viDateTime, type Lang, type TextKey } from '../i18n';
import { csrfField, fieldError, formErrors, layout, notice, type PageShell } from './app-layout';
import { letterView } from './letter-view';
import { stateLabels } from '../labels';
import { historyBlock, returnedCallout, type HistoryView } from './app-dispatch-feedback';

/** Clerk's and signer's pages: the dispatch list, the signer's inbox, and one dispatch with its actions. */

const shellOf = (p: PageShell, title: string) => ({ lang: p.lang, actor: p.actor, csrf: p.csrf, title });
const stateBadge = (lang: Lang, state: DispatchState) => html`<span class="badge ${state}">${t(lang, stateLabels[state])}</span>`;
const dispatchHref = (id: string) => `/app/dispatches/${encodeURIComponent(id)}`;

function dispatchTable(lang: Lang, items: readonly ListedDispatch[], empty: string): Html {
  if (!items.length) return html`<p>${empty}</p>`;
  return html`<div class="table-wrap"><table class="stack">
<thead><tr><th scope="col">${t(lang, 'symbol')}</th><th scope="col">${t(lang, 'subject')}</th><th scope="col">${t(lang, 'stateLabel')}</th><th scope="col">${t(lang, 'signer')}</th><th scope="col">${t(lang, 'createdAt')}</th></tr></thead>
<tbody>${items.map(
    (d) => html`<tr><td data-label="${t(lang, 'symbol')}">${d.symbol ?? '—'}</td><td class="stack-title"><a href="${dispatchHref(d.id)}">V/v ${d.content.subject}</a></td><td data-label="${t(lang, 'stateLabel')}">${stateBadge(lang, d.state)}</td><td data-label="${t(lang, 'signer')}">${d.content.signer.name}${d.signerInactive ? html` <span class="badge failed">${t(lang, 'signerInactive')}</span>` : ''}</td><td data-label="${t(lang, 'createdAt')}">${viDate(d.createdAt)}</td></tr>`,
  )}</tbody></table></div>`;
}

export function homePage(p: PageShell): string {
  const roles = p.actor.roles;
  const lines: Html[] = [];
  if (roles.includes('clerk')) lines.push(html`<li><a href="/app/dispatches">${t(p.lang, 'navDispatches')}</a> — ${t(p.lang, 'homeClerk')}</li>`);
  if (roles.includes('signer')) lines.push(html`<li><a href="/app/inbox">${t(p.lang, 'navInbox')}</a> — ${t(p.lang, 'homeSigner')}</li>`);
  if (roles.some((r) => r === 'leader' || r === 'clerk')) lines.push(html`<li><a href="/app/dashboard">${t(p.lang, 'navDashboard')}</a> — ${t(p.lang, 'homeLeader')}</li>`);
  if (roles.includes('itdept')) lines.push(html`<li><a href="/app/reset-requests">${t(p.lang, 'navQueue')}</a> — ${t(p.lang, 'homeItdept')}</li>`);
  if (roles.includes('admin')) lines.push(html`<li><a href="/app/people">${t(p.lang, 'navPeople')}</a>, <a href="/app/agencies">${t(p.lang, 'navAgencies')}</a> — ${t(p.lang, 'homeAdmin')}</li>`);
  if (!lines.length) lines.push(html`<li>${t(p.lang, 'homeOther')}</li>`);
  return layout(shellOf(p, t(p.lang, 'navHome')), html`<h1>${t(p.lang, 'appName')}</h1><p>${t(p.lang, 'homeIntro')}</p><ul>${lines}</ul>`);
}

/** A listed dispatch; `signerInactive` when it awaits a signer who is no longer active (stuck until withdrawn). */
export type ListedDispatch = DispatchRecord & { signerInactive?: boolean };

/** `search`: the list's search form (templates/pages/list-search.ts) and what it found, above the table; `doneText`: the notice after a draft was deleted. */
export function dispatchListPage(p: PageShell, items: readonly ListedDispatch[], search: { form: Html; summary?: Html | string }, pager?: Html, doneText?: string): string {
  const lang = p.lang;
  return layout(
    shellOf(p, t(lang, 'navDispatches')),
    html`<h1>${t(lang, 'navDispatches')}</h1>
${notice(doneText)}
${canAct(p.actor, 'clerk') ? html`<p><a class="button" href="/app/dispatches/new">${t(lang, 'newDispatch')}</a></p>` : ''}
${search.form}
${search.summary ?? ''}
${dispatchTable(lang, items, t(lang, 'noDispatches'))}
${pager}`,
  );
}

export function inboxPage(p: PageShell, items: readonly ListedDispatch[]): string {
  return layout(shellOf(p, t(p.lang, 'navInbox')), html`<h1>${t(p.lang, 'navInbox')}</h1>${dispatchTable(p.lang, items, t(p.lang, 'inboxEmpty'))}`);
}

export interface RecipientRow {
  unitId: string;
  unitName: string;
  email: string;
  role: 'action' | 'information';
  state: string;
  mailStatus: string;
  external?: true;
  firstOpenedAt?: string;
  acknowledgedAt?: string;
  reportedAt?: string;
  linkRevokedAt?: string;
}

export interface SendProgress {
  total: number;
  sent: number;
  failed: number;
  finished: boolean;
  text: string;
}

export interface DispatchPageData {
  dispatch: DispatchRecord;
  notice?: string;
  /** The notice tells of a unit's letter still on the mail queue: where the page polls for it until it is sent. */
  noticePoll?: string;
  /** Errors of the return-with-comment form, shown next to the comment, with what was typed. */
  errors?: FieldError[];
  comment?: string;
  recipients?: readonly RecipientRow[];
  /** The recipient table is paged: links to its next page (and back to the first). */
  recipientsPager?: Html;
  progress?: SendProgress;
  /** The latest "remind all" run (clerk's or scheduled) and how far its e-mails got. */
  reminderRun?: ReminderRun & { done: boolean };
  /** It awaits a signer who is no longer active. */
  signerInactive?: boolean;
  /** Whether the dispatch's audit trail is intact, and at which event of its chain it breaks if not. */
  audit?: { intact: boolean; seq?: number };
  /** One page of the dispatch's audit trail, as its history (who did what, when). */
  history?: HistoryView;
}

export function sendProgressOf(lang: Lang, d: DispatchRecord): SendProgress {
  const total = d.stats.recipients;
  const sent = d.stats.mailSent;
  const failed = d.stats.mailFailed;
  // Recipients sent on paper are not mailed: a dispatch only to them is finished once delivery is done.
  const paper = d.stats.paper ?? 0;
  const finished = d.deliveryStatus === 'done' && (total > 0 || paper > 0) && sent + failed >= total;
  // Right after issuing, the recipients are still being listed from the stream: say so rather than "0/0".
  const text =
    total === 0 && !finished
      ? t(lang, 'preparingSend')
      : `${t(lang, 'sentOf', { sent, total })}${failed ? ` · ${t(lang, 'failedCount', { n: failed })}` : ''}${paper ? ` · ${t(lang, 'paperCount')}: ${paper}` : ''}`;
  return { total, sent, failed, finished, text };
}

const canAct = (actor: Actor, ...roles: string[]) => actor.roles.some((r) => roles.includes(r));

function actionsOf(p: PageShell, data: DispatchPageData): Html | string {
  const { lang, actor, csrf } = p;
  const d = data.dispatch;
  const href = dispatchHref(d.id);
  const version = html`<input type="hidden" name="version" value="${d.version}">`;
  const parts: (Html | string)[] = [];
  if ((d.state === 'draft' || d.state === 'returned') && canAct(actor, 'clerk')) {
    parts.push(html`<a class="button secondary" href="${href}/edit">${t(lang, 'edit')}</a>`);
    parts.push(html`<form method="post" action="${href}/submit" data-busy="${t(lang, 'issuing')}">${csrfField(csrf)}${version}<button type="submit">${t(lang, 'submitForSignature')}</button></form>`);
  }
  // Deleting asks first on a page of its own (works without the script); only a draft, by its agency's clerks.
  if (d.state === 'draft' && canAct(actor, 'clerk') && actor.agencyCode === d.agencyCode) {
    parts.push(html`<a class="button danger" href="${href}/delete">${t(lang, 'deleteDraft')}</a>`);
  }
  if (d.state === 'pending_signature' && canAct(actor, 'clerk') && actor.agencyCode === d.agencyCode) {
    const invalid = data.errors?.some((e) => e.field === 'comment');
    parts.push(html`<form method="post" action="${href}/withdraw" class="card" novalidate>${csrfField(csrf)}${version}
<label for="withdraw-comment">${t(lang, 'comment')}</label>
<p class="muted" id="withdraw-hint">${t(lang, 'withdrawHint')}</p>
<textarea id="withdraw-comment" name="comment" aria-describedby="withdraw-hint${invalid ? ' withdraw-comment-error' : ''}"${invalid ? html` aria-invalid="true"` : ''}>${data.comment ?? ''}</textarea>
${fieldError(lang, data.errors, 'comment', 'withdraw-comment')}
<button type="submit" class="secondary">${t(lang, 'withdrawToDraft')}</button></form>`);
  }
  if (d.state === 'pending_signature' && actor.roles.includes('signer') && d.content.signer.userId === actor.userId) {
    const commentErrorId = 'comment';
    const invalid = data.errors?.some((e) => e.field === 'comment');
    // A step of its own: the confirmation page shows the letter again and names it before anything is signed.
    parts.push(html`<a class="button" href="${href}/sign">${t(lang, 'approveAndSign')}</a>`);
    parts.push(html`<form method="post" action="${href}/return" class="card" novalidate>${csrfField(csrf)}${version}
<label for="comment">${t(lang, 'comment')}</label>
<p class="muted" id="comment-hint">${t(lang, 'returnCommentHint')}</p>
<textarea id="comment" name="comment" aria-describedby="comment-hint${invalid ? ' comment-error' : ''}"${invalid ? html` aria-invalid="true"` : ''}>${data.comment ?? ''}</textarea>
${fieldError(lang, data.errors, 'comment', commentErrorId)}
<button type="submit" class="danger">${t(lang, 'returnWithComment')}</button></form>`);
  }
  if (d.state === 'signed' && canAct(actor, 'clerk')) {
    parts.push(
      html`<form method="post" action="${href}/issue" data-busy="${t(lang, 'issuing')}" data-confirm="${t(lang, 'confirmIssue')}">${csrfField(csrf)}${version}<button type="submit">${t(lang, 'issue')}</button></form>`,
    );
  }
  if (d.state === 'issued' && canAct(actor, 'clerk')) {
    // Sends mail: the link opens a confirmation naming how many units and which.
    parts.push(html`<a class="button secondary" href="${href}/remind">${t(lang, 'remindAll')}</a>`);
  }
  if (canAct(actor, 'clerk') && actor.agencyCode === d.agencyCode) {
    parts.push(html`<form method="post" action="${href}/copy" data-busy="${t(lang, 'issuing')}">${csrfField(csrf)}<button type="submit" class="secondary">${t(lang, 'copyToDraft')}</button></form>`);
  }
  return parts.length ? html`<div class="actions">${parts}</div>` : '';
}

function reminderRunBlock(lang: Lang, d: DispatchRecord, run: (ReminderRun & { done: boolean }) | undefined): Html | string {
  if (d.state !== 'issued' || !run) return '';
  return html`<section class="card" aria-live="polite" id="reminder-run">
<h2>${t(lang, 'reminderRunTitle')}</h2>
<p class="muted">${viDateTime(run.createdAt)} · ${run.actorName ?? t(lang, 'reminderRunScheduled')}</p>
<p id="reminder-run-text">${t(lang, 'reminderRunProgress', { queued: run.queued, sent: run.sent, failed: run.failed, skipped: run.skipped })} · ${t(lang, 'reminderRunPending', { n: Math.max(0, run.queued - run.sent - run.failed - run.skipped) })} · ${t(lang, run.done ? 'reminderRunDone' : 'reminderRunGoing')}</p>
${run.done ? '' : html`<p><a href="${dispatchHref(d.id)}#reminder-run" data-run-poll="${dispatchHref(d.id)}/progress">${t(lang, 'reminderRunRefresh')}</a></p>`}</section>`;
}

function progressBlock(lang: Lang, d: DispatchRecord, progress: SendProgress | undefined): Html | string {
  if (d.state !== 'issued' || !progress) return '';
  return html`<section class="card" aria-live="polite"${progress.finished ? '' : html` data-poll="${dispatchHref(d.id)}/progress" data-reload`}>
<h2>${t(lang, 'issueProgress')}</h2>
<progress id="send-progress" max="${progress.total || 1}" value="${progress.sent}">${progress.sent}/${progress.total}</progress>
<p id="send-progress-text">${progress.text}</p></section>`;
}

function recipientsBlock(p: PageShell, d: DispatchRecord, rows: readonly RecipientRow[] | undefined, pager?: Html): Html | string {
  if (!rows?.length) return '';
  // One page of a longer table: the heading counts every recipient, from the dispatch's counters.
  const paged = !!pager?.value;
  const count = paged ? (d.stats.recipients ?? 0) + (d.stats.paper ?? 0) : rows.length;
  const { lang, csrf } = p;
  const clerk = canAct(p.actor, 'clerk');
  const action = (unitId: string, name: 'resend-link' | 'revoke-link' | 'remind', label: string, cls: string, confirm?: string) =>
    html`<form method="post" action="${dispatchHref(d.id)}/recipients/${encodeURIComponent(unitId)}/${name}"${confirm ? html` data-confirm="${confirm}"` : ''}>${csrfField(csrf)}<button type="submit" class="small ${cls}">${label}</button></form>`;
  // Actions that send mail open their confirmation page (the same address, read with GET).
  const confirmLink = (unitId: string, name: 'resend-link' | 'remind', label: string) =>
    html`<a class="button small secondary" href="${dispatchHref(d.id)}/recipients/${encodeURIComponent(unitId)}/${name}">${label}</a>`;
  return html`<h2>${t(lang, 'recipients')} (${count})</h2>
<div class="table-wrap"><table class="stack">
<thead><tr><th scope="col">${t(lang, 'unit')}</th><th scope="col">${t(lang, 'role')}</th><th scope="col">${t(lang, 'progress')}</th><th scope="col">${t(lang, 'opened')}</th><th scope="col">${t(lang, 'acknowledged')}</th><th scope="col">${t(lang, 'reported')}</th>${clerk ? html`<th scope="col">${t(lang, 'actions')}</th>` : ''}</tr></thead>
<tbody>${rows.map(
    (r) => html`<tr><td>${r.unitName}${r.external ? html` <span class="badge">${t(lang, 'externalBadge')}</span>` : ''}<br><small class="muted">${r.email || t(lang, 'rstate_paper')}</small></td>
<td data-label="${t(lang, 'role')}">${t(lang, r.role === 'action' ? 'roleAction' : 'roleInformation')}</td>
<td data-label="${t(lang, 'progress')}"><span class="badge">${t(lang, `rstate_${r.state}` as TextKey)}</span>${r.linkRevokedAt ? html` <span class="badge returned">${t(lang, 'linkRevokedBadge')}</span>` : ''}</td>
<td data-label="${t(lang, 'opened')}">${r.firstOpenedAt ? viDateTime(r.firstOpenedAt) : '—'}</td><td data-label="${t(lang, 'acknowledged')}">${r.acknowledgedAt ? viDateTime(r.acknowledgedAt) : '—'}</td><td data-label="${t(lang, 'reported')}">${r.reportedAt ? viDateTime(r.reportedAt) : '—'}</td>
${clerk && r.mailStatus === 'paper' ? html`<td>—</td>` : ''}${clerk && r.mailStatus !== 'paper' ? html`<td><div class="row-actions">${confirmLink(r.unitId, 'resend-link', t(lang, 'resendLink'))}${confirmLink(r.unitId, 'remind', t(lang, 'remind'))}${action(r.unitId, 'revoke-link', t(lang, 'revokeLink'), 'danger', t(lang, 'confirmRevoke'))}</div></td>` : ''}</tr>`,
  )}</tbody></table></div>${pager ?? ''}`;
}

export function dispatchPage(p: PageShell, data: DispatchPageData): string {
  const { lang } = p;
  const d = data.dispatch;
  const c = d.content;
  const pdfHref = `${dispatchHref(d.id)}/pdf`;
  // The letter beside the actions in every state. Once issued, its stored file: the viewer reads it
  // through our own origin (?view=inline), since the pages may frame and fetch nothing else; the links
  // still download it straight from storage.
  const pdf = letterView(lang, d.pdfKey ? `${pdfHref}?view=inline` : pdfHref, pdfHref);
  return layout(
    shellOf(p, d.symbol ?? c.subject),
    html`<h1>V/v ${c.subject}</h1>
${data.noticePoll && data.notice ? html`<p class="notice" role="status" data-notice-poll="${data.noticePoll}">${data.notice}</p>` : notice(data.notice)}
${formErrors(lang, data.errors, ['comment'])}
${returnedCallout(lang, d)}
<div class="split">
<div class="letter">${pdf}</div>
<div>
<dl class="meta card">
<dt>${t(lang, 'stateLabel')}</dt><dd>${stateBadge(lang, d.state)}</dd>
<dt>${t(lang, 'symbol')}</dt><dd>${d.symbol ?? '—'}</dd>
${d.issuedOn ? html`<dt>${t(lang, 'issuedOn')}</dt><dd>${viDate(d.issuedOn)}</dd>` : ''}
${d.closedAt ? html`<dt>${t(lang, 'closedLabel')}</dt><dd><span class="badge">${t(lang, 'closedBadge')}</span> ${viDateTime(d.closedAt)}</dd>` : ''}
<dt>${t(lang, 'signer')}</dt><dd>${c.signer.position} ${c.signer.name}${data.signerInactive ? html` <span class="badge failed">${t(lang, 'signerInactive')}</span>` : ''}</dd>
${d.createdByName ? html`<dt>${t(lang, 'createdByLabel')}</dt><dd>${d.createdByName}</dd>` : ''}
${d.signedByName ? html`<dt>${t(lang, 'signedByLabel')}</dt><dd>${d.signedByName}</dd>` : ''}
${d.issuedByName ? html`<dt>${t(lang, 'issuedByLabel')}</dt><dd>${d.issuedByName}</dd>` : ''}
<dt>${t(lang, 'drafting')}</dt><dd>${c.issuer.code}-${c.draftingUnit}</dd>
${data.audit
  ? html`<dt>${t(lang, 'auditTrailLabel')}</dt><dd class="audit-trail">${data.audit.intact ? t(lang, 'auditTrailIntact') : html`<span class="badge failed">${t(lang, 'auditTrailBroken', { n: data.audit.seq ?? '?' })}</span>`}</dd>`
  : ''}
</dl>
<section class="card"><h2>${t(lang, 'requirements')}</h2><ol class="requirements">${c.requirements.map((r) => html`<li value="${r.n}">${r.text}${r.dueDate ? html` <span class="badge">${t(lang, 'due')} ${viDate(r.dueDate)}</span>` : ''}</li>`)}</ol></section>
${actionsOf(p, data)}
${progressBlock(lang, d, data.progress)}
${reminderRunBlock(lang, d, data.reminderRun)}
</div>
</div>
${recipientsBlock(p, d, data.recipients, data.recipientsPager)}
${historyBlock(lang, data.history)}`,
  );
}
