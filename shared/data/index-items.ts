import { batchGetAll } from './batch-get';

/**
 * The table's items for a page of index entries, in the page's order. GSI2 projects only the
 * attributes its queries filter on (shared/data/table.ts), so a listing that shows whole items reads
 * them from the table: BatchGets of 100 keys (unprocessed keys retried with jittered back-off), read
 * units paid once per listing instead of write units on every change of every item the index holds.
 * `stillIn`: the index is eventually consistent, so an item that has left the listed partition since
 * (a dispatch signed meanwhile) is dropped rather than shown under a state it no longer has.
 */
export async function tableItemsOf(
  entries: readonly Record<string, unknown>[],
  stillIn?: (item: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>[]> {
  const id = (item: Record<string, unknown>) => `${String(item['PK'])}\u0000${String(item['SK'])}`;
  const found = new Map((await batchGetAll(entries.map((e) => ({ PK: e['PK'], SK: e['SK'] })))).map((item) => [id(item), item]));
  return entries.map((e) => found.get(id(e))).filter((item): item is Record<string, unknown> => !!item && (!stillIn || stillIn(item)));
}
