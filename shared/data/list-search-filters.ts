import { NO_DUE_DATE, soonUntil, type DirectiveSearch, type ListSearch } from '../domain/list-search';
import { endOfVietnamDay, plusDays } from '../domain/time';
import { containsAll, FilterBuilder, orLegacy } from './search-query';

/**
 * The DynamoDB side of shared/domain/list-search.ts: the same criteria as key conditions (date ranges
 * on the sort key where the list is sorted by that date) and filter expressions on the stored, folded
 * fields. Every condition here has its twin in the domain predicate that judges the returned items.
 */

/** The stored folded text of a listed item (dispatch, directive, register row). */
export const SEARCH_TEXT = 'searchText';
/** A directive's folded issuing body, for the issuer filter. */
export const ISSUER_TEXT = 'issuerText';

/** Sorts after any id in a `date#id` sort key: the upper end of a range of such keys. */
const AFTER = '#\uffff';

/** First instant of a Vietnam calendar day, as stored in createdAt. */
const startOfVietnamDay = (date: string) => new Date(endOfVietnamDay(plusDays(date, -1)).getTime() + 1).toISOString();

/**
 * Key condition on an index sort key `<when>#<id>` for a date range: `when` is the created instant
 * (dispatches, `instant`) or a calendar date (directives).
 */
export function sortKeyRange(
  attribute: string,
  range: ListSearch,
  instant: boolean,
): { condition: string; values: Record<string, string>; holds: (key: Record<string, unknown>) => boolean } | undefined {
  if (!range.from && !range.to) return undefined;
  const low = range.from ? (instant ? startOfVietnamDay(range.from) : range.from) : '0';
  const high = range.to ? (instant ? endOfVietnamDay(range.to).toISOString() : range.to) + AFTER : '\uffff';
  return {
    condition: `${attribute} BETWEEN :rangeLow AND :rangeHigh`,
    values: { ':rangeLow': low, ':rangeHigh': high },
    // A cursor from another date range would make DynamoDB refuse the query: it is refused first, as a 400.
    holds: (key) => typeof key[attribute] === 'string' && (key[attribute] as string) >= low && (key[attribute] as string) <= high,
  };
}

/** Due status on a stored date attribute (`dueFirst`, or a directive's `deadline`), for letters still open. */
function dueCondition(f: FilterBuilder, attribute: string, due: ListSearch['due'], today: string, missing: 'absent' | 'sentinel'): string | undefined {
  if (!due) return undefined;
  const at = f.name(attribute);
  if (due === 'none') return missing === 'absent' ? `attribute_not_exists(${at})` : `${at} = ${f.value(NO_DUE_DATE)}`;
  if (due === 'overdue') return `${at} < ${f.value(today)}`;
  return `${at} BETWEEN ${f.value(today)} AND ${f.value(soonUntil(today))}`;
}

/** An agency's dispatches: state and openness on the item itself; words and due date on the stored search fields. */
export function dispatchSearchFilter(search: ListSearch, state: string | undefined, today: string): FilterBuilder {
  const f = new FilterBuilder();
  if (state) f.add(`${f.name('state')} = ${f.value(state)}`);
  if (search.due === 'overdue' || search.due === 'soon') {
    f.add(`attribute_not_exists(${f.name('closedAt')}) AND ${f.name('state')} <> ${f.value('recalled')}`);
  }
  const derived = new FilterBuilder('d');
  derived.add(containsAll(derived, SEARCH_TEXT, search.terms)).add(dueCondition(derived, 'dueFirst', search.due, today, 'sentinel'));
  return merge(f, SEARCH_TEXT, derived);
}

/** Directives (one partition per state): words and issuer on stored fields; the deadline is the item's own. */
export function directiveSearchFilter(search: DirectiveSearch, today: string): FilterBuilder {
  const f = new FilterBuilder();
  f.add(dueCondition(f, 'deadline', search.due, today, 'absent'));
  const derived = new FilterBuilder('d');
  derived.add(containsAll(derived, SEARCH_TEXT, search.terms)).add(containsAll(derived, ISSUER_TEXT, search.issuerTerms));
  return merge(f, SEARCH_TEXT, derived);
}

/** A register year: words on the stored text; the issue date is the row's own. */
export function registerSearchFilter(search: ListSearch): FilterBuilder {
  const f = new FilterBuilder();
  if (search.from) f.add(`${f.name('issuedOn')} >= ${f.value(search.from)}`);
  if (search.to) f.add(`${f.name('issuedOn')} <= ${f.value(search.to)}`);
  const derived = new FilterBuilder('d');
  derived.add(containsAll(derived, SEARCH_TEXT, search.terms));
  return merge(f, SEARCH_TEXT, derived);
}

/** The item's own conditions AND (no stored search fields OR the derived conditions, on the stored fields). */
function merge(outer: FilterBuilder, marker: string, derived: FilterBuilder): FilterBuilder {
  Object.assign(outer.names, derived.names);
  Object.assign(outer.values, derived.values);
  outer.add(orLegacy(outer, marker, derived));
  return outer;
}
