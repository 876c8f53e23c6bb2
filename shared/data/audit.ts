import { GetCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { nextLink, type AuditContent, type ListedAuditEvent, type StoredEvent } from '../domain/audit-chain';
import { cancellationCodes, db, tableName } from './client';
import { decodeCursor, encodeCursor } from './cursor';
import { auditHeadSk, auditSk } from './keys';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Every state change appends one audit event to the changed entity's own partition, written in the
 * same transaction as the change, so there is never a change without its record or a record without a change.
 *
 * The events of a chain (the entity's own, `''`, or a named one such as `RECIPIENT#<unitId>` in a
 * dispatch's partition) are hash-linked (shared/domain/audit-chain.ts): `transactWrite` reads each
 * chain's head item (`AUDITHEAD` / `AUDITHEAD#<chain>`), fills in seq, prevHash and hash, and moves
 * the head in the same transaction on the condition that it is still at the seq it read.
 */
export type AuditEvent = AuditContent;

export type { ListedAuditEvent } from '../domain/audit-chain';

/** An unlinked event item; `transactWrite` links it into its chain before sending. */
export function auditItem(entityPk: string, event: AuditEvent, chain = '') {
  return {
    PK: entityPk,
    SK: auditSk(event.at, randomUUID()),
    type: 'AuditEvent',
    ...(chain ? { chain } : {}),
    ...event,
  };
}

/**
 * A Put for a transaction, which must be sent with `transactWrite` (or `transactOnce`). `chain` names
 * a chain within the entity's partition for events that would otherwise all contend for one head:
 * a dispatch's per-recipient events use `RECIPIENT#<unitId>`.
 */
export function auditPut(entityPk: string, event: AuditEvent, chain = '') {
  return { Put: { TableName: tableName(), Item: auditItem(entityPk, event, chain) } };
}

export const auditHeadKey = (entityPk: string, chain = '') => ({ PK: entityPk, SK: auditHeadSk(chain) });

export interface AuditHead {
  entity: string;
  chain: string;
  seq: number;
  hash: string;
}

const headOf = (entityPk: string, chain: string, item: Record<string, unknown> | undefined): AuditHead | undefined =>
  item ? ({ entity: entityPk, chain, seq: item['seq'], hash: item['hash'] } as AuditHead) : undefined;

async function readHead(entityPk: string, chain: string): Promise<AuditHead | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: auditHeadKey(entityPk, chain), ConsistentRead: true }));
  return headOf(entityPk, chain, out.Item);
}

/**
 * Chain heads the caller has just read itself (strongly consistent, e.g. in the BatchGet that loaded
 * what the write is about), so the transaction need not read them again: `found` is the head item as
 * read, undefined when there was none. Only a hint: a head that moved since fails the transaction's
 * head condition and is read again, as always.
 */
export interface KnownHead {
  entity: string;
  chain: string;
  found: Record<string, unknown> | undefined;
}

const chainId = (entity: string, chain: string) => `${entity}\u0000${chain}`;

/** Events of the partition written before chaining began (no seq): declared by the entity's first chained event. */
async function countLegacy(entityPk: string): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
        FilterExpression: 'attribute_not_exists(seq)',
        ExpressionAttributeValues: { ':pk': entityPk, ':audit': 'AUDIT#' },
        Select: 'COUNT',
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    count += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return count;
}

const isAuditPut = (item: TransactItem): boolean => item.Put?.Item?.['type'] === 'AuditEvent' && item.Put.Item['seq'] === undefined;

/**
 * Links the transaction's audit events into their chains: the items with seq/prevHash/hash filled in,
 * and one head Put per chain appended at the end (so the callers' cancellation-reason indexes stay
 * valid), conditioned on the head still being where it was read.
 */
async function linkAudit(items: TransactItem[], known: readonly KnownHead[] = []): Promise<{ items: TransactItem[]; heads: number }> {
  const chains = new Map<string, { entity: string; chain: string }>();
  for (const item of items) {
    if (!isAuditPut(item)) continue;
    const entity = item.Put!.Item!['PK'] as string;
    const chain = (item.Put!.Item!['chain'] as string | undefined) ?? '';
    chains.set(chainId(entity, chain), { entity, chain });
  }
  if (chains.size === 0) return { items, heads: 0 };
  const heads = new Map<string, { read?: AuditHead; now?: { seq: number; hash: string; at: string } }>();
  const given = new Map(known.map((k) => [chainId(k.entity, k.chain), k]));
  await Promise.all(
    [...chains].map(async ([id, c]) => {
      const hint = given.get(id);
      heads.set(id, { read: hint ? headOf(c.entity, c.chain, hint.found) : await readHead(c.entity, c.chain) });
    }),
  );
  // In order: two events of one chain in one transaction follow each other.
  const out: TransactItem[] = [];
  for (const item of items) {
    if (!isAuditPut(item)) {
      out.push(item);
      continue;
    }
    const event = item.Put!.Item! as Record<string, unknown> & AuditEvent & { PK: string; chain?: string };
    const chain = event.chain ?? '';
    const state = heads.get(chainId(event.PK, chain))!;
    const before = state.now ?? state.read;
    const legacy = !before && chain === '' ? await countLegacy(event.PK) : undefined;
    const { PK: _pk, SK: _sk, type: _type, chain: _chain, ...content } = event;
    const link = nextLink(event.PK, chain, before, content as AuditEvent, legacy);
    state.now = { seq: link.seq, hash: link.hash, at: event.at };
    out.push({ Put: { ...item.Put!, Item: { ...event, ...link } } });
  }
  for (const [id, state] of heads) {
    const { entity, chain } = chains.get(id)!;
    mirrorHead(out, entity, chain, state.now!);
    out.push({
      Put: {
        TableName: tableName(),
        Item: { ...auditHeadKey(entity, chain), type: 'AuditHead', entity, chain, seq: state.now!.seq, hash: state.now!.hash, at: state.now!.at },
        // The hash too: a head read from a mirror (headHintOf) that disagrees with the head in any way loses
        // the race and is read again, so a stale or edited mirror can never make the chain fork.
        ...(state.read
          ? { ConditionExpression: 'seq = :seen AND #hash = :seenHash', ExpressionAttributeNames: { '#hash': 'hash' }, ExpressionAttributeValues: { ':seen': state.read.seq, ':seenHash': state.read.hash } }
          : { ConditionExpression: 'attribute_not_exists(PK)' }),
      },
    });
  }
  return { items: out, heads: heads.size };
}

/**
 * A copy of a chain's new head on the item the chain is about, when the transaction already updates that
 * item: a recipient's chain (`RECIPIENT#<unitId>` in its dispatch's partition, the recipient item's own
 * sort key) is copied onto the recipient item. No item and no condition is added: the head item stays the
 * one authority (verified and sealed as before); the copy only lets a reader that loads the recipient
 * anyway (a form's post on the emailed link) skip reading the head item (issue 10).
 */
function mirrorHead(items: TransactItem[], entity: string, chain: string, head: { seq: number; hash: string }): void {
  if (!chain.startsWith('RECIPIENT#')) return;
  const at = items.findIndex((i) => i.Update?.Key?.['PK'] === entity && i.Update.Key['SK'] === chain);
  const update = items[at]?.Update;
  if (!update?.UpdateExpression) return;
  const set = `${HEAD_SEQ} = :auditHeadSeq, ${HEAD_HASH} = :auditHeadHash`;
  // A copy of the caller's item: a retry links the caller's items again from scratch.
  items[at] = {
    Update: {
      ...update,
      UpdateExpression: /\bSET\s/.test(update.UpdateExpression) ? update.UpdateExpression.replace(/\bSET\s/, `SET ${set}, `) : `${update.UpdateExpression} SET ${set}`,
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':auditHeadSeq': head.seq, ':auditHeadHash': head.hash },
    },
  };
}

/** The recipient item's copy of its chain's head (mirrorHead). */
const HEAD_SEQ = 'auditHeadSeq';
const HEAD_HASH = 'auditHeadHash';
/** The attributes of that copy, for readers that must not pass them on (e.g. a recipient record). */
export const HEAD_COPY_ATTRIBUTES = [HEAD_SEQ, HEAD_HASH] as const;

/**
 * The chain head as copied on an item the caller read strongly consistently (mirrorHead), as a KnownHead;
 * undefined when the item carries no copy (written before copies, or no chained event yet): then the
 * head item is read as usual. Only a hint, like every KnownHead: the head Put's condition decides.
 */
export function headHintOf(entity: string, chain: string, item: Record<string, unknown> | undefined): KnownHead | undefined {
  const seq = item?.[HEAD_SEQ];
  const hash = item?.[HEAD_HASH];
  if (typeof seq !== 'number' || typeof hash !== 'string') return undefined;
  return { entity, chain, found: { seq, hash } };
}

/** A transaction lost the race for a chain head too many times: a conflict, as for any contended item. */
class ChainHeadContended extends Error {
  override name = 'TransactionConflictException';
  constructor() {
    super('audit chain head contended');
  }
}

/**
 * Sends a transaction, linking its audit events into their chains. When only a chain head's condition
 * failed (another writer appended to the chain between the read and the write), the heads are read
 * again and the transaction retried: the caller never sees that race. Any other failure is thrown as
 * the transaction's own error, its cancellation reasons in the caller's item order.
 */
export async function transactWrite(items: TransactItem[], attempts = 40, known: readonly KnownHead[] = []): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    // Heads the caller read are used once: after a lost race they are read again.
    const { items: linked, heads } = await linkAudit(items, attempt === 1 ? known : []);
    try {
      await db().send(new TransactWriteCommand({ TransactItems: linked }));
      return;
    } catch (error) {
      if (heads === 0) throw error;
      const codes = cancellationCodes(error);
      const own = codes.slice(0, linked.length - heads);
      const headLost = codes.slice(linked.length - heads).includes('ConditionalCheckFailed');
      if (!headLost || own.includes('ConditionalCheckFailed')) throw error;
      if (attempt >= attempts) throw new ChainHeadContended();
      await sleep(Math.random() * Math.min(500, 5 * 2 ** attempt));
    }
  }
}

export type AuditItem = StoredEvent & { PK: string; SK: string };

const pickEvent = ({ at, actor, actorName, roles, action, sourceIp, documentHash, details, chain, seq, hash }: Record<string, unknown>) =>
  ({ at, actor, actorName, roles, action, sourceIp, documentHash, details, chain, seq, hash }) as ListedAuditEvent;

/** One page of an entity's audit trail, oldest first; `cursor` continues where the page ended. */
export async function listAudit(entityPk: string, page: { limit?: number; cursor?: string } = {}): Promise<{ items: ListedAuditEvent[]; cursor?: string }> {
  const limit = page.limit ?? 500;
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
      ExpressionAttributeValues: { ':pk': entityPk, ':audit': 'AUDIT#' },
      // One more than the page: DynamoDB returns a LastEvaluatedKey whenever the limit is reached, even
      // on the last item, which made a "next page" link lead to an empty page.
      Limit: limit + 1,
      ExclusiveStartKey: decodeCursor(page.cursor, ['PK', entityPk]),
    }),
  );
  const found = out.Items ?? [];
  const shown = found.slice(0, limit);
  const last = shown[shown.length - 1];
  const cursor = found.length > limit && last ? encodeCursor({ PK: last['PK'], SK: last['SK'] }) : encodeCursor(out.LastEvaluatedKey);
  const items = shown.map(pickEvent);
  return cursor ? { items, cursor } : { items };
}

/** Every audit event and chain head of a partition, as stored (for verification). */
export async function readAuditPartition(entityPk: string): Promise<{ events: AuditItem[]; heads: AuditHead[] }> {
  const events: AuditItem[] = [];
  const heads: AuditHead[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
        ExpressionAttributeValues: { ':pk': entityPk, ':audit': 'AUDIT' },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) {
      if (item['type'] === 'AuditHead') heads.push({ entity: entityPk, chain: (item['chain'] as string) ?? '', seq: item['seq'], hash: item['hash'] });
      else if (item['type'] === 'AuditEvent') events.push(item as AuditItem);
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return { events, heads };
}
