import type * as z from 'zod/mini';
import type { FieldError } from '../errors';
import { fieldErrors } from '../schemas/messages';
import type { SearchValues } from '../../templates/pages/list-search';
import { t, type Lang, type TextKey } from '../../templates/i18n';

/**
 * A list page's search from its address (issue 14): the same query schema as the API checks it, so a
 * bookmarked page and `GET /dispatches?…` agree; a bad filter is named by its label on the page (never
 * by the query field's English name), in the page's language, and nothing is listed.
 */
export type PageSearch<T> = { values: SearchValues; ok: true; data: T } | { values: SearchValues; ok: false; errors: FieldError[] };

const labels: Partial<Record<string, TextKey>> = { q: 'searchQ', from: 'searchFrom', to: 'searchTo', due: 'searchDue', issuer: 'searchIssuerDirective', agency: 'searchAgency' };

export function parsePageSearch<S extends z.ZodMiniType>(
  schema: S,
  query: Readonly<Record<string, string | undefined>>,
  fields: readonly (keyof SearchValues)[],
  fixed: Record<string, unknown>,
): PageSearch<z.output<S>> {
  const values: SearchValues = {};
  for (const f of fields) if (query[f] !== undefined) values[f] = query[f];
  const input = { ...Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '')), ...fixed };
  const parsed = schema.safeParse(input);
  if (parsed.success) return { values, ok: true, data: parsed.data };
  const errors = fieldErrors(parsed.error.issues, '').map((e): FieldError => {
    const key = labels[e.field];
    if (!key) return e;
    const strip = (text: string) => (text.startsWith(`${e.field} `) ? text.slice(e.field.length + 1) : text);
    const label = (lang: Lang) => t(lang, key);
    return { field: e.field, vi: t('vi', 'searchBadField', { label: label('vi'), text: strip(e.vi) }), en: t('en', 'searchBadField', { label: label('en'), text: strip(e.en) }) };
  });
  return { values, ok: false, errors };
}

/**
 * A search form sends every field, blank ones too (`?q=&from=&to=&due=…`). Those blank fields say
 * nothing: the page answers with a redirect to the same address without them, so what is bookmarked,
 * shared or shown in the history is the short address of the search itself.
 */
export function withoutBlankFields(path: string, query: Readonly<Record<string, string | undefined>>, fields: readonly string[]): string | undefined {
  const entries = Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined);
  const kept = entries.filter(([name, value]) => !(fields.includes(name) && value.trim() === ''));
  if (kept.length === entries.length) return undefined;
  const qs = new URLSearchParams(kept).toString();
  return qs ? `${path}?${qs}` : path;
}
