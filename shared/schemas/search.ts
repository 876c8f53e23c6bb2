import { dueFilters, type DueFilter, type ListSearch } from '../domain/list-search';
import { searchTerms } from '../domain/search-text';
import * as z from 'zod/mini';
import { isoDate, unsafeTextKey } from './common';

/**
 * Query fields of the searchable lists (issue 14): `GET /dispatches`, `GET /directives`, `GET /register`.
 * Empty values are allowed and mean "not narrowed", so a search form can send its fields as they are.
 */
const typed = (max: number, description: string) =>
  z
    .optional(z.string().check(z.maxLength(max), z.refine((v) => unsafeTextKey(v) === undefined, { message: 'single-line' })))
    .register(z.globalRegistry, { description });

/** An empty value is no value: a search form sends the fields it leaves blank. */
const blankIsAbsent = (v: unknown) => (v === '' ? undefined : v);

/** What classic's `z.preprocess(f, s)` builds: a pipe from a transform into the schema. */
const preprocess = <S extends z.core.$ZodType>(f: (v: unknown) => unknown, schema: S) => z.pipe(z.transform(f), schema);

const optionalDate = (description: string) => preprocess(blankIsAbsent, z.optional(isoDate)).register(z.globalRegistry, { description });

export const searchFields = {
  q: typed(200, 'Từ khóa, không phân biệt dấu và hoa/thường (mọi từ phải có) / Words, accent- and case-insensitive (all must occur)'),
  from: optionalDate('Từ ngày (YYYY-MM-DD, giờ Việt Nam) / From date, inclusive (Vietnam time)'),
  to: optionalDate('Đến ngày (YYYY-MM-DD) / To date, inclusive'),
};

export const dueField = preprocess(blankIsAbsent, z.optional(z.enum(dueFilters)))
  .register(z.globalRegistry, { description: 'Hạn: overdue (quá hạn), soon (đến hạn trong 7 ngày), none (không có hạn) / Due status' });

/** An issuing body named in words (directives): accent-insensitive, every word must occur in it. */
export const issuerWordsField = typed(300, 'Cơ quan ban hành (không phân biệt dấu) / Issuing body, accent-insensitive words');

/** `to` may not come before `from`. */
export function dateOrder(value: { from?: string | undefined; to?: string | undefined }, ctx: z.core.$RefinementCtx): void {
  if (value.from && value.to && value.to < value.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'date-range' });
}

/** The parsed query fields as the lists' search criteria (empty values dropped, words folded). */
export function listSearchOf(query: { q?: string | undefined; from?: string | undefined; to?: string | undefined; due?: string | undefined }): ListSearch {
  return {
    terms: searchTerms(query.q),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    ...(query.due ? { due: query.due as DueFilter } : {}),
  };
}
