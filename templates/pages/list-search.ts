import type { FieldError } from '../../shared/domain/field-error';
import { html, type Html } from '../html';
import { t, type Lang, type TextKey } from '../i18n';
import { stateLabels, valuesOf } from '../labels';

/**
 * The search area of the dispatch, directive and register lists (issue 14): one search box (words with
 * or without marks), the list's own filters, a date range and the due status, in a GET form, so what is
 * shown is the address: it can be bookmarked, shared, reloaded. Its texts are the `search…` keys of the
 * staff texts (templates/text/staff.ts).
 */

export type SearchValues = Partial<Record<'q' | 'from' | 'to' | 'due' | 'issuer' | 'agency' | 'state', string>>;

export interface SearchFormOptions {
  lang: Lang;
  /** The list's address: the form's action and the "clear" link. */
  path: string;
  values: SearchValues;
  hint: TextKey;
  /** What the date range is about (created, received, issued). */
  dates: TextKey;
  /** Offer the due status filter. */
  due: boolean;
  /** The list's own fields (state, issuer, year…), placed after the search box. */
  extra?: Html | undefined;
  /** Fields kept as they are (e.g. the register's issuer and year, the withdrawn list's state). */
  hidden?: Record<string, string> | undefined;
  errors?: readonly FieldError[] | undefined;
  /** Whether a filter is in use: offers "clear". */
  narrowed: boolean;
  /** The submit button's text, when not "Tìm" (the register keeps its "Xem"). */
  submitLabel?: string | undefined;
}

const invalid = (errors: readonly FieldError[] | undefined, field: string) => errors?.some((e) => e.field === field);

/** `aria-invalid` and the error's id for a field with an error. */
export const fieldState = (errors: readonly FieldError[] | undefined, field: string): Html =>
  invalid(errors, field) ? html` aria-invalid="true" aria-describedby="search-${field}-error"` : html``;

export const searchFieldError = (errors: readonly FieldError[] | undefined, field: string, lang: Lang): Html | string => {
  const e = errors?.find((x) => x.field === field);
  return e ? html`<p class="field-error" id="search-${field}-error">${e[lang]}</p>` : '';
};

export function searchForm(o: SearchFormOptions): Html {
  const { lang, values, errors } = o;
  const dateField = (name: 'from' | 'to') => html`<div><label for="search-${name}">${t(lang, name === 'from' ? 'searchFrom' : 'searchTo')}</label>
<input type="date" id="search-${name}" name="${name}" value="${values[name] ?? ''}"${fieldState(errors, name)}>${searchFieldError(errors, name, lang)}</div>`;
  const dues = ['overdue', 'soon', 'none'] as const;
  return html`<form method="get" action="${o.path}" class="filters card search-filters" role="search" aria-label="${t(lang, 'searchRegion')}" novalidate>
${Object.entries(o.hidden ?? {}).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<div class="search-q"><label for="search-q">${t(lang, 'searchQ')}</label>
<input type="search" id="search-q" name="q" value="${values.q ?? ''}" maxlength="200" autocomplete="off" aria-describedby="search-q-hint${invalid(errors, 'q') ? ' search-q-error' : ''}"${invalid(errors, 'q') ? html` aria-invalid="true"` : ''}>
<p class="muted search-hint" id="search-q-hint">${t(lang, o.hint)}</p>${searchFieldError(errors, 'q', lang)}</div>
${o.extra ?? ''}
<fieldset class="search-dates"><legend>${t(lang, o.dates)}</legend>${dateField('from')}${dateField('to')}</fieldset>
${o.due
  ? html`<div><label for="search-due">${t(lang, 'searchDue')}</label><select id="search-due" name="due"${fieldState(errors, 'due')}><option value="">${t(lang, 'searchDueAny')}</option>${dues.map(
      (d) => html`<option value="${d}"${values.due === d ? html` selected` : ''}>${t(lang, `searchDue_${d}` as const)}</option>`,
    )}</select>${searchFieldError(errors, 'due', lang)}</div>`
  : ''}
<div class="search-actions"><button type="submit">${o.submitLabel ?? t(lang, 'searchSubmit')}</button>${o.narrowed ? html` <a href="${clearHref(o)}">${t(lang, 'searchClear')}</a>` : ''}</div>
</form>`;
}

const clearHref = (o: SearchFormOptions) => {
  const qs = new URLSearchParams(o.hidden ?? {}).toString();
  return qs ? `${o.path}?${qs}` : o.path;
};

/** Under a searched list: how many matched on this page, or that nothing did (and that a next page may hold more). */
export function searchSummary(lang: Lang, narrowed: boolean, count: number, more: boolean): Html | string {
  if (!narrowed) return '';
  const text = count ? t(lang, 'searchResults', { n: count }) : more ? '' : t(lang, 'searchNoResults');
  return html`<p class="search-summary" role="status">${text}${more ? html` ${t(lang, 'searchMoreMaybe')}` : ''}</p>`;
}

/** The dispatch list's search: the box, the state (as before), the agency when the person may read more than one, dates created, due. */
export function dispatchSearchForm(lang: Lang, o: { values: SearchValues; agencies: readonly string[]; ownAgency: string; errors?: readonly FieldError[] | undefined; narrowed: boolean }): Html {
  const state = o.values.state;
  const agency = o.values.agency || o.ownAgency;
  const extra = html`<div><label for="state">${t(lang, 'stateLabel')}</label>
<select id="state" name="state"><option value="">${t(lang, 'allStates')}</option>
${valuesOf(stateLabels).map((s) => html`<option value="${s}"${s === state ? html` selected` : ''}>${t(lang, stateLabels[s])}</option>`)}
</select></div>
${o.agencies.length > 1
  ? html`<div><label for="search-agency">${t(lang, 'searchAgency')}</label><select id="search-agency" name="agency"${fieldState(o.errors, 'agency')}>${o.agencies.map(
      (a) => html`<option value="${a}"${a === agency ? html` selected` : ''}>${a}</option>`,
    )}</select>${searchFieldError(o.errors, 'agency', lang)}</div>`
  : ''}`;
  return searchForm({ lang, path: '/app/dispatches', values: o.values, hint: 'searchHintDispatches', dates: 'searchDatesCreated', due: true, extra, errors: o.errors, narrowed: o.narrowed });
}

/** The directive list's search: the box, the issuing body in words, dates received, deadline; the withdrawn list keeps its state. */
export function directiveSearchForm(lang: Lang, o: { values: SearchValues; withdrawn: boolean; errors?: readonly FieldError[] | undefined; narrowed: boolean }): Html {
  const extra = html`<div><label for="search-issuer">${t(lang, 'searchIssuerDirective')}</label><input type="text" id="search-issuer" name="issuer" value="${o.values.issuer ?? ''}" maxlength="300"${fieldState(o.errors, 'issuer')}>${searchFieldError(o.errors, 'issuer', lang)}</div>`;
  return searchForm({ lang, path: '/app/directives', values: o.values, hint: 'searchHintDirectives', dates: 'searchDatesReceived', due: !o.withdrawn, extra, hidden: o.withdrawn ? { state: 'withdrawn' } : undefined, errors: o.errors, narrowed: o.narrowed });
}
