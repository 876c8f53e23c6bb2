import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { db, tableName } from '../../shared/data/client';
import { keys } from '../../shared/data/keys';
import { hashToken } from '../../shared/domain/tokens';
import { startTestStack, type TestStack } from '../support/local-stack';
import { issue, openLink, post, tokensBySymbol } from '../support/link-client';

/**
 * The link as an attacker or a mail scanner meets it: guessed, tampered, expired and revoked tokens,
 * one unit's link against another's data, script in every free-text field, and the rate limits.
 */
const PER_TOKEN = 15;
const PER_IP = 150;
let stack: TestStack;
let dispatch: { id: string; symbol: string };
let tokens: string[];
let emails: string[];
let invalidPage: string;
const clerk = () => stack.tokenFor('u-vanthu', ['clerk']);
const itdept = () => stack.tokenFor('u-cntt', ['itdept']);

beforeAll(async () => {
  process.env['LINK_RATE_PER_TOKEN'] = String(PER_TOKEN);
  process.env['LINK_RATE_PER_IP'] = String(PER_IP);
  stack = await startTestStack();
  dispatch = await issue(stack, exampleDispatchContent());
  const byEmail = await tokensBySymbol(stack, dispatch.symbol);
  emails = [...byEmail.keys()];
  tokens = [...byEmail.values()];
  invalidPage = (await stack.api('GET', '/l/nope')).text;
});
afterAll(async () => {
  await stack?.stop();
  // Each file runs in its own process; this only keeps the limits from outliving the file regardless.
  delete process.env['LINK_RATE_PER_TOKEN'];
  delete process.env['LINK_RATE_PER_IP'];
});

async function expectInvalid(path: string, cookie?: string) {
  const res = await stack.api('GET', path, cookie ? { headers: { cookie } } : {});
  expect(res.status, path).toBe(404);
  expect(res.text).toBe(invalidPage);
  expect(res.setCookies).toEqual([]);
  expect(res.headers['cache-control']).toBe('no-store');
}

describe('tokens', () => {
  it('answers guessed, tampered, expired and revoked tokens with the same plain page', async () => {
    expect(invalidPage).toContain('Đường liên kết không hợp lệ');
    await expectInvalid(`/l/${'A'.repeat(43)}`);
    const t = tokens[0]!;
    await expectInvalid(`/l/${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`);
    await expectInvalid(`/l/${t}x`);
    await expectInvalid('/l', 'cv_link=not-a-token');
    await expectInvalid('/l');

    const expiring = tokens[1]!;
    await db().send(
      new UpdateCommand({ TableName: tableName(), Key: keys.link(hashToken(expiring)), UpdateExpression: 'SET tokenExpiresAt = :past', ExpressionAttributeValues: { ':past': '2020-01-01T00:00:00.000Z' } }),
    );
    await expectInvalid(`/l/${expiring}`);
  });

  it('lets a clerk revoke a link (cookie and path stop working) and resend a new one', async () => {
    const token = tokens[2]!;
    const browser = await openLink(stack, token);
    const unitId = (await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: await clerk() })).json.items.find(
      (r: { email: string }) => r.email === emails[2],
    ).unitId;
    const revoked = await stack.api('POST', `/dispatches/${dispatch.id}/recipients/${unitId}/revoke-link`, { token: await clerk() });
    expect(revoked.status, revoked.text).toBe(200);
    await expectInvalid(`/l/${token}`);
    await expectInvalid('/l', browser.cookie);
    const ack = await post(stack, '/l/acknowledge', browser, { csrf: browser.csrf, name: 'A', position: 'B' });
    expect(ack.status).toBe(404);

    const resent = await stack.api('POST', `/dispatches/${dispatch.id}/recipients/${unitId}/resend-link`, { token: await clerk() });
    expect(resent.status, resent.text).toBe(202);
    await stack.whenIdle();
    const fresh = (await stack.sesStore()).filter((m) => m.to === emails[2] && m.subject.includes(dispatch.symbol));
    expect(fresh).toHaveLength(2);
    const newToken = /\/l\/([A-Za-z0-9_-]{43})/.exec(fresh[1]!.text)![1]!;
    expect(newToken).not.toBe(token);
    await openLink(stack, newToken);
    await expectInvalid(`/l/${token}`);
    const signer = await stack.tokenFor('u-nguyen-van-luc', ['signer']);
    expect((await stack.api('POST', `/dispatches/${dispatch.id}/recipients/${unitId}/resend-link`, { token: signer })).status).toBe(403);
  });

  it('changes nothing but "first opened" when a mail scanner opens the link again and again', async () => {
    const token = tokens[3]!;
    for (let i = 0; i < 3; i++) expect((await stack.api('GET', `/l/${token}`)).status).toBe(303);
    const table = await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: await clerk() });
    const r = table.json.items.find((x: { email: string }) => x.email === emails[3]);
    expect(r.firstOpenedAt).toBeTruthy();
    expect(r.acknowledgedAt).toBeUndefined();
    expect(table.json.summary.acknowledged).toBe(0);
  });
});

describe('one unit, its own data', () => {
  it('acts only for the unit of the cookie: ids in the form are ignored, another page’s CSRF value is refused', async () => {
    const a = await openLink(stack, tokens[4]!);
    const b = await openLink(stack, tokens[5]!);
    const crossed = await post(stack, '/l/acknowledge', a, { csrf: b.csrf, name: 'X', position: 'Y' });
    expect(crossed.status).toBe(403);
    expect(crossed.text).toContain('Trang đã cũ');
    const noCsrf = await post(stack, '/l/acknowledge', a, { name: 'X', position: 'Y' });
    expect(noCsrf.status).toBe(403);
    const smuggled = await post(stack, '/l/acknowledge', a, { csrf: a.csrf, name: 'Nguyễn A', position: 'Văn thư', unitId: 'btp-cntt', dispatchId: 'other' });
    expect(smuggled.status).toBe(200);
    const table = await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: await clerk() });
    const acked = table.json.items.filter((r: { acknowledgedAt?: string }) => r.acknowledgedAt);
    expect(acked.map((r: { email: string }) => r.email)).toEqual([emails[4]]);
    const bPage = await stack.api('GET', '/l', { headers: { cookie: b.cookie } });
    expect(bPage.text).not.toContain('Nguyễn A');
    expect((await stack.api('POST', '/l/acknowledge', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `csrf=${a.csrf}&name=X&position=Y` })).status).toBe(404);
  });
});

describe('free text comes back escaped', () => {
  const script = '<script>alert("x")</script>';
  const img = '"><img src=x onerror=alert(1)>';

  it('in the link page (acknowledgment, report notes) and in the completion email (rejection reason)', async () => {
    const u = await openLink(stack, tokens[6]!);
    await post(stack, '/l/acknowledge', u, { csrf: u.csrf, name: script, position: img });
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const reported = await post(stack, '/l/report', u, { csrf: u.csrf, 'status.1': 'done', 'doneOn.1': today, 'note.1': script, 'status.2': 'partly', 'note.2': img });
    expect(reported.status).toBe(200);
    const bad = await post(stack, '/l/accounts', u, { csrf: u.csrf, reset: `${script}@thads.moj.gov.vn`, revoke: '', name: img, position: script });
    expect(bad.status).toBe(400);
    for (const text of [reported.text, bad.text]) {
      expect(text).not.toContain('<script>alert');
      expect(text).not.toContain('<img src=x');
      expect(text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    }
    const ok = await post(stack, '/l/accounts', u, { csrf: u.csrf, reset: 'a.b@thads.moj.gov.vn', revoke: '', name: img, position: script });
    expect(ok.status, ok.text).toBe(200);
    await stack.whenIdle();
    const request = (await stack.api('GET', `/reset-requests?dispatchId=${dispatch.id}`, { token: await itdept() })).json.items.find(
      (r: { unitEmail: string }) => r.unitEmail === emails[6],
    );
    expect(request.pdfStatus).toBe('done');
    const done = await stack.api('POST', `/reset-requests/${request.id}/accounts`, { token: await itdept(), body: { email: 'a.b@thads.moj.gov.vn', outcome: 'rejected', reason: script } });
    expect(done.json.status).toBe('completed');
    await stack.whenIdle();
    const mail = (await stack.sesStore()).find((m) => m.to === emails[6] && m.subject.includes('đã xử lý đề nghị'))!;
    expect(mail.html).not.toContain('<script>alert');
    expect(mail.html).toContain('&lt;script&gt;');
  });
});

describe('exports', () => {
  it('neutralise CSV cells that a spreadsheet would run as formulas, and keep them as text in XLSX', async () => {
    const u = await openLink(stack, tokens[8]!);
    await post(stack, '/l/acknowledge', u, { csrf: u.csrf, name: '=HYPERLINK("http://evil","x")', position: '@SUM(A1)' });
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    await post(stack, '/l/report', u, { csrf: u.csrf, 'status.1': 'done', 'doneOn.1': today, 'note.1': '+1+2', 'status.2': 'not_done', 'note.2': '-3' });
    const csv = await stack.api('GET', `/dispatches/${dispatch.id}/report.csv`, { token: await clerk() });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csv.text).toContain(`'@SUM(A1)`);
    expect(csv.text).toContain(`'+1+2`);
    expect(csv.text).not.toMatch(/(^|,)[=+@]/m);

    const xlsx = await fetch(`${stack.stack.urls.api}/dispatches/${dispatch.id}/report.xlsx`, { headers: { authorization: `Bearer ${await clerk()}` } });
    expect(xlsx.status).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.getWorksheet('Báo cáo')!;
    const values = sheet.getSheetValues().flat().filter((v) => v !== undefined && v !== null);
    expect(values).toContain('=HYPERLINK("http://evil","x")');
    expect(values.some((v) => typeof v === 'object')).toBe(false);
  });
});

describe('rate limits', () => {
  it('answers 429 with a plain bilingual page once a token goes over its limit', async () => {
    const u = await openLink(stack, tokens[7]!);
    // Twice the limit plus two: more than the limit lands in one window even across a window boundary.
    const responses = [];
    for (let i = 0; i < 2 * PER_TOKEN + 2; i++) responses.push(await stack.api('GET', '/l', { headers: { cookie: u.cookie } }));
    const over = responses.find((r) => r.status === 429)!;
    expect(over).toBeDefined();
    expect(responses.filter((r) => r.status !== 200 && r.status !== 429)).toEqual([]);
    expect(over.headers['retry-after']).toBe('60');
    expect(over.text).toContain('Quá nhiều yêu cầu');
    expect(over.text).toContain('Too many requests');
  });

  it('limits one source address however many tokens it tries', async () => {
    const url = new URL(stack.stack.urls.api);
    const getFrom = (localAddress: string, path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: url.hostname, port: url.port, path, method: 'GET', localAddress }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
    // Fixed one-minute windows: twice the limit plus two requests put more than the limit in one window
    // even if a window boundary falls in the middle of the loop.
    const statuses: number[] = [];
    for (let i = 0; i < 2 * PER_IP + 2; i++) statuses.push(await getFrom('127.0.0.7', `/l/${String(i).padStart(43, 'G')}`));
    expect(statuses.slice(0, PER_IP).every((s) => s === 404)).toBe(true);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 404 && s !== 429)).toEqual([]);
    // Another address is not affected.
    expect(await getFrom('127.0.0.8', `/l/${'G'.repeat(43)}`)).toBe(404);
  });
});
