import type { FieldError } from '../../shared/domain/field-error';
import { html, type Html } from '../html';
import { t, type Lang } from '../i18n';

/**
 * A refused form's errors, one entry per field (issue 14): the summary at the top lists exactly the
 * fields that show an error, each a link to its control, and each field shows all of its messages.
 * Messages that start with the schema's path (an English name) have it cut: the label names the field.
 */
export interface ShownField {
  name: string;
  /** The control the summary links to. */
  id: string;
  /** As the page labels it, with its row when it has one ("Yêu cầu 2 — Hạn"). */
  label: string;
}

const EMPTY = /^(không được để trống|must not be empty)$/;
const unprefixed = (text: string, field: string) => (text.startsWith(`${field} `) ? text.slice(field.length + 1) : text);

/** Each field's messages in the user's language, in the order given, without repeats. */
export function messagesByField(lang: Lang, errors: readonly FieldError[] | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of errors ?? []) {
    const list = out.get(e.field) ?? [];
    const text = unprefixed(e[lang], e.field);
    if (!list.includes(text)) list.push(text);
    out.set(e.field, list);
  }
  // An empty field is told it is empty, not also what its text should look like.
  for (const [field, list] of out) {
    const empty = list.find((m) => EMPTY.test(m));
    if (empty && list.length > 1) out.set(field, [empty]);
  }
  return out;
}

/** Under a field: every message it has, in one element the control points at (aria-describedby). */
export function fieldMessages(messages: Map<string, string[]>, field: string, id: string): Html | string {
  const list = messages.get(field);
  return list?.length ? html`<p class="field-error" id="${id}-error">${list.join('; ')}</p>` : '';
}

/**
 * The summary: shown fields first in page order (a link each), then what no field shows (no link, the
 * message alone). Focus is moved to it after a refused submit (app.js; tabindex lets it take focus).
 */
export function errorSummary(lang: Lang, messages: Map<string, string[]>, shown: readonly ShownField[]): Html | string {
  if (!messages.size) return '';
  const seen = new Set<string>();
  const linked = shown.filter((f) => messages.has(f.name) && !seen.has(f.name) && seen.add(f.name));
  const rest = [...messages.keys()].filter((name) => !seen.has(name));
  const n = linked.length + rest.length;
  return html`<div class="errors error-summary" id="error-summary" tabindex="-1" role="alert" aria-labelledby="error-summary-title" data-focus-on-load>
<h2 id="error-summary-title">${t(lang, 'summaryTitle', { n })}</h2>
<p>${t(lang, 'summaryHint')}</p>
<ul>${linked.map((f) => html`<li><a href="#${f.id}" data-focus-field="${f.id}">${f.label}: ${messages.get(f.name)!.join('; ')}</a></li>`)}${rest.map(
    (name) => html`<li>${messages.get(name)!.join('; ')}</li>`,
  )}</ul></div>`;
}
