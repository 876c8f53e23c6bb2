import { createHash } from 'node:crypto';

/**
 * The audit trail as hash chains (issue 13). Pure: no I/O.
 *
 * Every audit event belongs to one chain: an entity's partition (`PK`) and a chain name within it
 * (`''`, the entity's own chain, or e.g. `RECIPIENT#<unitId>` for the per-recipient events of a
 * dispatch). Within its chain an event carries `seq` (1, 2, 3, …), `prevHash` (the previous event's
 * `hash`, `GENESIS` for seq 1) and `hash`, the SHA-256 of its canonical content, which covers the
 * chain position as well as what happened. The chain's head item holds the last `seq` and `hash`;
 * a seal (a signed digest of every head) fixes where each chain stood at a moment.
 *
 * `verifyChain` walks one chain in order and names the first broken link.
 */

export const GENESIS = '0'.repeat(64);

/** What an event says happened (the fields of shared/data/audit.ts AuditEvent). */
export interface AuditContent {
  at: string;
  actor: string;
  actorName?: string;
  roles?: string[];
  action: string;
  sourceIp?: string;
  documentHash?: string;
  details?: Record<string, unknown>;
}

/** An event as stored: its content and, when chained, its link. Unchained (legacy) events have no `seq`. */
export interface StoredEvent extends AuditContent {
  /** The event's sort key, to name it in reports. */
  SK?: string;
  chain?: string;
  seq?: number;
  prevHash?: string;
  hash?: string;
  /** On seq 1 of an entity's own chain only: how many unchained (pre-chain) events the partition held. */
  legacy?: number;
}

/** An event as listed (an entity's history page): its content and where it stands in its chain. */
export interface ListedAuditEvent extends AuditContent {
  chain?: string;
  seq?: number;
  hash?: string;
}

export interface ChainPosition {
  entity: string;
  chain: string;
  seq: number;
  hash: string;
}

/** JSON with object keys sorted at every level; undefined members dropped (as DynamoDB drops them); sets as sorted arrays. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): unknown {
  if (value instanceof Set) return [...value].map(normalise).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : normalise(v)));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = normalise(v);
    }
    return out;
  }
  return value;
}

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The hash of an event at a position: covers the entity, chain, seq, previous hash and every content field. */
export function eventHash(entity: string, chain: string, e: Omit<StoredEvent, 'hash' | 'SK'> & { seq: number; prevHash: string }): string {
  return sha256Hex(
    canonicalJson({
      entity,
      chain,
      seq: e.seq,
      prevHash: e.prevHash,
      legacy: e.legacy,
      at: e.at,
      actor: e.actor,
      actorName: e.actorName,
      roles: e.roles,
      action: e.action,
      sourceIp: e.sourceIp,
      documentHash: e.documentHash,
      details: e.details,
    }),
  );
}

/** The link of the next event after `head` (none: the chain starts). */
export function nextLink(
  entity: string,
  chain: string,
  head: { seq: number; hash: string } | undefined,
  content: AuditContent,
  legacy?: number,
): { seq: number; prevHash: string; hash: string; legacy?: number } {
  const seq = (head?.seq ?? 0) + 1;
  const prevHash = head?.hash ?? GENESIS;
  const withLegacy = seq === 1 && legacy ? { legacy } : {};
  return { seq, prevHash, ...withLegacy, hash: eventHash(entity, chain, { ...content, seq, prevHash, ...withLegacy }) };
}

export type BreakKind =
  /** An event's content no longer matches its hash (a field was changed). */
  | 'hash-mismatch'
  /** A seq is missing (an event was deleted). */
  | 'seq-gap'
  /** Two events claim the same seq (an event was inserted). */
  | 'seq-duplicate'
  /** An event does not point at the hash of the event before it. */
  | 'prev-mismatch'
  /** The head does not point at the last event (tail deleted, or head rewritten). */
  | 'head-mismatch'
  /** Events without a head, or a head with no events. */
  | 'head-missing'
  /** The chain is shorter than when it was sealed. */
  | 'truncated'
  /** The event at the sealed position is not the one that was sealed (history rewritten). */
  | 'seal-mismatch'
  /** An event without a link where none may be (inserted after the chain started, or more than the legacy prefix). */
  | 'unchained';

export interface ChainBreak {
  kind: BreakKind;
  entity: string;
  chain: string;
  /** The seq of the event at which the chain breaks (absent for head-only problems). */
  seq?: number;
  /** The event's sort key, when there is one. */
  event?: string;
  message: string;
}

export interface ChainReport {
  entity: string;
  chain: string;
  intact: boolean;
  /** Chained events checked. */
  events: number;
  /** Events written before chaining began: kept, counted, not verifiable. */
  legacy: number;
  head?: { seq: number; hash: string };
  break?: ChainBreak;
}

/**
 * Verifies one chain: events (any order; chained ones are sorted by seq), its head item, and the
 * position of the last seal, if the chain was sealed. Answers the first broken link.
 */
export function verifyChain(input: {
  entity: string;
  chain: string;
  events: StoredEvent[];
  head?: { seq: number; hash: string };
  sealed?: { seq: number; hash: string };
}): ChainReport {
  const { entity, chain, head, sealed } = input;
  const chained = input.events.filter((e) => e.seq !== undefined).sort((a, b) => a.seq! - b.seq!);
  const unchained = input.events.filter((e) => e.seq === undefined);
  const report = (b?: Omit<ChainBreak, 'entity' | 'chain'>): ChainReport => ({
    entity,
    chain,
    intact: !b,
    events: chained.length,
    legacy: unchained.length,
    ...(head ? { head: { seq: head.seq, hash: head.hash } } : {}),
    ...(b ? { break: { entity, chain, ...b } } : {}),
  });
  const where = (e: StoredEvent) => ({ seq: e.seq, ...(e.SK ? { event: e.SK } : {}) });

  // Two events claiming one position: name the one that does not hold (the inserted one), else the later stored.
  const holds = (e: StoredEvent) => eventHash(entity, chain, { ...e, seq: e.seq!, prevHash: e.prevHash ?? '' }) === e.hash;
  for (let i = 1; i < chained.length; i++) {
    if (chained[i]!.seq !== chained[i - 1]!.seq) continue;
    const pair = [chained[i - 1]!, chained[i]!];
    const odd = pair.find((e) => !holds(e)) ?? [...pair].sort((a, b) => ((a.SK ?? '') < (b.SK ?? '') ? 1 : -1))[0]!;
    return report({ kind: 'seq-duplicate', ...where(odd), message: `two events claim seq ${odd.seq}` });
  }

  let prev = GENESIS;
  for (let i = 0; i < chained.length; i++) {
    const e = chained[i]!;
    const expected = i + 1;
    if (e.seq! < expected) return report({ kind: 'seq-duplicate', ...where(e), message: `two events claim seq ${e.seq}` });
    if (e.seq! > expected) return report({ kind: 'seq-gap', seq: expected, message: `event ${expected} is missing (next is ${e.seq})` });
    if (e.prevHash !== prev) return report({ kind: 'prev-mismatch', ...where(e), message: `event ${e.seq} does not follow event ${e.seq! - 1}` });
    if (eventHash(entity, chain, { ...e, seq: e.seq!, prevHash: e.prevHash! }) !== e.hash) {
      return report({ kind: 'hash-mismatch', ...where(e), message: `event ${e.seq} was changed after it was written` });
    }
    prev = e.hash!;
  }

  // Unchained events are a legacy prefix only on the entity's own chain, and only as many as its first event declared.
  const declared = chained[0]?.legacy ?? 0;
  if (unchained.length > 0) {
    const allowed = chained.length === 0 ? (head ? 0 : unchained.length) : declared;
    if (chain !== '' || unchained.length > allowed) {
      const odd = [...unchained].sort((a, b) => (a.at < b.at ? 1 : -1))[0]!;
      return report({ kind: 'unchained', ...(odd.SK ? { event: odd.SK } : {}), message: `an event without a chain link (${odd.action} at ${odd.at})` });
    }
  } else if (declared > 0) {
    return report({ kind: 'seq-gap', seq: 0, message: `${declared} event(s) written before the chain are missing` });
  }

  const last = chained.at(-1);
  if (!head && last) return report({ kind: 'head-missing', message: `the chain has ${chained.length} event(s) but no head` });
  if (head && !last) return report({ kind: 'head-missing', seq: head.seq, message: `the head says ${head.seq} event(s) but none are stored` });
  if (head && last && (head.seq !== last.seq || head.hash !== last.hash)) {
    return report({
      kind: 'head-mismatch',
      seq: Math.min(head.seq, last.seq!) + 1,
      message: `the head says event ${head.seq} is last but the chain ends at event ${last.seq}`,
    });
  }

  if (sealed) {
    const atSeal = chained[sealed.seq - 1];
    if (!head || head.seq < sealed.seq || !atSeal) {
      return report({ kind: 'truncated', seq: (head?.seq ?? 0) + 1, message: `sealed at event ${sealed.seq}, now ends at event ${head?.seq ?? 0}` });
    }
    if (atSeal.hash !== sealed.hash) return report({ kind: 'seal-mismatch', ...where(atSeal), message: `event ${sealed.seq} is not the one that was sealed` });
  }
  return report();
}

/** The chains of one partition: events grouped by their chain name (unchained ones belong to the entity's own). */
export function groupByChain(events: StoredEvent[]): Map<string, StoredEvent[]> {
  const chains = new Map<string, StoredEvent[]>();
  for (const e of events) {
    const name = e.chain ?? '';
    const list = chains.get(name);
    if (list) list.push(e);
    else chains.set(name, [e]);
  }
  return chains;
}

/** The digest a seal signs: every head, sorted, in canonical JSON; SHA-256 hex. */
export function sealDigest(heads: ChainPosition[], sealedAt: string): { canonical: string; digest: string } {
  const sorted = [...heads].sort((a, b) => (a.entity === b.entity ? (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0) : a.entity < b.entity ? -1 : 1));
  const canonical = canonicalJson({ sealedAt, heads: sorted.map(({ entity, chain, seq, hash }) => ({ entity, chain, seq, hash })) });
  return { canonical, digest: sha256Hex(canonical) };
}
