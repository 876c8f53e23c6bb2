/**
 * Accent-insensitive search text (issue 14). A clerk types "ke hoach" or "kế hoạch", "Đà Nẵng" or
 * "da nang", "05/tcthads" or "05 TCTHADS": all must find the same letters. Both what is stored and what
 * is typed go through the same folding, so matching is a plain substring test of each typed word.
 *
 * Folding: Unicode NFD, combining marks dropped (the five tones and the circumflex, breve and horn),
 * "đ"/"Đ" to "d" (a letter of its own, not a composed one, so NFD leaves it), lower case, and every run
 * of characters that is not a letter or a digit turned into one space. The result is what DynamoDB's
 * `contains()` compares against, so it must stay the same for a given text forever: change it only
 * together with a backfill of every stored `searchText`.
 */

/** Most words of a search that are used; more would only make the filter longer, never the result better. */
export const MAX_SEARCH_TERMS = 8;

const COMBINING_MARKS = /\p{M}+/gu;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;

/** "Kế hoạch CNTT – Đà Nẵng, 05/TCTHADS" → "ke hoach cntt da nang 05 tcthads". */
export function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(NOT_LETTER_OR_DIGIT, ' ')
    .trim();
}

/**
 * The words of a typed search, folded: distinct, in the order typed, at most MAX_SEARCH_TERMS. A word
 * that another one contains adds nothing (every word must match) and is dropped.
 */
export function searchTerms(query: string | undefined): string[] {
  if (!query) return [];
  const words = [...new Set(foldText(query).split(' ').filter(Boolean))];
  const kept = words.filter((w) => !words.some((other) => other !== w && other.includes(w)));
  return kept.slice(0, MAX_SEARCH_TERMS);
}

/** One stored search text from the fields it covers (absent ones skipped). */
export function searchTextOf(fields: readonly (string | number | undefined | null)[]): string {
  return foldText(fields.filter((f) => f !== undefined && f !== null && f !== '').join(' '));
}

/** Every word of the search occurs in the stored text (an empty search matches everything). */
export function matchesTerms(text: string, terms: readonly string[]): boolean {
  return terms.every((term) => text.includes(term));
}
