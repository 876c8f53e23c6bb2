import { matchesTerms, searchTextOf } from './search-text';
import { plusDays, vietnamDate } from './time';

/**
 * What the dispatch, directive and register lists can be narrowed by (issue 14), and the pure tests of
 * one listed item against it. The data layer turns the same criteria into a DynamoDB filter on stored,
 * pre-folded fields; these functions are the definition it mirrors, and are applied again to what the
 * query returns, which is how items written before the stored fields existed are still found.
 */

/** Due status: a due date has passed while the letter is still open / falls within the next `DUE_SOON_DAYS` / there is none. */
export const dueFilters = ['overdue', 'soon', 'none'] as const;
export type DueFilter = (typeof dueFilters)[number];

/** "Sắp đến hạn": the due date is today or within this many days. */
export const DUE_SOON_DAYS = 7;

/** Stored in place of the first due date when a letter has none (a SET can't remove it); sorts after every date. */
export const NO_DUE_DATE = 'none';

export interface DateRange {
  /** Vietnam calendar dates, inclusive, YYYY-MM-DD. */
  from?: string | undefined;
  to?: string | undefined;
}

export interface ListSearch extends DateRange {
  /** Folded words (shared/domain/search-text.ts searchTerms): all must occur. */
  terms: readonly string[];
  due?: DueFilter | undefined;
}

/** Whether anything narrows the list (an empty search lists as before, page by page). */
export const isNarrowed = (s: ListSearch | undefined, ...more: unknown[]): s is ListSearch =>
  !!s && (s.terms.length > 0 || !!s.from || !!s.to || !!s.due || more.some((m) => m !== undefined && m !== ''));

export const inDateRange = (date: string, range: DateRange) => (!range.from || date >= range.from) && (!range.to || date <= range.to);

/** The last day that counts as "soon" from `today`. */
export const soonUntil = (today: string) => plusDays(today, DUE_SOON_DAYS);

/** Due status of a due date for a letter still open on `today` ('none' also when there is no date). */
export function dueStatusOf(firstDue: string | undefined, open: boolean, today: string): DueFilter | 'later' | 'closed' {
  if (!firstDue || firstDue === NO_DUE_DATE) return 'none';
  if (!open) return 'closed';
  if (firstDue < today) return 'overdue';
  return firstDue <= soonUntil(today) ? 'soon' : 'later';
}

// ---- dispatches -------------------------------------------------------------------------------

/** The parts of a dispatch that its search text and due status come from. */
export interface SearchableDispatch {
  state: string;
  createdAt: string;
  symbol?: string | undefined;
  closedAt?: string | undefined;
  content: {
    subject: string;
    issuer: { name: string; code: string; parent?: string | undefined };
    signer: { name: string };
    addressees: readonly ({ kind: 'unit' | 'group'; label?: string | undefined } | { kind: 'external'; name: string })[];
    copies: readonly { label: string }[];
    requirements: readonly { dueDate?: string | undefined }[];
  };
}

/**
 * The folded text a dispatch is found by: number and symbol, subject, issuer, signer, addressees (the
 * printed label or external name; `recipientsLine` adds the register's "Nơi nhận" line once issued,
 * which names the directory units too) and the copies' lines.
 */
export function dispatchSearchText(d: SearchableDispatch, recipientsLine?: string): string {
  const c = d.content;
  return searchTextOf([
    d.symbol,
    c.subject,
    c.issuer.code,
    c.issuer.name,
    c.issuer.parent,
    c.signer.name,
    ...c.addressees.map((a) => (a.kind === 'external' ? a.name : a.label)),
    ...c.copies.map((x) => x.label),
    recipientsLine,
  ]);
}

/** The earliest due date of the letter's requirements, or NO_DUE_DATE. */
export function firstDueDate(d: Pick<SearchableDispatch, 'content'>): string {
  const dates = d.content.requirements.map((r) => r.dueDate).filter((x): x is string => !!x).sort();
  return dates[0] ?? NO_DUE_DATE;
}

/** A dispatch is open for due purposes until it is closed or recalled. */
export const dispatchOpen = (d: Pick<SearchableDispatch, 'state' | 'closedAt'>) => d.state !== 'recalled' && !d.closedAt;

/**
 * Whether a dispatch is in the search. `storedText`: the item's stored search text when it has one
 * (it may name more than the record alone does, e.g. the directory units it went to); the text is
 * computed from the record otherwise.
 */
export function dispatchMatches(d: SearchableDispatch, s: ListSearch, today: string, storedText?: string): boolean {
  if (!matchesTerms(storedText ?? dispatchSearchText(d), s.terms)) return false;
  if (!inDateRange(vietnamDate(new Date(d.createdAt)), s)) return false;
  return !s.due || dueStatusOf(firstDueDate(d), dispatchOpen(d), today) === s.due;
}

// ---- directives ---------------------------------------------------------------------------------

export interface SearchableDirective {
  number: string;
  symbol: string;
  issuingBody: string;
  subject: string;
  receivedOn: string;
  deadline?: string | undefined;
  state?: string | undefined;
}

export const directiveSearchText = (d: SearchableDirective) => searchTextOf([`${d.number}/${d.symbol}`, d.issuingBody, d.subject]);
export const directiveIssuerText = (d: Pick<SearchableDirective, 'issuingBody'>) => searchTextOf([d.issuingBody]);

export interface DirectiveSearch extends ListSearch {
  /** Folded words of the issuing body (cơ quan ban hành): all must occur in it. */
  issuerTerms: readonly string[];
}

/** Whether a directive is in the search (dates are the received date; due is its deadline). */
export function directiveMatches(d: SearchableDirective, s: DirectiveSearch, today: string): boolean {
  if (!matchesTerms(directiveSearchText(d), s.terms)) return false;
  if (!matchesTerms(directiveIssuerText(d), s.issuerTerms)) return false;
  if (!inDateRange(d.receivedOn, s)) return false;
  return !s.due || dueStatusOf(d.deadline, d.state !== 'withdrawn', today) === s.due;
}

// ---- register -----------------------------------------------------------------------------------

export interface SearchableRegisterEntry {
  number: number;
  symbol: string;
  subject: string;
  signer: string;
  recipients: string;
  issuedOn: string;
}

export const registerSearchText = (e: SearchableRegisterEntry) => searchTextOf([e.symbol, e.subject, e.signer, e.recipients]);

/** Whether a register row is in the search (dates are the issue date; a register row has no due status). */
export function registerMatches(e: SearchableRegisterEntry, s: ListSearch): boolean {
  return matchesTerms(registerSearchText(e), s.terms) && inDateRange(e.issuedOn, s);
}
