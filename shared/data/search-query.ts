import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { db } from './client';
import { decodeCursor, encodeCursor } from './cursor';
import type { Page } from './page';

/**
 * A search page (issue 14): a Query of ONE partition (an agency's dispatches, the directives, a
 * register year) with a filter on pre-folded stored fields, never a Scan. DynamoDB evaluates `Limit`
 * items before filtering, so one Query may find few matches: the page reads on, step by step, until it
 * has `limit` matches, the partition ends, or it has read its budget; then it answers with what it found
 * and a cursor (the same validated cursor as every list) from where to go on. So the cost of one request
 * is bounded (at most SEARCH_STEPS × SEARCH_STEP_ITEMS items read, and 1 MB per step) whatever the
 * partition's size; a rare search in a large partition takes several "next page" clicks instead.
 */
export const SEARCH_STEP_ITEMS = 200;
export const SEARCH_STEPS = 5;

/** A filter expression under construction: conditions joined with AND, names and values numbered. */
export class FilterBuilder {
  private readonly conditions: string[] = [];
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  private n = 0;

  /** `prefix`: of the value placeholders, distinct per builder so that two builders' conditions can be joined. */
  constructor(private readonly prefix = 's') {}

  name(attribute: string): string {
    const key = `#s_${attribute}`;
    this.names[key] = attribute;
    return key;
  }

  value(v: unknown): string {
    const key = `:${this.prefix}${this.n++}`;
    this.values[key] = v;
    return key;
  }

  add(condition: string | undefined): this {
    if (condition) this.conditions.push(condition);
    return this;
  }

  get empty(): boolean {
    return this.conditions.length === 0;
  }

  expression(): string | undefined {
    // DynamoDB refuses redundant parentheses: only a condition with an OR needs them under an AND.
    return this.conditions.length ? this.conditions.map((c) => (/ OR /.test(c) ? `(${c})` : c)).join(' AND ') : undefined;
  }
}

/** `contains(text, :t)` for every word: all must occur. */
export function containsAll(f: FilterBuilder, attribute: string, terms: readonly string[]): string | undefined {
  if (!terms.length) return undefined;
  const name = f.name(attribute);
  return terms.map((t) => `contains(${name}, ${f.value(t)})`).join(' AND ');
}

/**
 * Conditions on stored search fields, which items written before those fields existed lack: such an
 * item passes the filter (`attribute_not_exists`) and is judged by `keep` in the Lambda instead, from
 * its own fields (migrate on read). `marker`: the stored field every new item has.
 */
export function orLegacy(f: FilterBuilder, marker: string, derived: FilterBuilder | string | undefined): string | undefined {
  const inner = typeof derived === 'string' || derived === undefined ? derived : derived.expression();
  if (!inner) return undefined;
  return `attribute_not_exists(${f.name(marker)}) OR ${/ (AND|OR) /.test(inner) ? `(${inner})` : inner}`;
}

export interface SearchRequest {
  limit: number;
  cursor?: string | undefined;
}

/**
 * Reads matches of `input` (a Query with its filter) until `limit` of them pass `keep`; `keyOf` gives
 * an item's key attributes in the index queried, which the cursor resumes after when the page ends
 * inside a step.
 */
export async function searchPage(
  input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>,
  partition: readonly [string, string],
  page: SearchRequest,
  keep: (item: Record<string, unknown>) => boolean,
  keyOf: (item: Record<string, unknown>) => Record<string, unknown>,
  /** Whether a cursor's key lies in the range the query's key condition reads (a date range on the sort key). */
  startHolds?: (key: Record<string, unknown>) => boolean,
): Promise<Page<Record<string, unknown>>> {
  let start = decodeCursor(page.cursor, partition) as Record<string, unknown> | undefined;
  // Outside the key condition's range: refused with the same 400 naming query.cursor as any other bad cursor
  // (decoding it against a partition no cursor can name throws that error).
  if (start && startHolds && !startHolds(start)) decodeCursor(page.cursor, [partition[0], '\u0000']);
  const found: Record<string, unknown>[] = [];
  for (let step = 0; step < SEARCH_STEPS; step++) {
    const out = await db().send(new QueryCommand({ ...input, Limit: SEARCH_STEP_ITEMS, ExclusiveStartKey: start }));
    const items = out.Items ?? [];
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (!keep(item)) continue;
      found.push(item);
      if (found.length === page.limit) {
        const more = i < items.length - 1 || out.LastEvaluatedKey !== undefined;
        return more ? { items: found, cursor: encodeCursor(keyOf(item))! } : { items: found };
      }
    }
    if (!out.LastEvaluatedKey) return { items: found };
    start = out.LastEvaluatedKey;
  }
  return { items: found, cursor: encodeCursor(start)! };
}

/** The key of an item in GSI1 (the cursor of a list read from that index). */
export const gsi1KeyOf = (item: Record<string, unknown>) => ({ PK: item['PK'], SK: item['SK'], GSI1PK: item['GSI1PK'], GSI1SK: item['GSI1SK'] });
/** The key of an item in the table itself. */
export const tableKeyOf = (item: Record<string, unknown>) => ({ PK: item['PK'], SK: item['SK'] });

/** The filter's parts of a Query input, none of them empty (DynamoDB refuses an empty map), with the key condition's values. */
export function filterInput(f: FilterBuilder, keyValues: Record<string, unknown>, keyNames: Record<string, string> = {}) {
  const expression = f.expression();
  const names = { ...keyNames, ...(expression ? f.names : {}) };
  return {
    ...(expression ? { FilterExpression: expression } : {}),
    ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: { ...keyValues, ...(expression ? f.values : {}) },
  };
}
