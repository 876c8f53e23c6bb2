import type { FieldError } from '../../shared/errors';
import { dispatchStates } from '../../shared/schemas/dispatch';
import { html, type Html } from '../html';
import { t, type Lang, type TextKey } from '../i18n';

/**
 * The search area of the dispatch, directive and register lists (issue 14): one search box (words with
 * or without marks), the list's own filters, a date range and the due status, in a GET form, so what is
 * shown is the address: it can be bookmarked, shared, reloaded. Texts live here, not in the shared
 * dictionary, so this part of the pages stays in one module.
 */
const texts = {
  region: { vi: 'Tìm kiếm và lọc', en: 'Search and filter' },
  q: { vi: 'Tìm kiếm', en: 'Search' },
  from: { vi: 'Từ ngày', en: 'From' },
  to: { vi: 'Đến ngày', en: 'To' },
  due: { vi: 'Hạn', en: 'Due' },
  dueAny: { vi: 'Tất cả', en: 'Any' },
  due_overdue: { vi: 'Quá hạn', en: 'Overdue' },
  due_soon: { vi: 'Đến hạn trong 7 ngày', en: 'Due within 7 days' },
  due_none: { vi: 'Không có hạn', en: 'No due date' },
  submit: { vi: 'Tìm', en: 'Search' },
  clear: { vi: 'Xóa bộ lọc', en: 'Clear filters' },
  results: { vi: 'Tìm thấy {n} kết quả trên trang này.', en: '{n} results on this page.' },
  noResults: { vi: 'Không tìm thấy kết quả phù hợp. Hãy bỏ bớt từ khóa hoặc bộ lọc.', en: 'Nothing matches. Try fewer words or filters.' },
  moreMaybe: {
    vi: 'Có thể còn kết quả ở trang sau: mỗi lần tìm chỉ đọc một phần danh sách.',
    en: 'There may be more results on the next page: each search reads part of the list at a time.',
  },
  hintDispatches: {
    vi: 'Số, ký hiệu, trích yếu, cơ quan ban hành, người ký, nơi nhận. Gõ có dấu hay không dấu đều được.',
    en: 'Number, symbol, subject, issuer, signer, addressee. With or without Vietnamese marks.',
  },
  hintDirectives: {
    vi: 'Số, ký hiệu, cơ quan ban hành, trích yếu. Gõ có dấu hay không dấu đều được.',
    en: 'Number, symbol, issuing body, subject. With or without Vietnamese marks.',
  },
  hintRegister: {
    vi: 'Số, ký hiệu, trích yếu, người ký, nơi nhận. Gõ có dấu hay không dấu đều được.',
    en: 'Number, symbol, subject, signer, recipients. With or without Vietnamese marks.',
  },
  datesCreated: { vi: 'Ngày tạo', en: 'Created' },
  datesReceived: { vi: 'Ngày đến', en: 'Received' },
  datesIssued: { vi: 'Ngày ban hành', en: 'Issued' },
  issuerDirective: { vi: 'Lọc theo cơ quan ban hành', en: 'Filter by issuing body' },
  agency: { vi: 'Cơ quan', en: 'Agency' },
  badField: { vi: '{label}: {text}', en: '{label}: {text}' },
  errorsHeading: { vi: 'Chưa tìm được vì bộ lọc chưa đúng:', en: 'Could not search; fix the filters:' },
} as const;
export type SearchTextKey = keyof typeof texts;

export const st = (lang: Lang, key: SearchTextKey, vars: Record<string, string | number> = {}): string =>
  texts[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''));

export type SearchValues = Partial<Record<'q' | 'from' | 'to' | 'due' | 'issuer' | 'agency' | 'state', string>>;

export interface SearchFormOptions {
  lang: Lang;
  /** The list's address: the form's action and the "clear" link. */
  path: string;
  values: SearchValues;
  hint: SearchTextKey;
  /** What the date range is about (created, received, issued). */
  dates: SearchTextKey;
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
  const dateField = (name: 'from' | 'to') => html`<div><label for="search-${name}">${st(lang, name)}</label>
<input type="date" id="search-${name}" name="${name}" value="${values[name] ?? ''}"${fieldState(errors, name)}>${searchFieldError(errors, name, lang)}</div>`;
  const dues = ['overdue', 'soon', 'none'] as const;
  return html`<form method="get" action="${o.path}" class="filters card search-filters" role="search" aria-label="${st(lang, 'region')}" novalidate>
${Object.entries(o.hidden ?? {}).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<div class="search-q"><label for="search-q">${st(lang, 'q')}</label>
<input type="search" id="search-q" name="q" value="${values.q ?? ''}" maxlength="200" autocomplete="off" aria-describedby="search-q-hint${invalid(errors, 'q') ? ' search-q-error' : ''}"${invalid(errors, 'q') ? html` aria-invalid="true"` : ''}>
<p class="muted search-hint" id="search-q-hint">${st(lang, o.hint)}</p>${searchFieldError(errors, 'q', lang)}</div>
${o.extra ?? ''}
<fieldset class="search-dates"><legend>${st(lang, o.dates)}</legend>${dateField('from')}${dateField('to')}</fieldset>
${o.due
  ? html`<div><label for="search-due">${st(lang, 'due')}</label><select id="search-due" name="due"${fieldState(errors, 'due')}><option value="">${st(lang, 'dueAny')}</option>${dues.map(
      (d) => html`<option value="${d}"${values.due === d ? html` selected` : ''}>${st(lang, `due_${d}`)}</option>`,
    )}</select>${searchFieldError(errors, 'due', lang)}</div>`
  : ''}
<div class="search-actions"><button type="submit">${o.submitLabel ?? st(lang, 'submit')}</button>${o.narrowed ? html` <a href="${clearHref(o)}">${st(lang, 'clear')}</a>` : ''}</div>
</form>`;
}

const clearHref = (o: SearchFormOptions) => {
  const qs = new URLSearchParams(o.hidden ?? {}).toString();
  return qs ? `${o.path}?${qs}` : o.path;
};

/** Under a searched list: how many matched on this page, or that nothing did (and that a next page may hold more). */
export function searchSummary(lang: Lang, narrowed: boolean, count: number, more: boolean): Html | string {
  if (!narrowed) return '';
  const text = count ? st(lang, 'results', { n: count }) : more ? '' : st(lang, 'noResults');
  return html`<p class="search-summary" role="status">${text}${more ? html` ${st(lang, 'moreMaybe')}` : ''}</p>`;
}

/** The dispatch list's search: the box, the state (as before), the agency when the person may read more than one, dates created, due. */
export function dispatchSearchForm(lang: Lang, o: { values: SearchValues; agencies: readonly string[]; ownAgency: string; errors?: readonly FieldError[] | undefined; narrowed: boolean }): Html {
  const state = o.values.state;
  const agency = o.values.agency || o.ownAgency;
  const extra = html`<div><label for="state">${t(lang, 'stateLabel')}</label>
<select id="state" name="state"><option value="">${t(lang, 'allStates')}</option>
${dispatchStates.map((s) => html`<option value="${s}"${s === state ? html` selected` : ''}>${t(lang, `state_${s}` as TextKey)}</option>`)}
</select></div>
${o.agencies.length > 1
  ? html`<div><label for="search-agency">${st(lang, 'agency')}</label><select id="search-agency" name="agency"${fieldState(o.errors, 'agency')}>${o.agencies.map(
      (a) => html`<option value="${a}"${a === agency ? html` selected` : ''}>${a}</option>`,
    )}</select>${searchFieldError(o.errors, 'agency', lang)}</div>`
  : ''}`;
  return searchForm({ lang, path: '/app/dispatches', values: o.values, hint: 'hintDispatches', dates: 'datesCreated', due: true, extra, errors: o.errors, narrowed: o.narrowed });
}

/** The directive list's search: the box, the issuing body in words, dates received, deadline; the withdrawn list keeps its state. */
export function directiveSearchForm(lang: Lang, o: { values: SearchValues; withdrawn: boolean; errors?: readonly FieldError[] | undefined; narrowed: boolean }): Html {
  const extra = html`<div><label for="search-issuer">${st(lang, 'issuerDirective')}</label><input type="text" id="search-issuer" name="issuer" value="${o.values.issuer ?? ''}" maxlength="300"${fieldState(o.errors, 'issuer')}>${searchFieldError(o.errors, 'issuer', lang)}</div>`;
  return searchForm({ lang, path: '/app/directives', values: o.values, hint: 'hintDirectives', dates: 'datesReceived', due: !o.withdrawn, extra, hidden: o.withdrawn ? { state: 'withdrawn' } : undefined, errors: o.errors, narrowed: o.narrowed });
}
