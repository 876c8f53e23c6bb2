import type { FieldError } from '../../shared/domain/field-error';
import type { FormChoices, FormValues } from '../../shared/domain/views/dispatch-form';
import { html, type Html } from '../html';
import { t, viDate, type Lang, type TextKey } from '../i18n';
import { csrfField, layout } from './app-layout';
import { errorSummary, fieldMessages, messagesByField, type ShownField } from './form-error-summary';
import { recipientPicker } from './recipient-picker';
import { responseLabels, valuesOf } from '../labels';
import type { PageShell } from './app-layout';

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
  // Every control that may show an error, in page order: the error summary links to them (issue 14).
  const shown: ShownField[] = [];
  const messages = messagesByField(lang, d.errors);
  const idOf = (name: string) => `f-${name.replace(/\./g, '-')}`;
  const invalidAttrs = (name: string, id: string, hintId = ''): Html => {
    const error = messages.has(name);
    const describedBy = [hintId, error ? `${id}-error` : ''].filter(Boolean).join(' ');
    return html`${describedBy ? html` aria-describedby="${describedBy}"` : ''}${error ? html` aria-invalid="true"` : ''}`;
  };
  const input = (name: string, label: string, opts: { type?: string; required?: boolean; hint?: string; cls?: string; attrs?: Html; row?: string } = {}): Html => {
    const id = idOf(name);
    shown.push({ name, id, label: opts.row ? t(lang, 'rowField', { row: opts.row, field: label }) : label });
    const aria = invalidAttrs(name, id, opts.hint ? `${id}-hint` : '');
    return html`<div class="${opts.cls ?? ''}"><label for="${id}">${label}${opts.required ? '' : html` <span class="muted">${t(lang, 'optional')}</span>`}</label>
${opts.hint ? html`<p class="muted" id="${id}-hint">${opts.hint}</p>` : ''}
${opts.type === 'textarea'
  ? html`<textarea id="${id}" name="${name}"${aria}>${v[name] ?? ''}</textarea>`
  : html`<input type="${opts.type ?? 'text'}" id="${id}" name="${name}" value="${v[name] ?? ''}"${opts.attrs ?? ''}${opts.required ? html` required` : ''}${aria}>`}
${fieldMessages(messages, name, id)}</div>`;
  };
  const select = (name: string, label: string, options: { value: string; label: string }[], row?: string): Html => {
    const id = idOf(name);
    shown.push({ name, id, label: row ? t(lang, 'rowField', { row, field: label }) : label });
    return html`<div><label for="${id}">${label}</label><select id="${id}" name="${name}"${invalidAttrs(name, id)}>${options.map(
      (o) => html`<option value="${o.value}"${(v[name] ?? '') === o.value ? html` selected` : ''}>${o.label}</option>`,
    )}</select>${fieldMessages(messages, name, id)}</div>`;
  };

  /**
   * The rows to show open: every row up to the last one holding text (or an error), plus one empty row;
   * the rest of the default rows wait behind "More rows", so the keyboard does not pass 20 empty inputs.
   */
  const rows = (list: string, min: number): { open: number[]; spare: number[] } => {
    let last = -1;
    const rowOf = (k: string) => new RegExp(`^${list}\\.(\\d+)\\.`).exec(k);
    for (const [k, value] of Object.entries(v)) {
      const m = rowOf(k);
      // A select always posts a value: it does not make a row "filled".
      if (m && !k.endsWith('.response') && value.trim()) last = Math.max(last, Number(m[1]));
    }
    for (const name of messages.keys()) {
      const m = rowOf(name);
      if (m) last = Math.max(last, Number(m[1]));
    }
    const open = Math.min(last + 2, 50);
    const total = Math.max(min, open);
    return { open: [...Array(open).keys()], spare: [...Array(total - open).keys()].map((i) => i + open) };
  };
  const rowBlocks = (list: string, min: number, block: (i: number) => Html): Html => {
    const { open, spare } = rows(list, min);
    return html`${open.map(block)}${spare.length
      ? html`<details class="more-rows"><summary>${t(lang, 'moreRows', { n: spare.length })}</summary>${spare.map(block)}</details>`
      : ''}`;
  };

  const checkbox = (name: string, label: string, row?: string): Html => {
    const id = idOf(name);
    shown.push({ name, id, label: row ? t(lang, 'rowField', { row, field: label }) : label });
    return html`<div><label class="check"><input type="checkbox" id="${id}" name="${name}" value="on"${v[name] ? html` checked` : ''}${invalidAttrs(name, id)}> ${label}</label>${fieldMessages(messages, name, id)}</div>`;
  };
  // Addressees outside the directory (issue 9): a name as printed under "Kính gửi", an optional mailbox.
  const externalsBlock = () => html`<h3>${t(lang, 'externalsHeading')}</h3>
<p class="muted">${t(lang, 'externalsHint')}</p>
${rowBlocks('externals', d.choices.minRows.externals, (i) => html`<div class="grid2">${input(`externals.${i}.name`, t(lang, 'externalName', { n: i + 1 }))}${input(`externals.${i}.email`, t(lang, 'externalEmail'), { type: 'email', row: t(lang, 'externalName', { n: i + 1 }) })}</div>`)}`;

  const picked = new Set(d.form.addressees);
  shown.push({ name: 'addressees', id: 'f-addressees', label: t(lang, 'recipientPicker') });
  const picker = recipientPicker({
    lang,
    choices: d.choices,
    picked,
    ...(messages.has('addressees') ? { errorId: 'f-addressees-error', error: fieldMessages(messages, 'addressees', 'f-addressees') } : {}),
    extra: externalsBlock(),
  });

  const cited = new Set(d.form.citations);
  if (d.choices.directives.length) shown.push({ name: 'citations', id: 'f-citations', label: t(lang, 'citationsLabel') });
  const citations = d.choices.directives.length
    ? html`<fieldset class="card${messages.has('citations') ? ' invalid' : ''}"${messages.has('citations') ? html` aria-describedby="f-citations-error"` : ''}><legend>${t(lang, 'citationsLabel')}</legend><ul class="checks">${d.choices.directives.map(
        (x, i) => html`<li><label class="check"><input type="checkbox" name="citation" value="${x.id}"${i === 0 ? html` id="f-citations"` : ''}${cited.has(x.id) ? html` checked` : ''}> ${x.label} (${viDate(x.issuedOn)}) — ${x.subject}</label></li>`,
      )}</ul>${fieldMessages(messages, 'citations', 'f-citations')}</fieldset>`
    : '';

  const requirements = html`<fieldset class="card"><legend>${t(lang, 'requirements')}</legend>
${rowBlocks('requirements', d.choices.minRows.requirements, (i) => {
    const row = t(lang, 'requirementN', { n: i + 1 });
    return html`<fieldset class="row"><legend>${row}</legend>
${input(`requirements.${i}.text`, t(lang, 'requirementText'), { type: 'textarea', required: i === 0, row })}
<div class="grid3">${input(`requirements.${i}.dueDate`, t(lang, 'dueDate'), { type: 'date', row })}
${select(`requirements.${i}.response`, t(lang, 'responseKind'), valuesOf(responseLabels).map((k) => ({ value: k, label: t(lang, responseLabels[k]) })), row)}
${input(`requirements.${i}.to`, t(lang, 'responseTo'), { row })}</div></fieldset>`;
  })}</fieldset>`;

  const copies = html`<fieldset class="card"><legend>${t(lang, 'copiesLabel')}</legend>
<p class="muted" id="copies-hint">${t(lang, 'copyExternalHint')}</p>
${rowBlocks('copies', d.choices.minRows.copies, (i) => {
    const row = t(lang, 'copyN', { n: i + 1 });
    return html`<div class="grid2">${input(`copies.${i}.label`, row)}${input(`copies.${i}.purpose`, t(lang, 'copyPurpose'), { row })}
${checkbox(`copies.${i}.external`, t(lang, 'copyExternal'), row)}${input(`copies.${i}.email`, t(lang, 'externalEmail'), { type: 'email', row })}</div>`;
  })}</fieldset>`;

  // The signer is chosen among the agency's active signers and the forms each may sign in; the signature
  // block printed on the letter comes from the person's record.
  const signer = html`<fieldset class="card"><legend>${t(lang, 'signerSection')}</legend>
${select('signer', t(lang, 'signerChoice'), [{ value: '', label: t(lang, 'signerChoose') }, ...d.choices.signers])}
<p class="muted">${t(lang, 'signerChoiceHint')}</p></fieldset>`;

  const fieldsHtml = html`<fieldset class="card"><legend>${t(lang, 'issuerSection')}</legend>
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
})}</div>`;

  // The summary is built after the fields, so it lists exactly the fields that show an error, in the
  // order the page shows them (the blocks above are built out of order).
  const at = (f: ShownField) => fieldsHtml.value.indexOf(`id="${f.id}"`);
  const inPageOrder = shown.map((f) => ({ f, i: at(f) })).sort((a, b) => a.i - b.i).map(({ f }) => f);
  const body = html`<h1>${d.title}</h1>
${errorSummary(lang, messages, inPageOrder)}
<form method="post" action="${d.action}" id="dispatch-form" data-preview-button="preview-button" novalidate>
${csrfField(p.csrf)}
${d.version ? html`<input type="hidden" name="version" value="${d.version}">` : ''}
<div class="split">
<div>
${fieldsHtml}
<div class="actions sticky"><button type="submit">${t(lang, 'saveDraft')}</button>
<button type="submit" class="secondary" id="preview-button" formaction="/app/dispatches/preview" formtarget="preview">${t(lang, 'preview')}</button></div>
</div>
<div class="preview-pane" data-preview-viewer data-page-label="${t(lang, 'letterPageLabel')}" data-loading="${t(lang, 'letterDrawing')}"><p class="muted">${t(lang, 'previewHint')}</p>
<p class="pdf-status muted" role="status" hidden></p><div class="pdf-pages" hidden></div>
<iframe class="pdf" name="preview" title="${t(lang, 'pdfFrameTitle')}"></iframe></div>
</div>
</form>`;
  return layout({ lang, actor: p.actor, csrf: p.csrf, title: d.title }, body);
}
