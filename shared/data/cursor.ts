import { invalidField } from '../errors';

/**
 * Page cursors: DynamoDB's LastEvaluatedKey, opaque to callers (base64url JSON). A cursor comes back
 * from the caller, so it is checked before DynamoDB sees it: it must be an object of string key
 * attributes whose index partition is the one being listed. Anything else is a 400 naming the field,
 * never a 500 from the SDK.
 */
type Key = Record<string, string>;

const KEY_ATTRIBUTES = new Set(['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK']);

export const encodeCursor = (key: Record<string, unknown> | undefined): string | undefined =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;

/** `partition`: the index's partition attribute and the value the query lists, e.g. `['GSI1PK', 'DISPATCHES']`. */
export function decodeCursor(cursor: string | undefined, partition: readonly [string, string]): Key | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const ok =
    typeof key === 'object' &&
    key !== null &&
    !Array.isArray(key) &&
    Object.entries(key).every(([name, value]) => KEY_ATTRIBUTES.has(name) && typeof value === 'string') &&
    (key as Key)[partition[0]] === partition[1] &&
    typeof (key as Key)['PK'] === 'string' &&
    typeof (key as Key)['SK'] === 'string';
  if (!ok) {
    throw invalidField(
      'query.cursor',
      'query.cursor không hợp lệ: hãy dùng nguyên giá trị con trỏ trang (cursor) mà trang trước trả về',
      'query.cursor is not valid: pass the cursor the previous page returned, unchanged',
    );
  }
  return key as Key;
}

/**
 * A cursor whose partition may be any of several (a listing that runs over many partitions in a
 * known order, e.g. the recipients of every dispatch citing a directive): the partition it names
 * must be one of `allowed`. Returns the key and the partition value, or a 400 like `decodeCursor`.
 */
export function decodeCursorAmong(cursor: string, attribute: string, allowed: readonly string[]): { key: Key; partition: string } {
  let named: unknown;
  try {
    named = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))?.[attribute];
  } catch {
    named = undefined;
  }
  const partition = typeof named === 'string' && allowed.includes(named) ? named : '\u0000';
  return { key: decodeCursor(cursor, [attribute, partition])!, partition };
}
