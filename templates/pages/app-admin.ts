import type { DispatchRecord } from '../../shared/domain/dispatch-record';
import type { FieldError } from '../../shared/domain/field-error';
import type { Agency } from '../../shared/domain/views/validated';
import type { Person } from '../../shared/domain/views/validated';
import { html, type Html } from '../html';
import { t, type Lang, type TextKey } from '../i18n';
import { authorityLabels, roleLabels, valuesOf } from '../labels';
import { csrfField, fieldError, formErrors, layout, notice } from './app-layout';
import type { PageShell } from './app-layout';

/**
 * The administrator's directory pages: agencies, and people with their roles and signing forms. Every
 * input has a label; an error shows under its input (aria-invalid, aria-describedby) in the user's
 * language and the input keeps what was typed.
 */

/** Signing-form rows shown: the person's forms plus one spare, at least this many. */
export const SIGNING_FORM_ROWS = 2;

type Values = Record<string, string>;

function fields(lang: Lang, values: Values, errors: readonly FieldError[] | undefined, shown: string[]) {
  const idOf = (name: string) => `a-${name.replace(/\./g, '-')}`;
  const aria = (name: string, id: string): Html | string => (errors?.some((e) => e.field === name) ? html` aria-invalid="true" aria-describedby="${id}-error"` : '');
  const input = (name: string, key: TextKey, opts: { type?: string; required?: boolean; readonly?: boolean } = {}): Html => {
    shown.push(name);
    const id = idOf(name);
    return html`<div><label for="${id}">${t(lang, key)}${opts.required === false ? html` <span class="muted">${t(lang, 'optional')}</span>` : ''}</label>
<input type="${opts.type ?? 'text'}" id="${id}" name="${name}" value="${values[name] ?? ''}"${opts.required === false ? '' : html` required`}${opts.readonly ? html` readonly` : ''}${aria(name, id)}>
${fieldError(lang, errors, name, id)}</div>`;
  };
  const checkbox = (name: string, key: TextKey): Html => {
    shown.push(name);
    const id = idOf(name);
    return html`<div><label class="check" for="${id}"><input type="checkbox" id="${id}" name="${name}" value="true"${values[name] ? html` checked` : ''}${aria(name, id)}> ${t(lang, key)}</label>${fieldError(lang, errors, name, id)}</div>`;
  };
  const select = (name: string, key: TextKey, options: { value: string; label: string }[]): Html => {
    shown.push(name);
    const id = idOf(name);
    return html`<div><label for="${id}">${t(lang, key)}</label><select id="${id}" name="${name}"${aria(name, id)}>${options.map(
      (o) => html`<option value="${o.value}"${(values[name] ?? '') === o.value ? html` selected` : ''}>${o.label}</option>`,
    )}</select>${fieldError(lang, errors, name, id)}</div>`;
  };
  return { input, checkbox, select };
}

const savedNotice = (lang: Lang, id: string | undefined) => notice(id ? t(lang, 'adminSaved', { id }) : undefined);

export interface AgenciesPageData {
  items: readonly Agency[];
  /** The seal image's upload card, when an agency is being edited (app-images.ts). */
  imageCard?: Html;
  form: Values;
  errors?: FieldError[];
  notice?: string;
}

export function agenciesPage(p: PageShell, d: AgenciesPageData): string {
  const { lang } = p;
  const shown: string[] = [];
  const editing = Boolean(d.form['version']);
  const f = fields(lang, d.form, d.errors, shown);
  const list = html`<div class="table-wrap"><table class="stack"><caption>${t(lang, 'navAgencies')}</caption><thead><tr><th scope="col">${t(lang, 'agencyCode')}</th><th scope="col">${t(lang, 'agencyName')}</th><th scope="col">${t(lang, 'agencyParentCode')}</th><th scope="col">${t(lang, 'agencyEmail')}</th><th scope="col">${t(lang, 'activeLabel')}</th><th scope="col"><span class="visually-hidden">${t(lang, 'edit')}</span></th></tr></thead>
<tbody>${d.items.map(
    (a) => html`<tr><td class="stack-title">${a.code}</td><td data-label="${t(lang, 'agencyName')}">${a.name}</td><td data-label="${t(lang, 'agencyParentCode')}">${a.parentCode ?? ''}</td><td data-label="${t(lang, 'agencyEmail')}">${a.email}</td><td data-label="${t(lang, 'activeLabel')}">${a.active ? t(lang, 'yes') : t(lang, 'no')}</td>
<td class="stack-actions"><a href="/app/agencies?edit=${encodeURIComponent(a.code)}">${t(lang, 'edit')}</a> · <a href="/app/people?agency=${encodeURIComponent(a.code)}">${t(lang, 'navPeople')}</a></td></tr>`,
  )}</tbody></table></div>`;
  const form = html`<form method="post" action="/app/agencies" class="card" novalidate><h2>${editing ? t(lang, 'editAgency', { code: d.form['code'] ?? '' }) : t(lang, 'newAgency')}</h2>
${csrfField(p.csrf)}${editing ? html`<input type="hidden" name="version" value="${d.form['version']}">` : ''}
<div class="grid3">${f.input('code', 'agencyCode', { readonly: editing })}${f.input('parentCode', 'agencyParentCode', { required: false })}${f.input('unitId', 'agencyUnitId', { required: false })}</div>
${f.input('name', 'agencyName')}${f.input('parent', 'agencyParent', { required: false })}
<div class="grid3">${f.input('place', 'agencyPlace')}${f.input('headTitle', 'agencyHeadTitle')}${f.input('email', 'agencyEmail', { type: 'email' })}</div>
${f.checkbox('active', 'activeLabel')}
${formErrors(lang, d.errors, shown)}
<div class="actions"><button type="submit">${t(lang, 'save')}</button>${editing ? html` <a href="/app/agencies">${t(lang, 'newAgency')}</a>` : ''}</div></form>`;
  return layout({ lang, actor: p.actor, csrf: p.csrf, title: t(lang, 'navAgencies') }, html`<h1>${t(lang, 'navAgencies')}</h1>${savedNotice(lang, d.notice)}${list}${form}${d.imageCard ?? ''}`);
}

export interface PeoplePageData {
  /** The signature image's upload card, when a person is being edited (app-images.ts). */
  imageCard?: Html;
  items: readonly Person[];
  agencies: readonly Agency[];
  agencyFilter: string | undefined;
  form: Values;
  /** The person whose record the form edits. */
  editing?: string;
  /** Dispatches waiting for the signature of someone who can no longer sign, by signer. */
  stuck: ReadonlyMap<string, readonly DispatchRecord[]>;
  errors?: FieldError[];
  notice?: string;
}

export function peoplePage(p: PageShell, d: PeoplePageData): string {
  const { lang } = p;
  const shown: string[] = [];
  const editing = Boolean(d.form['version']);
  const f = fields(lang, d.form, d.errors, shown);
  const agencyOptions = d.agencies.map((a) => ({ value: a.code, label: `${a.code} — ${a.name}` }));

  // The same filter bar as the dispatch list's.
  const filter = html`<form method="get" action="/app/people" class="filters card"><div><label for="p-filter">${t(lang, 'agencyFilter')}</label>
<select id="p-filter" name="agency"><option value="">${t(lang, 'allAgencies')}</option>${agencyOptions.map(
    (o) => html`<option value="${o.value}"${d.agencyFilter === o.value ? html` selected` : ''}>${o.label}</option>`,
  )}</select></div><button type="submit" class="secondary">${t(lang, 'show')}</button></form>`;

  const list = html`<div class="table-wrap"><table class="stack"><caption>${t(lang, 'navPeople')}</caption><thead><tr><th scope="col">${t(lang, 'personId')}</th><th scope="col">${t(lang, 'personName')}</th><th scope="col">${t(lang, 'personPosition')}</th><th scope="col">${t(lang, 'agencyCode')}</th><th scope="col">${t(lang, 'rolesLabel')}</th><th scope="col">${t(lang, 'activeLabel')}</th><th scope="col"><span class="visually-hidden">${t(lang, 'edit')}</span></th></tr></thead>
<tbody>${d.items.map((x) => {
    const stuck = d.stuck.get(x.id)?.length ?? 0;
    return html`<tr><td data-label="${t(lang, 'personId')}">${x.id}</td><td class="stack-title">${x.name}</td><td data-label="${t(lang, 'personPosition')}">${x.position}</td><td data-label="${t(lang, 'agencyCode')}">${x.agencyCode}</td><td data-label="${t(lang, 'rolesLabel')}">${x.roles.map((r) => t(lang, roleLabels[r])).join(', ')}</td>
<td data-label="${t(lang, 'activeLabel')}">${x.active ? t(lang, 'yes') : t(lang, 'no')}${stuck ? html` <span class="badge overdue">${t(lang, 'stuckCount', { n: stuck })}</span>` : ''}</td>
<td class="stack-actions"><a href="/app/people?edit=${encodeURIComponent(x.id)}${d.agencyFilter ? `&agency=${encodeURIComponent(d.agencyFilter)}` : ''}">${t(lang, 'edit')}</a></td></tr>`;
  })}</tbody></table></div>`;

  // One spare signing-form row after the last filled one.
  let rows = SIGNING_FORM_ROWS;
  for (const [k, v] of Object.entries(d.form)) {
    const m = /^signingForms\.(\d+)\.authority$/.exec(k);
    if (m && v) rows = Math.max(rows, Number(m[1]) + 2);
  }
  shown.push('signingForms', 'roles');
  const authorityOptions = [
    { value: '', label: t(lang, 'formNone') },
    { value: 'head', label: t(lang, 'formAsHead') },
    ...valuesOf(authorityLabels).map((a) => ({ value: a, label: authorityLabels[a] })),
  ];
  const formsFieldset = html`<fieldset class="card"><legend>${t(lang, 'signingFormsLabel')}</legend><p class="muted" id="a-signingForms-hint">${t(lang, 'signingFormsHint')}</p>
${fieldError(lang, d.errors, 'signingForms', 'a-signingForms')}
${[...Array(Math.min(rows, 10)).keys()].map(
    (i) => html`<div class="grid2">${f.select(`signingForms.${i}.authority`, 'formAuthority', authorityOptions)}${f.input(`signingForms.${i}.headTitle`, 'formHeadTitle', { required: false })}</div>`,
  )}</fieldset>`;
  const rolesError = d.errors?.some((e) => e.field === 'roles');
  const rolesFieldset = html`<fieldset class="card"${rolesError ? html` aria-describedby="a-roles-error"` : ''}><legend>${t(lang, 'rolesLabel')}</legend><ul class="checks">${valuesOf(roleLabels).map(
    (r) => html`<li><label class="check"><input type="checkbox" name="role" value="${r}"${d.form[`role.${r}`] ? html` checked` : ''}${rolesError ? html` aria-invalid="true"` : ''}> ${t(lang, roleLabels[r])}</label></li>`,
  )}</ul>${fieldError(lang, d.errors, 'roles', 'a-roles')}</fieldset>`;

  const stuck = d.editing ? d.stuck.get(d.editing) ?? [] : [];
  const stuckList = stuck.length
    ? html`<section class="card errors" role="status"><h2>${t(lang, 'stuckHeading', { n: stuck.length })}</h2><p>${t(lang, 'stuckText')}</p><ul>${stuck.map(
        (x) => html`<li><a href="/app/dispatches/${encodeURIComponent(x.id)}">${x.content.subject}</a> <span class="muted">(${x.agencyCode})</span></li>`,
      )}</ul></section>`
    : '';

  const form = html`<form method="post" action="/app/people" class="card" novalidate><h2>${editing ? t(lang, 'editPerson', { id: d.form['id'] ?? '' }) : t(lang, 'newPerson')}</h2>
${csrfField(p.csrf)}${editing ? html`<input type="hidden" name="version" value="${d.form['version']}">` : ''}
${stuckList}
<div class="grid3">${f.input('id', 'personId', { readonly: editing })}${f.input('name', 'personName')}${f.input('position', 'personPosition')}</div>
<div class="grid2">${f.select('agencyCode', 'agencyLabel', [{ value: '', label: t(lang, 'agencyChoose') }, ...agencyOptions])}${f.input('email', 'agencyEmail', { type: 'email' })}</div>
${rolesFieldset}
${formsFieldset}
${f.checkbox('active', 'activeLabel')}
${f.checkbox('overdueDigest', 'overdueDigestLabel')}
${formErrors(lang, d.errors, shown)}
<div class="actions"><button type="submit">${t(lang, 'save')}</button>${editing ? html` <a href="/app/people">${t(lang, 'newPerson')}</a>` : ''}</div></form>`;
  return layout({ lang, actor: p.actor, csrf: p.csrf, title: t(lang, 'navPeople') }, html`<h1>${t(lang, 'navPeople')}</h1>${savedNotice(lang, d.notice)}${filter}${list}${form}${d.imageCard ?? ''}`);
}
