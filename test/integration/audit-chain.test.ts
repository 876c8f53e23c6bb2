import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { auditVerify } from '../../infra/local/audit-verify-cli';
import { auditPut, transactWrite } from '../../shared/data/audit';
import { db, tableName } from '../../shared/data/client';
import { transactOnce } from '../../shared/data/transact';
import { putSeal } from '../../shared/data/audit-seal-store';
import { sealDigest } from '../../shared/domain/audit-chain';
import { sealAuditChains } from '../../shared/services/audit-verification';
import { signers } from '../../shared/signing/signers';
import { startTestStack, type TestStack } from '../support/local-stack';

/**
 * Issue 13: the audit trail is tamper-evident. Events and chain heads are edited directly in the table
 * (behind the system's back); the per-dispatch check, the table-wide check (`npm run audit:verify`'s
 * code), the listing and the public /verify report each notice, naming the entity and the event.
 */
let stack: TestStack;
let id: string;
const clerk = () => stack.tokenFor('u-vanthu', ['clerk']);
const signer = () => stack.tokenFor('u-nguyen-van-luc', ['signer']);
const admin = () => stack.tokenFor('u-admin', ['admin']);
const pk = () => `DISPATCH#${id}`;

type Item = Record<string, unknown> & { PK: string; SK: string };

/** The dispatch's own chain (not the recipients'), in seq order, and its head. */
async function ownChain(): Promise<{ events: Item[]; head: Item }> {
  const out = await db().send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'PK = :pk AND begins_with(SK, :a)', ExpressionAttributeValues: { ':pk': pk(), ':a': 'AUDIT' }, ConsistentRead: true }),
  );
  const items = (out.Items ?? []) as Item[];
  const events = items.filter((i) => i['type'] === 'AuditEvent' && !i['chain']).sort((a, b) => (a['seq'] as number) - (b['seq'] as number));
  return { events, head: items.find((i) => i.SK === 'AUDITHEAD')! };
}

const put = (item: Item) => db().send(new PutCommand({ TableName: tableName(), Item: item }));
const del = (item: Item) => db().send(new DeleteCommand({ TableName: tableName(), Key: { PK: item.PK, SK: item.SK } }));
const check = async () => (await stack.api('GET', `/dispatches/${id}/audit/verify`, { token: await clerk() })).json;
const publicReport = async () => (await stack.api('GET', `/verify/${id}`, { headers: { accept: 'application/json' } })).json;

/** Runs a tampering, checks, and puts the table back as it was. */
async function tampered(change: () => Promise<() => Promise<void>>, expectations: () => Promise<void>) {
  const undo = await change();
  try {
    await expectations();
  } finally {
    await undo();
  }
  expect((await check()).intact).toBe(true);
}

beforeAll(async () => {
  stack = await startTestStack();
  const created = await stack.api('POST', '/dispatches', { token: await clerk(), body: exampleDispatchContent() });
  expect(created.status, created.text).toBe(201);
  id = created.json.id;
  expect((await stack.api('POST', `/dispatches/${id}/submit`, { token: await clerk(), body: { version: 1 } })).status).toBe(200);
  expect((await stack.api('POST', `/dispatches/${id}/sign`, { token: await signer(), body: { version: 2 } })).status).toBe(200);
  expect((await stack.api('POST', `/dispatches/${id}/issue`, { token: await clerk(), body: { version: 3 } })).status).toBe(200);
  await stack.whenIdle();
});
afterAll(async () => {
  await stack?.stop();
});

describe('audit hash chains on the local stack', () => {
  it('an untouched history verifies: the dispatch, every chain of the table, the listing and /verify', async () => {
    const report = await check();
    expect(report).toMatchObject({ entity: pk(), intact: true, legacy: 0 });
    // The dispatch's own chain plus one per mailed recipient.
    expect(report.chains).toBeGreaterThan(1);
    const { events, head } = await ownChain();
    expect(events.map((e) => e['seq'])).toEqual(events.map((_, i) => i + 1));
    expect(head).toMatchObject({ seq: events.length, hash: events.at(-1)!['hash'] });

    const all = await stack.api('GET', '/audit/verify', { token: await admin() });
    expect(all.status, all.text).toBe(200);
    expect(all.json).toMatchObject({ intact: true, broken: [] });
    expect(all.json.entities).toBeGreaterThan(1);
    expect(await auditVerify()).toMatchObject({ code: 0 });

    const listing = await stack.api('GET', `/dispatches/${id}/audit`, { token: await clerk() });
    expect(listing.json.chain).toMatchObject({ intact: true });
    expect(await publicReport()).toMatchObject({ authentic: true, auditIntact: true });
    // Only readers of the dispatch; the table-wide check only for administrators.
    expect((await stack.api('GET', '/audit/verify', { token: await clerk() })).status).toBe(403);
  });

  it('a changed field (the signer as actor) is a hash mismatch naming the dispatch and the event; /verify is no longer authentic', async () => {
    const { events } = await ownChain();
    const sign = events.find((e) => e['action'] === 'sign')!;
    await tampered(
      async () => {
        await put({ ...sign, actor: 'u-vanthu', actorName: 'Văn thư' });
        return () => put(sign).then(() => undefined);
      },
      async () => {
        const report = await check();
        expect(report.intact).toBe(false);
        expect(report.break).toMatchObject({ kind: 'hash-mismatch', entity: pk(), chain: '', seq: sign['seq'], event: sign.SK });
        expect(await publicReport()).toMatchObject({ authentic: false, auditIntact: false, auditBreak: { kind: 'hash-mismatch', seq: sign['seq'] } });
        const listing = await stack.api('GET', `/dispatches/${id}/audit`, { token: await clerk() });
        expect(listing.json.chain).toMatchObject({ intact: false, break: { seq: sign['seq'] } });
        const cli = await auditVerify();
        expect(cli.code).toBe(1);
        expect(cli.lines[0]).toContain(`${pk()}, sự kiện / event ${sign['seq']} (${sign.SK}): hash-mismatch`);
      },
    );
  });

  it('a deleted event (the signing) is a gap in the sequence', async () => {
    const { events } = await ownChain();
    const sign = events.find((e) => e['action'] === 'sign')!;
    await tampered(
      async () => {
        await del(sign);
        return () => put(sign).then(() => undefined);
      },
      async () => {
        expect((await check()).break).toMatchObject({ kind: 'seq-gap', entity: pk(), seq: sign['seq'] });
        expect((await publicReport()).authentic).toBe(false);
      },
    );
  });

  it('an inserted event is detected, without a link or with a forged one', async () => {
    const { events } = await ownChain();
    const sign = events.find((e) => e['action'] === 'sign')!;
    const fake: Item = { ...sign, SK: `AUDIT#${sign['at']}#fake`, action: 'return', details: { comment: 'chèn vào' } };
    await tampered(
      async () => {
        await put(fake);
        return () => del(fake).then(() => undefined);
      },
      async () => expect((await check()).break).toMatchObject({ kind: 'seq-duplicate', seq: sign['seq'], event: fake.SK }),
    );
    const { seq: _s, prevHash: _p, hash: _h, ...unlinked } = fake;
    await tampered(
      async () => {
        await put(unlinked as Item);
        return () => del(fake).then(() => undefined);
      },
      async () => expect((await check()).break).toMatchObject({ kind: 'unchained', event: fake.SK }),
    );
  });

  it('a truncated tail (last event deleted, head rolled back) passes the chain but not the seal', async () => {
    const sealed = await sealAuditChains(new Date());
    expect(sealed.heads).toBeGreaterThan(1);
    expect(await check()).toMatchObject({ intact: true, seal: { valid: true } });
    const { events, head } = await ownChain();
    const last = events.at(-1)!;
    const previous = events.at(-2)!;
    await tampered(
      async () => {
        await del(last);
        await put({ ...head, seq: previous['seq'], hash: previous['hash'] });
        return async () => {
          await put(last);
          await put(head);
        };
      },
      async () => {
        const report = await check();
        expect(report.break).toMatchObject({ kind: 'truncated', entity: pk(), seq: last['seq'] });
        expect((await publicReport()).authentic).toBe(false);
        expect((await auditVerify()).code).toBe(1);
      },
    );
    // The head alone left pointing past the end (tail deleted, head not rolled back) is seen without any seal too.
    await tampered(
      async () => {
        await del(last);
        return () => put(last).then(() => undefined);
      },
      async () => expect((await check()).break).toMatchObject({ kind: 'head-mismatch', seq: last['seq'] }),
    );
  });

  it('keeps chaining new events after a seal, and a seal key that is not ours is refused', async () => {
    // A new event on a recipient chain after the seal: still intact.
    const recipients = await stack.api('GET', `/dispatches/${id}/recipients`, { token: await clerk() });
    const unitId = recipients.json.items.find((r: { mailStatus?: string }) => r.mailStatus === 'sent')?.unitId ?? recipients.json.items[0].unitId;
    const revoked = await stack.api('POST', `/dispatches/${id}/recipients/${unitId}/revoke-link`, { token: await clerk(), body: {} });
    expect(revoked.status, revoked.text).toBeLessThan(300);
    expect((await check()).intact).toBe(true);
    const head = await db().send(new GetCommand({ TableName: tableName(), Key: { PK: pk(), SK: `AUDITHEAD#RECIPIENT#${unitId}` }, ConsistentRead: true }));
    expect(head.Item?.['seq']).toBeGreaterThan(0);

    // A later seal signed with a key that is not the audit service's (here a signer's, of our own CA) is refused.
    const { canonical, digest } = sealDigest([], new Date(Date.now() + 1000).toISOString());
    const someone = await signers().signerFor({ kind: 'person', userId: 'u-nguyen-van-luc', name: 'Nguyễn Văn Lực', organization: 'Tổng cục Thi hành án dân sự' });
    const forged = {
      ...JSON.parse(canonical),
      digest,
      signature: Buffer.from(await someone.signDigest(Buffer.from(digest, 'hex'))).toString('base64'),
      certificates: (await someone.certificates()).map((c) => Buffer.from(c).toString('base64')),
    };
    await putSeal(forged.sealedAt, JSON.stringify(forged));
    const refused = await check();
    expect(refused).toMatchObject({ intact: false, seal: { sealedAt: forged.sealedAt, valid: false } });
    expect((await publicReport()).authentic).toBe(false);
    // A genuine seal after it restores the state.
    await sealAuditChains(new Date(Date.now() + 2000));
    expect(await check()).toMatchObject({ intact: true, seal: { valid: true } });
  });

  it('two writers racing for one chain head never fork it: the loser re-reads the head and retries, invisibly', async () => {
    // 40 concurrent appends to one chain (a recipient acting from several tabs; a hot dispatch's own chain).
    const entity = `DISPATCH#race-${Date.now()}`;
    const event = (i: number) => ({ at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), actor: `u-${i}`, action: 'acknowledge' });
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 ? transactWrite([auditPut(entity, event(i), 'RECIPIENT#u1')]).then(() => 'applied') : transactOnce([auditPut(entity, event(i), 'RECIPIENT#u1')]),
      ),
    );
    // transactOnce says 'refused' on a failed condition: a lost head race must never be taken for that.
    expect(outcomes.every((o) => o === 'applied')).toBe(true);
    const out = await db().send(
      new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': entity }, ConsistentRead: true }),
    );
    const seqs = (out.Items ?? []).filter((i) => i['type'] === 'AuditEvent').map((i) => i['seq'] as number).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const { verifyEntityAudit } = await import('../../shared/services/audit-verification');
    expect(await verifyEntityAudit(entity)).toMatchObject({ intact: true, events: 40, chains: 1 });
  });
});
