import type { RegisterEntry } from '../../shared/domain/dispatch-record';
import type { FieldError } from '../../shared/domain/field-error';
import type { Directive } from '../../shared/domain/views/validated';
import { html, type Html } from '../html';
import { t, viDate, type Lang, type TextKey } from '../i18n';
import { csrfField, fieldError, formErrors, layout, notice } from './app-layout';
import type { PageShell } from './app-layout';
import { searchForm, type SearchValues } from './list-search';

/** Incoming directives (văn bản đến: list and the clerk's registration form) and the outgoing register. */
export interface DirectivesPageData {
  items: readonly Directive[];
  canRegister: boolean;
  form: Record<string, string>;
  errors?: FieldError[];
  notice?: string;
  /** The directive a clerk corrects or withdraws (`form` then holds its values, `errors` the refusal). */
  editing?: Directive;
  /** The list shows the withdrawn directives instead of the registered ones. */
  withdrawn?: boolean;
  /** Links to the next page of the list (and back to the first). */
  pager?: Html;
  /** The search form and what it found (issue 14), above the list. */
  search?: { form: Html; summary: Html | string };
}

export function directivesPage(p: PageShell, d: DirectivesPageData): string {
  const { lang } = p;
  const shown: string[] = [];
  const field = (name: string, key: TextKey, type = 'text', required = true): Html => {
    shown.push(name);
    const id = `d-${name}`;
    const error = d.errors?.some((e) => e.field === name);
    const attrs = html`${error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}${required ? html` required` : ''}`;
    return html`<div><label for="${id}">${t(lang, key)}${required ? '' : html` <span class="muted">${t(lang, 'optional')}</span>`}</label>
${type === 'textarea' ? html`<textarea id="${id}" name="${name}"${attrs}>${d.form[name] ?? ''}</textarea>` : html`<input type="${type}" id="${id}" name="${name}" value="${d.form[name] ?? ''}"${attrs}>`}
${fieldError(lang, d.errors, name, id)}</div>`;
  };
  const fields = () => html`<div class="grid3">${field('number', 'directiveNumber')}${field('symbol', 'directiveSymbol')}${field('issuedOn', 'directiveIssuedOn', 'date')}</div>
${field('issuingBody', 'issuingBody')}${field('subject', 'directiveSubject', 'textarea')}
<div class="grid2">${field('receivedOn', 'receivedOn', 'date')}${field('deadline', 'directiveDeadline', 'date', false)}</div>
${field('text', 'directiveText', 'textarea', false)}`;
  const editing = d.editing;
  const form = !d.canRegister
    ? ''
    : editing
      ? editForms(p, editing, fields, field, shown, d.errors)
      : d.withdrawn
        ? ''
        : html`<form method="post" action="/app/directives" class="card" novalidate><h2>${t(lang, 'registerDirective')}</h2>${csrfField(p.csrf)}
${fields()}
${formErrors(lang, d.errors, shown)}
<button type="submit">${t(lang, 'register')}</button></form>`;
  const actions = d.canRegister && !d.withdrawn;
  const switchList = d.withdrawn
    ? html`<p><a href="/app/directives">${t(lang, 'showRegisteredDirectives')}</a></p>`
    : html`<p><a href="/app/directives?state=withdrawn">${t(lang, 'showWithdrawnDirectives')}</a></p>`;
  return layout(
    { lang, actor: p.actor, csrf: p.csrf, title: t(lang, 'navDirectives') },
    html`<h1>${d.withdrawn ? t(lang, 'withdrawnDirectives') : t(lang, 'navDirectives')}</h1>${notice(d.notice)}
${d.search?.form ?? ''}${d.search?.summary ?? ''}
<div class="table-wrap"><table class="stack"><thead><tr><th scope="col">${t(lang, 'symbol')}</th><th scope="col">${t(lang, 'issuingBody')}</th><th scope="col">${t(lang, 'directiveSubject')}</th><th scope="col">${t(lang, 'receivedOn')}</th><th scope="col">${d.withdrawn ? t(lang, 'withdrawnOn') : t(lang, 'directiveDeadline')}</th>${actions ? html`<th scope="col">${t(lang, 'actions')}</th>` : ''}</tr></thead>
<tbody>${d.items.map(
      (x) => html`<tr><td>${x.number}/${x.symbol}<br><small class="muted">${viDate(x.issuedOn)}</small></td><td data-label="${t(lang, 'issuingBody')}">${x.issuingBody}</td><td data-label="${t(lang, 'directiveSubject')}">${x.subject}${d.withdrawn && x.withdrawReason ? html`<br><small class="muted">${t(lang, 'withdrawReason')}: ${x.withdrawReason}</small>` : ''}</td><td data-label="${t(lang, 'receivedOn')}">${viDate(x.receivedOn)}</td>${d.withdrawn
        ? html`<td data-label="${t(lang, 'withdrawnOn')}">${viDate(x.withdrawnAt)}</td>`
        : html`<td data-label="${t(lang, 'directiveDeadline')}">${x.deadline ? viDate(x.deadline) : '—'}</td>`}${actions ? html`<td data-label="${t(lang, 'actions')}"><a href="/app/directives?edit=${encodeURIComponent(x.id)}#edit">${t(lang, 'correctOrWithdraw')}</a></td>` : ''}</tr>`,
    )}</tbody></table></div>
${d.pager}
${switchList}
${form}`,
  );
}

/** The correction form (the registration fields, on the version seen) and the withdrawal form of one directive. */
function editForms(
  p: PageShell,
  x: Directive,
  fields: () => Html,
  field: (name: string, key: TextKey, type?: string, required?: boolean) => Html,
  shown: string[],
  errors: readonly FieldError[] | undefined,
): Html {
  const { lang } = p;
  const base = `/app/directives/${encodeURIComponent(x.id)}`;
  const version = html`<input type="hidden" name="version" value="${String(x.version)}">`;
  return html`<form method="post" action="${base}/edit" class="card" id="edit" novalidate><h2>${t(lang, 'correctDirective')}: ${x.number}/${x.symbol}</h2>${csrfField(p.csrf)}${version}
<p class="muted">${t(lang, 'correctDirectiveHint')}</p>
${fields()}
${formErrors(lang, errors, [...shown, 'reason'])}
<button type="submit">${t(lang, 'saveCorrection')}</button> <a href="/app/directives">${t(lang, 'cancelEdit')}</a></form>
<form method="post" action="${base}/withdraw" class="card" novalidate><h2>${t(lang, 'withdrawDirective')}</h2>${csrfField(p.csrf)}${version}
<p class="muted">${t(lang, 'withdrawDirectiveHint')}</p>
${field('reason', 'withdrawReason', 'textarea')}
<button type="submit" class="danger">${t(lang, 'withdrawDirective')}</button></form>`;
}

/** The register's search (issue 14): the words and issue dates as typed, their errors, and what was found. */
export interface RegisterSearchView {
  values: SearchValues;
  errors?: FieldError[] | undefined;
  narrowed: boolean;
  summary?: Html | string;
}

export function registerPage(p: PageShell, issuer: string, year: number, items: readonly RegisterEntry[], errors?: FieldError[], pager?: Html, search?: RegisterSearchView): string {
  const { lang } = p;
  const ownFields = html`<div><label for="issuer">${t(lang, 'issuerCodeFilter')}</label><input type="text" id="issuer" name="issuer" value="${issuer}"${errors?.some((e) => e.field === 'issuer') ? html` aria-invalid="true"` : ''}></div>
<div><label for="year">${t(lang, 'year')}</label><input type="text" inputmode="numeric" id="year" name="year" value="${year}"></div>`;
  const searchFields = new Set(['q', 'from', 'to']);
  return layout(
    { lang, actor: p.actor, csrf: p.csrf, title: t(lang, 'navRegister') },
    html`<h1>${t(lang, 'navRegister')}</h1>
${searchForm({ lang, path: '/app/register', values: search?.values ?? {}, hint: 'searchHintRegister', dates: 'searchDatesIssued', due: false, extra: ownFields, submitLabel: t(lang, 'show'), errors: search?.errors, narrowed: search?.narrowed ?? false })}
${formErrors(lang, errors?.filter((e) => !searchFields.has(e.field)))}
${search?.summary ?? ''}
${items.length
  ? html`<div class="table-wrap"><table class="stack"><thead><tr><th scope="col">${t(lang, 'numberCol')}</th><th scope="col">${t(lang, 'issuedOn')}</th><th scope="col">${t(lang, 'subject')}</th><th scope="col">${t(lang, 'signer')}</th><th scope="col">${t(lang, 'recipientsCol')}</th><th scope="col">${t(lang, 'archiveCol')}</th><th scope="col">${t(lang, 'sentOnCol')}</th></tr></thead>
<tbody>${items.map(
      (e) => html`<tr><td><a href="/app/dispatches/${encodeURIComponent(e.dispatchId)}">${e.symbol}</a></td><td data-label="${t(lang, 'issuedOn')}">${viDate(e.issuedOn)}</td><td data-label="${t(lang, 'subject')}">${e.subject}</td><td data-label="${t(lang, 'signer')}">${e.signer}</td><td data-label="${t(lang, 'recipientsCol')}">${e.recipients}</td><td data-label="${t(lang, 'archiveCol')}">${e.archive}</td><td data-label="${t(lang, 'sentOnCol')}">${e.sentOn ? viDate(e.sentOn) : '—'}</td></tr>`,
    )}</tbody></table></div>`
  : html`<p>${t(lang, 'registerEmpty')}</p>`}
${pager}`,
  );
}

export type { Lang };
