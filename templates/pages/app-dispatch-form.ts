import type { FieldError } from '../../shared/errors';
import { responseKinds } from '../../shared/schemas/dispatch';
import type { FormChoices, FormValues } from '../../shared/web/dispatch-form';
import { COPY_ROWS, EXTERNAL_ROWS, REQUIREMENT_ROWS } from '../../shared/web/dispatch-form';
import { html, type Html } from '../html';
import { t, viDate, type Lang, type TextKey } from '../i18n';
import { csrfField, fieldError, formErrors, layout } from './app-layout';
import type { PageShell } from './app-dispatches';

/**
 * The clerk's dispatch form (create and edit). Every input has a label; an error shows under its input
 * in the user's language and the input keeps what was typed. The live preview posts the same form to
 * /app/dispatches/preview into the frame beside it (a button without script; typing with script).
 */
export interface DispatchFormData {
  action: string;
  title: string;
  form: FormValues;
  choices: FormChoices;
  errors?: FieldError[];
  /** Editing: the version the clerk saw. */
  version?: number;
}

export function dispatchFormPage(p: PageShell, d: DispatchFormData): string {
  const { lang } = p;
  const v = d.form.values;
  const shown: string[] = [];
  const input = (name: string, label: string, opts: { type?: string; required?: boolean; hint?: string; cls?: string; attrs?: Html } = {}): Html => {
    shown.push(name);
    const id = `f-${name.replace(/\./g, '-')}`;
    const error = d.errors?.find((e) => e.field === name);
    const describedBy = [opts.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
    return html`<div class="${opts.cls ?? ''}"><label for="${id}">${label}${opts.required ? '' : html` <span class="muted">${t(lang, 'optional')}</span>`}</label>
${opts.hint ? html`<p class="muted" id="${id}-hint">${opts.hint}</p>` : ''}
${opts.type === 'textarea'
  ? html`<textarea id="${id}" name="${name}"${describedBy ? html` aria-describedby="${describedBy}"` : ''}${error ? html` aria-invalid="true"` : ''}>${v[name] ?? ''}</textarea>`
  : html`<input type="${opts.type ?? 'text'}" id="${id}" name="${name}" value="${v[name] ?? ''}"${opts.attrs ?? ''}${opts.required ? html` required` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${error ? html` aria-invalid="true"` : ''}>`}
${fieldError(lang, d.errors, name, id)}</div>`;
  };
  const select = (name: string, label: string, options: { value: string; label: string }[]): Html => {
    shown.push(name);
    const id = `f-${name.replace(/\./g, '-')}`;
    return html`<div><label for="${id}">${label}</label><select id="${id}" name="${name}">${options.map(
      (o) => html`<option value="${o.value}"${(v[name] ?? '') === o.value ? html` selected` : ''}>${o.label}</option>`,
    )}</select>${fieldError(lang, d.errors, name, id)}</div>`;
  };

  const rows = (list: string, min: number) => {
    let n = min;
    // One spare row after the last one holding text (an edited dispatch may have more than the default).
    for (const [k, value] of Object.entries(v)) {
      const m = new RegExp(`^${list}\\.(\\d+)\\.`).exec(k);
      if (m && value.trim()) n = Math.max(n, Number(m[1]) + 2);
    }
    return [...Array(Math.min(n, 50)).keys()];
  };

  const checkbox = (name: string, label: string): Html => {
    shown.push(name);
    const id = `f-${name.replace(/\./g, '-')}`;
    return html`<div><label class="check"><input type="checkbox" id="${id}" name="${name}" value="on"${v[name] ? html` checked` : ''}> ${label}</label>${fieldError(lang, d.errors, name, id)}</div>`;
  };
  // Addressees outside the directory (issue 9): a name as printed under "Kính gửi", an optional mailbox.
  const externalsBlock = () => html`<h3>${t(lang, 'externalsHeading')}</h3>
<p class="muted">${t(lang, 'externalsHint')}</p>
${rows('externals', EXTERNAL_ROWS).map(
    (i) => html`<div class="grid2">${input(`externals.${i}.name`, t(lang, 'externalName', { n: i + 1 }))}${input(`externals.${i}.email`, t(lang, 'externalEmail'), { type: 'email' })}</div>`,
  )}`;

  const picked = new Set(d.form.addressees);
  shown.push('addressees', 'citations');
  const picker = html`<fieldset class="card picker" id="recipients"><legend>${t(lang, 'recipientPicker')}</legend>
${fieldError(lang, d.errors, 'addressees', 'f-addressees')}
<h3>${t(lang, 'groups')}</h3>
<ul class="checks">${d.choices.groups.map(
    (g) => html`<li><label class="check"><input type="checkbox" name="addressee" value="group:${g.id}"${picked.has(`group:${g.id}`) ? html` checked` : ''}> ${g.name} <span class="badge">${t(lang, 'unitsCount', { n: g.size })}</span></label></li>`,
  )}</ul>
<h3>${t(lang, 'units')}</h3>
<label for="unit-search">${t(lang, 'searchUnits')}</label>
<input type="search" id="unit-search" data-filter="#unit-list li" autocomplete="off">
<ul class="checks scroll" id="unit-list">${d.choices.units.map(
    (u) => html`<li data-text="${`${u.code} ${u.name}`}"><label class="check"><input type="checkbox" name="addressee" value="unit:${u.id}"${picked.has(`unit:${u.id}`) ? html` checked` : ''}> ${u.name} <span class="muted">(${u.code})</span></label></li>`,
  )}</ul>
${externalsBlock()}</fieldset>`;

  const cited = new Set(d.form.citations);
  const citations = d.choices.directives.length
    ? html`<fieldset class="card"><legend>${t(lang, 'citationsLabel')}</legend><ul class="checks">${d.choices.directives.map(
        (x) => html`<li><label class="check"><input type="checkbox" name="citation" value="${x.id}"${cited.has(x.id) ? html` checked` : ''}> ${x.label} (${viDate(x.issuedOn)}) — ${x.subject}</label></li>`,
      )}</ul>${fieldError(lang, d.errors, 'citations', 'f-citations')}</fieldset>`
    : '';

  const requirements = html`<fieldset class="card"><legend>${t(lang, 'requirements')}</legend>
${rows('requirements', REQUIREMENT_ROWS).map(
    (i) => html`<fieldset class="row"><legend>${t(lang, 'requirementN', { n: i + 1 })}</legend>
${input(`requirements.${i}.text`, t(lang, 'requirementText'), { type: 'textarea', required: i === 0 })}
<div class="grid3">${input(`requirements.${i}.dueDate`, t(lang, 'dueDate'), { type: 'date' })}
${select(`requirements.${i}.response`, t(lang, 'responseKind'), responseKinds.map((k) => ({ value: k, label: t(lang, `response_${k}` as TextKey) })))}
${input(`requirements.${i}.to`, t(lang, 'responseTo'))}</div></fieldset>`,
  )}</fieldset>`;

  const copies = html`<fieldset class="card"><legend>${t(lang, 'copiesLabel')}</legend>
<p class="muted" id="copies-hint">${t(lang, 'copyExternalHint')}</p>
${rows('copies', COPY_ROWS).map(
    (i) => html`<div class="grid2">${input(`copies.${i}.label`, t(lang, 'copyN', { n: i + 1 }))}${input(`copies.${i}.purpose`, t(lang, 'copyPurpose'))}
${checkbox(`copies.${i}.external`, t(lang, 'copyExternal'))}${input(`copies.${i}.email`, t(lang, 'externalEmail'), { type: 'email' })}</div>`,
  )}</fieldset>`;

  // The signer is chosen among the agency's active signers and the forms each may sign in; the signature
  // block printed on the letter comes from the person's record.
  const signer = html`<fieldset class="card"><legend>${t(lang, 'signerSection')}</legend>
${select('signer', t(lang, 'signerChoice'), [{ value: '', label: t(lang, 'signerChoose') }, ...d.choices.signers])}
<p class="muted">${t(lang, 'signerChoiceHint')}</p></fieldset>`;

  const body = html`<h1>${d.title}</h1>
${d.errors?.length ? html`<p class="errors" role="alert">${t(lang, 'formHasErrors', { n: d.errors.length })}</p>` : ''}
<form method="post" action="${d.action}" id="dispatch-form" data-preview-button="preview-button" novalidate>
${csrfField(p.csrf)}
${d.version ? html`<input type="hidden" name="version" value="${d.version}">` : ''}
<div class="split">
<div>
<fieldset class="card"><legend>${t(lang, 'issuerSection')}</legend>
<p id="issuer-agency"><strong>${d.choices.agency.name}</strong>${d.choices.agency.parent ? html` — ${d.choices.agency.parent}` : ''} <span class="muted">(${d.choices.agency.code}, ${d.choices.agency.place})</span></p>
<p class="muted">${t(lang, 'issuerIsYourAgency')}</p>
<div class="grid2">${input('draftingUnit', t(lang, 'draftingUnitLabel'), { required: true })}</div></fieldset>
<div class="card">${input('subject', t(lang, 'subjectLabel'), { type: 'textarea', required: true })}</div>
${picker}
${citations}
<div class="card">${input('opening', t(lang, 'openingLabel'), { type: 'textarea' })}</div>
${requirements}
<div class="card">${input('closing', t(lang, 'closingLabel'), { type: 'textarea' })}</div>
${copies}
<div class="card">${input('archive', t(lang, 'archiveLabel'), { required: true })}</div>
${signer}
<div class="card">${input('linkGraceDays', t(lang, 'linkGraceDaysLabel'), {
  type: 'number',
  hint: t(lang, 'linkGraceDaysHint', { n: d.choices.linkGraceDaysDefault }),
  // The schema's bounds (0–365 whole days); the server checks them again with the same schema.
  attrs: html` min="0" max="365" step="1" inputmode="numeric" placeholder="${d.choices.linkGraceDaysDefault}"`,
})}</div>
${formErrors(lang, d.errors, shown)}
<div class="actions sticky"><button type="submit">${t(lang, 'saveDraft')}</button>
<button type="submit" class="secondary" id="preview-button" formaction="/app/dispatches/preview" formtarget="preview">${t(lang, 'preview')}</button></div>
</div>
<div class="preview-pane"><p class="muted">${t(lang, 'previewHint')}</p><iframe class="pdf" name="preview" title="${t(lang, 'pdfFrameTitle')}"></iframe></div>
</div>
</form>`;
  return layout({ lang, actor: p.actor, csrf: p.csrf, title: d.title }, body);
}
