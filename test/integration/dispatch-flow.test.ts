import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { startTestStack, type TestStack } from '../support/local-stack';

/**
 * The foundation's main path, through HTTP against the local stack (DynamoDB Local, the SES and S3
 * emulators, the local gateway and stream runner): draft → submit → sign → issue → PDF and one email per unit.
 */
let stack: TestStack;
const clerk = () => stack.tokenFor('u-vanthu', ['clerk']);
const signer = () => stack.tokenFor('u-nguyen-van-luc', ['signer']);

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function draft(overrides: Record<string, unknown> = {}) {
  const res = await stack.api('POST', '/dispatches', { token: await clerk(), body: { ...exampleDispatchContent(), ...overrides } });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: string; version: number };
}

async function toSigned(id: string) {
  const submitted = await stack.api('POST', `/dispatches/${id}/submit`, { token: await clerk(), body: { version: 1 } });
  expect(submitted.status, submitted.text).toBe(200);
  const signed = await stack.api('POST', `/dispatches/${id}/sign`, { token: await signer(), body: { version: 2 } });
  expect(signed.status, signed.text).toBe(200);
  return signed.json as { version: number };
}

describe('the address without a path', () => {
  it('sends people to the staff pages', async () => {
    const res = await stack.api('GET', '/');
    expect(res.status).toBe(303);
    expect(res.headers['location']).toBe('/app/home');
  });
});

describe('from draft to issued dispatch', () => {
  let issued: { id: string; number: number; symbol: string; version: number; issuedOn: string };

  it('creates, submits, signs and issues the example dispatch, taking number 01 of the register', async () => {
    const { id } = await draft();
    await toSigned(id);
    const res = await stack.api('POST', `/dispatches/${id}/issue`, { token: await clerk(), body: { version: 3 } });
    expect(res.status, res.text).toBe(200);
    issued = res.json;
    expect(issued.number).toBe(1);
    expect(issued.symbol).toBe('01/TCTHADS-TT');
    expect(issued.version).toBe(4);
  });

  it('emails every addressed unit its own link, once, from the event consumer', async () => {
    await stack.whenIdle();
    const provinces = await stack.api('GET', '/groups/thads-tinh', { token: await clerk() });
    const internal = await stack.api('GET', '/groups/don-vi-thuoc-tong-cuc', { token: await clerk() });
    const expected = provinces.json.memberIds.length + internal.json.memberIds.length;
    expect(provinces.json.memberIds).toHaveLength(63);

    const messages = (await stack.sesStore()).filter((m) => m.subject.includes(issued.symbol));
    expect(messages).toHaveLength(expected);
    const recipients = new Set(messages.map((m) => m.to));
    expect(recipients.size).toBe(expected);
    const links = messages.map((m) => /\/l\/([A-Za-z0-9_-]{43})/.exec(m.text)?.[1]);
    expect(new Set(links).size).toBe(expected);
    expect(messages[0]!.subject).toContain('V/v tăng cường bảo đảm an toàn');

    const status = await stack.api('GET', `/dispatches/${issued.id}/recipients`, { token: await clerk() });
    expect(status.json.stats).toEqual({ recipients: expected, mailSent: expected, mailFailed: 0, paper: 0 });
    expect(status.json.items.every((r: { mailStatus: string }) => r.mailStatus === 'sent')).toBe(true);
    expect(JSON.stringify(status.json)).not.toContain('tokenHash');
  });

  it('stores the numbered PDF in S3 with its SHA-256, and serves it', async () => {
    const dispatch = await stack.api('GET', `/dispatches/${issued.id}`, { token: await clerk() });
    expect(dispatch.json.deliveryStatus).toBe('done');
    const pdf = await stack.api('GET', `/dispatches/${issued.id}/pdf`, { token: await clerk() });
    expect(pdf.status).toBe(302);
    const file = Buffer.from(await (await fetch(pdf.headers['location']!)).arrayBuffer());
    expect(file.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(file).digest('hex')).toBe(dispatch.json.pdfSha256);
  });

  it('opens the unit page from an emailed link, and refuses a made-up token with the same page as any invalid one', async () => {
    const message = (await stack.sesStore()).find((m) => m.subject.includes(issued.symbol))!;
    const token = /\/l\/([A-Za-z0-9_-]{43})/.exec(message.text)![1]!;
    // The token moves into a cookie scoped to /l and the browser is sent to the token-less page.
    const opened = await stack.api('GET', `/l/${token}`);
    expect(opened.status).toBe(303);
    const page = await stack.api('GET', opened.headers['location']!, { headers: { cookie: opened.setCookies[0]!.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Công văn số ${issued.symbol}`);
    const guessed = await stack.api('GET', `/l/${'A'.repeat(43)}`);
    const junk = await stack.api('GET', '/l/nope');
    expect(guessed.status).toBe(404);
    expect(guessed.text).toBe(junk.text);
  });

  it('records the dispatch in the outgoing register with the Nghị định 30 columns', async () => {
    const year = Number(issued.issuedOn.slice(0, 4));
    const res = await stack.api('GET', `/register?issuer=TCTHADS&year=${year}`, { token: await clerk() });
    expect(res.status).toBe(200);
    expect(res.json.items[0]).toMatchObject({
      number: 1,
      symbol: '01/TCTHADS-TT',
      issuedOn: issued.issuedOn,
      documentType: 'Công văn',
      subject: 'V/v tăng cường bảo đảm an toàn, an ninh mạng cho các hệ thống thông tin',
      signer: 'Nguyễn Văn Lực',
      archive: 'VT, TT',
      dispatchId: issued.id,
    });
    // "Ngày chuyển": the Vietnam date the letter went out to its recipients, set when delivery finished.
    await stack.whenIdle();
    const [entry] = (await stack.api('GET', `/register?issuer=TCTHADS&year=${year}`, { token: await clerk() })).json.items;
    expect(entry.sentOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(entry.sentOn >= issued.issuedOn).toBe(true);
  });

  it('keeps an audit trail of every change with actor, time, source IP and document hash', async () => {
    const res = await stack.api('GET', `/dispatches/${issued.id}/audit`, { token: await clerk() });
    const actions = res.json.items.map((e: { action: string }) => e.action);
    expect(actions.slice(0, 5)).toEqual(['create', 'submit', 'sign', 'issue', 'pdf.stored']);
    expect(actions.filter((a: string) => a === 'mail.sent').length).toBeGreaterThan(60);
    const sign = res.json.items[2];
    expect(sign).toMatchObject({ actor: 'u-nguyen-van-luc', roles: ['signer'] });
    expect(sign.sourceIp).toBeTruthy();
    expect(sign.documentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('pages through the whole audit trail with a cursor, missing and repeating nothing', async () => {
    const all = (await stack.api('GET', `/dispatches/${issued.id}/audit`, { token: await clerk() })).json;
    expect(all.cursor).toBeUndefined();
    const paged: unknown[] = [];
    let cursor: string | undefined;
    do {
      const query = `limit=25${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await stack.api('GET', `/dispatches/${issued.id}/audit?${query}`, { token: await clerk() });
      expect(page.status, page.text).toBe(200);
      paged.push(...page.json.items);
      cursor = page.json.cursor;
    } while (cursor);
    expect(paged).toEqual(all.items);
  });

  it('links the cited directive to the dispatch', async () => {
    const res = await stack.api('GET', `/directives/${exampleDispatchContent().citations[0]}`, { token: await clerk() });
    expect(res.json.dispatches.map((d: { id: string }) => d.id)).toContain(issued.id);
  });
});

describe('lifecycle rules over HTTP', () => {
  it('answers a repeated submit, sign or issue as a replay that changes nothing', async () => {
    const { id } = await draft();
    await toSigned(id);
    const again = await stack.api('POST', `/dispatches/${id}/sign`, { token: await signer(), body: { version: 2 } });
    expect(again.status).toBe(200);
    expect(again.headers['x-idempotent-replay']).toBe('true');
    // Only the clerical office issues: an administrator is refused, and the dispatch stays signed.
    const byAdmin = await stack.api('POST', `/dispatches/${id}/issue`, { token: await stack.tokenFor('u-admin', ['admin']), body: { version: 3 } });
    expect(byAdmin.status).toBe(403);
    const first = await stack.api('POST', `/dispatches/${id}/issue`, { token: await clerk(), body: { version: 3 } });
    const second = await stack.api('POST', `/dispatches/${id}/issue`, { token: await clerk(), body: { version: 3 } });
    expect(second.status).toBe(200);
    expect(second.json.number).toBe(first.json.number);
    expect(second.headers['x-idempotent-replay']).toBe('true');
    const audit = await stack.api('GET', `/dispatches/${id}/audit`, { token: await clerk() });
    expect(audit.json.items.filter((e: { action: string }) => e.action === 'issue')).toHaveLength(1);
  });

  it('lets only the named signer sign, and refuses stale versions with the current state', async () => {
    const { id } = await draft();
    await stack.api('POST', `/dispatches/${id}/submit`, { token: await clerk(), body: { version: 1 } });
    const otherSigner = await stack.api('POST', `/dispatches/${id}/sign`, { token: await stack.tokenFor('u-tong-cuc-truong', ['signer']), body: { version: 2 } });
    expect(otherSigner.status).toBe(403);
    const clerkSigns = await stack.api('POST', `/dispatches/${id}/sign`, { token: await clerk(), body: { version: 2 } });
    expect(clerkSigns.status).toBe(403);
    // Version 1 is stale: the submit moved the dispatch to version 2. (Repeating the submit itself would be a replay.)
    const stale = await stack.api('POST', `/dispatches/${id}/recall`, { token: await clerk(), body: { version: 1, comment: 'Sai nơi nhận.' } });
    expect(stale.status).toBe(409);
    expect(stale.json.error.details).toEqual({ state: 'pending_signature', version: 2 });
  });

  it('returns with a comment, then edits back to draft and resubmits', async () => {
    const { id } = await draft();
    await stack.api('POST', `/dispatches/${id}/submit`, { token: await clerk(), body: { version: 1 } });
    const returned = await stack.api('POST', `/dispatches/${id}/return`, { token: await signer(), body: { version: 2, comment: 'Bổ sung thời hạn báo cáo.' } });
    expect(returned.json).toMatchObject({ state: 'returned', returnComment: 'Bổ sung thời hạn báo cáo.' });
    const edited = await stack.api('PUT', `/dispatches/${id}`, { token: await clerk(), body: { version: 3, content: { ...exampleDispatchContent(), subject: 'tăng cường bảo mật' } } });
    expect(edited.json).toMatchObject({ state: 'draft', version: 4 });
    const resubmitted = await stack.api('POST', `/dispatches/${id}/submit`, { token: await clerk(), body: { version: 4 } });
    expect(resubmitted.json.state).toBe('pending_signature');
  });

  it('refuses references to unknown units, groups and directives, naming the field, and writes nothing', async () => {
    const before = await stack.api('GET', '/dispatches?limit=100', { token: await clerk() });
    const res = await stack.api('POST', '/dispatches', {
      token: await clerk(),
      body: { ...exampleDispatchContent(), citations: ['no-such-directive'], addressees: [{ kind: 'unit', unitId: 'no-such-unit' }] },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.fields.map((f: { field: string }) => f.field)).toEqual(['citations.0', 'addressees.0.unitId']);
    const after = await stack.api('GET', '/dispatches?limit=100', { token: await clerk() });
    expect(after.json.items).toHaveLength(before.json.items.length);
  });

  it('answers unknown ids with 404 and unknown routes and missing tokens as API Gateway does', async () => {
    expect((await stack.api('GET', '/dispatches/nope', { token: await clerk() })).status).toBe(404);
    expect((await stack.api('GET', '/dispatches')).status).toBe(401);
    expect((await stack.api('GET', '/nothing-here', { token: await clerk() })).status).toBe(404);
    expect((await stack.api('GET', '/health')).status).toBe(200);
    expect((await stack.api('GET', '/openapi.json')).json.openapi).toBe('3.1.0');
  });

  it('answers a garbled or foreign page cursor with 400 naming query.cursor, never 500', async () => {
    const foreign = Buffer.from(JSON.stringify({ PK: 'UNIT#x', SK: 'META', GSI1PK: 'UNITS', GSI1SK: 'x' })).toString('base64url');
    for (const cursor of ['not-a-cursor', Buffer.from('[1,2]').toString('base64url'), foreign]) {
      for (const path of ['/dispatches', '/directives']) {
        const res = await stack.api('GET', `${path}?cursor=${cursor}`, { token: await clerk() });
        expect(res.status, `${path} ${cursor}`).toBe(400);
        expect(res.json.error.fields[0].field).toBe('query.cursor');
      }
    }
    const firstPage = await stack.api('GET', '/dispatches?limit=1', { token: await clerk() });
    const next = await stack.api('GET', `/dispatches?limit=1&cursor=${firstPage.json.cursor}`, { token: await clerk() });
    expect(next.status).toBe(200);
    expect(next.json.items[0].id).not.toBe(firstPage.json.items[0].id);
  });
});
