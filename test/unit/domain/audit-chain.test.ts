import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS, nextLink, sealDigest, verifyChain, type AuditContent, type StoredEvent } from '../../../shared/domain/audit-chain';

const entity = 'DISPATCH#d1';

/** Builds a chain the way transactWrite does. */
function build(contents: AuditContent[], chain = '', legacy?: number): { events: StoredEvent[]; head?: { seq: number; hash: string } } {
  let head: { seq: number; hash: string } | undefined;
  const events = contents.map((c, i) => {
    const link = nextLink(entity, chain, head, c, legacy);
    head = { seq: link.seq, hash: link.hash };
    return { ...c, chain, ...link, SK: `AUDIT#${c.at}#${i}` };
  });
  return { events, head };
}

const content: fc.Arbitrary<AuditContent> = fc.record(
  {
    at: fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }).map((n) => new Date(n).toISOString()),
    actor: fc.constantFrom('u-vanthu', 'u-nguyen-van-luc', 'system:delivery'),
    actorName: fc.constantFrom('Văn thư', 'Nguyễn Văn Lực'),
    roles: fc.array(fc.constantFrom('clerk', 'signer', 'admin'), { maxLength: 2 }),
    action: fc.constantFrom('create', 'submit', 'sign', 'issue', 'acknowledge'),
    sourceIp: fc.ipV4(),
    documentHash: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex')),
    details: fc.dictionary(fc.constantFrom('unitId', 'version', 'note'), fc.oneof(fc.string(), fc.integer())),
  },
  { requiredKeys: ['at', 'actor', 'action'] },
);
const history = fc.array(content, { minLength: 1, maxLength: 12 });

describe('canonical JSON', () => {
  it('does not depend on key order and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined, x: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[1,{"x":2,"z":1}]},"b":1}');
  });
});

describe('verifyChain', () => {
  it('an untouched history verifies, in any storage order', () => {
    fc.assert(
      fc.property(history, fc.integer(), (contents, shuffle) => {
        const { events, head } = build(contents);
        const order = [...events].sort((a, b) => ((a.seq! * 7919 + shuffle) % 13) - ((b.seq! * 7919 + shuffle) % 13));
        const report = verifyChain({ entity, chain: '', events: order, head, sealed: head });
        expect(report).toMatchObject({ intact: true, events: contents.length, legacy: 0 });
        expect(events[0]!.prevHash).toBe(GENESIS);
      }),
    );
  });

  it('a changed field is a hash mismatch at that event', () => {
    const field = fc.constantFrom('actor', 'actorName', 'action', 'at', 'sourceIp', 'documentHash', 'details', 'roles') as fc.Arbitrary<keyof AuditContent>;
    fc.assert(
      fc.property(history, fc.nat(), field, (contents, pick, f) => {
        const { events, head } = build(contents);
        const i = pick % events.length;
        const forged = { ...events[i]!, [f]: f === 'details' ? { forged: true } : f === 'roles' ? ['admin', 'forged'] : `${String(events[i]![f] ?? '')}x` };
        events[i] = forged as StoredEvent;
        const report = verifyChain({ entity, chain: '', events, head });
        expect(report.intact).toBe(false);
        expect(report.break).toMatchObject({ kind: 'hash-mismatch', seq: i + 1, entity, event: events[i]!.SK });
      }),
    );
  });

  it('a deleted event is a seq gap (inside) or a head mismatch (the last one)', () => {
    fc.assert(
      fc.property(history, fc.nat(), (contents, pick) => {
        const { events, head } = build(contents);
        const i = pick % events.length;
        events.splice(i, 1);
        const report = verifyChain({ entity, chain: '', events, head });
        expect(report.intact).toBe(false);
        if (i < contents.length - 1) expect(report.break).toMatchObject({ kind: 'seq-gap', seq: i + 1 });
        else expect(report.break).toMatchObject({ kind: contents.length === 1 ? 'head-missing' : 'head-mismatch', seq: i + 1 });
      }),
    );
  });

  it('an inserted event is detected whatever link it claims', () => {
    fc.assert(
      fc.property(history, content, fc.nat(), fc.boolean(), (contents, fake, pick, unchained) => {
        const { events, head } = build(contents);
        const i = pick % (events.length + 1);
        const prev = i === 0 ? GENESIS : events[i - 1]!.hash!;
        // The forger computes a valid hash for the position, but cannot fix the next event's prevHash.
        const forged: StoredEvent = unchained ? { ...fake } : { ...fake, ...nextLink(entity, '', i === 0 ? undefined : { seq: i, hash: prev }, fake) };
        const report = verifyChain({ entity, chain: '', events: [...events, forged], head });
        expect(report.intact).toBe(false);
        expect(['seq-duplicate', 'unchained', 'head-mismatch', 'prev-mismatch']).toContain(report.break!.kind);
      }),
    );
  });

  it('a truncated tail with the head rolled back is caught by the seal, and a rewritten sealed event too', () => {
    fc.assert(
      fc.property(fc.array(content, { minLength: 2, maxLength: 10 }), (contents) => {
        const { events, head } = build(contents);
        const kept = events.slice(0, -1);
        const rolledBack = { seq: kept.at(-1)!.seq!, hash: kept.at(-1)!.hash! };
        expect(verifyChain({ entity, chain: '', events: kept, head: rolledBack }).intact).toBe(true);
        expect(verifyChain({ entity, chain: '', events: kept, head: rolledBack, sealed: head }).break).toMatchObject({ kind: 'truncated', seq: contents.length });
        // Rebuild the whole chain with a changed first event: internally consistent, but not what was sealed.
        const rewritten = build([{ ...contents[0]!, actor: 'u-forger' }, ...contents.slice(1)]);
        expect(verifyChain({ entity, chain: '', events: rewritten.events, head: rewritten.head, sealed: head }).break).toMatchObject({ kind: 'seal-mismatch' });
      }),
    );
  });

  it('events from before the chain are a declared legacy prefix: one more is detected', () => {
    const old: StoredEvent = { at: '2020-01-01T00:00:00.000Z', actor: 'u-vanthu', action: 'create' };
    const { events, head } = build([{ at: '2026-01-01T00:00:00.000Z', actor: 'u-vanthu', action: 'submit' }], '', 1);
    expect(verifyChain({ entity, chain: '', events: [old, ...events], head })).toMatchObject({ intact: true, legacy: 1, events: 1 });
    expect(verifyChain({ entity, chain: '', events: [old, { ...old, action: 'sign' }, ...events], head }).break).toMatchObject({ kind: 'unchained' });
    expect(verifyChain({ entity, chain: '', events, head }).break).toMatchObject({ kind: 'seq-gap', seq: 0 });
    // An entity with only pre-chain events and no head: nothing to verify, said as legacy.
    expect(verifyChain({ entity, chain: '', events: [old] })).toMatchObject({ intact: true, legacy: 1, events: 0 });
  });

  it('the seal digest does not depend on the order of heads', () => {
    const a = { entity: 'A', chain: '', seq: 1, hash: 'x' };
    const b = { entity: 'B', chain: 'RECIPIENT#u', seq: 2, hash: 'y' };
    expect(sealDigest([a, b], 't').digest).toBe(sealDigest([b, a], 't').digest);
  });
});
