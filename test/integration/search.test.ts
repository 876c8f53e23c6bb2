import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIRECTIVE_A05_ID, DIRECTIVE_VPCP_ID, exampleDispatchContent } from '../../infra/local/demo-data';
import { db, tableName } from '../../shared/data/client';
import { keys } from '../../shared/data/keys';
import { plusDays, vietnamDate, vietnamYear } from '../../shared/domain/time';
import type { DispatchInput } from '../../shared/schemas/dispatch';
import { issue } from '../support/link-client';
import { startTestStack, type TestStack } from '../support/local-stack';

/**
 * Issue 14, search through the API: accent-insensitive words over number, symbol, subject, issuer and
 * addressees, with date, state and due filters, on GET /dispatches, /directives and /register; paged
 * with the validated cursor; items written before the stored search fields existed still found; bad
 * filters a 400 naming the field in both languages.
 */
let stack: TestStack;
const clerk = () => stack.tokenFor('u-vanthu', ['clerk']);
const today = () => vietnamDate(new Date());
const q = encodeURIComponent;

const smallDispatch = (overrides: Partial<DispatchInput> = {}): DispatchInput => ({
  ...exampleDispatchContent(),
  addressees: [{ kind: 'unit' as const, unitId: 'thads-ha-noi' }],
  ...overrides,
});

const ids: Record<string, string> = {};
let issued: { id: string; symbol: string };

async function draft(content: DispatchInput): Promise<string> {
  const res = await stack.api('POST', '/dispatches', { token: await clerk(), body: content });
  expect(res.status, res.text).toBe(201);
  return res.json.id;
}

async function list(path: string): Promise<string[]> {
  const res = await stack.api('GET', path, { token: await clerk() });
  expect(res.status, res.text).toBe(200);
  return res.json.items.map((i: { id?: string; dispatchId?: string }) => i.id ?? i.dispatchId);
}

/** Every page of a search, following its cursor. */
async function walk(path: string): Promise<{ items: string[]; pages: number }> {
  const items: string[] = [];
  let pages = 0;
  for (let cursor: string | undefined; ; ) {
    const res = await stack.api('GET', `${path}${cursor ? `&cursor=${q(cursor)}` : ''}`, { token: await clerk() });
    expect(res.status, res.text).toBe(200);
    items.push(...res.json.items.map((i: { id: string }) => i.id));
    pages++;
    if (!res.json.cursor) return { items, pages };
    cursor = res.json.cursor;
    expect(pages).toBeLessThan(20);
  }
}

/** Takes an item back to how it was stored before search existed: no stored search fields. */
async function makeLegacy(key: { PK: string; SK: string }, ...fields: string[]) {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key,
      UpdateExpression: `REMOVE ${fields.map((_, i) => `#f${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(fields.map((f, i) => [`#f${i}`, f])),
    }),
  );
}

beforeAll(async () => {
  stack = await startTestStack();
  const base = smallDispatch();
  ids['plan'] = await draft({ ...base, subject: 'Kế hoạch ứng dụng công nghệ thông tin năm 2027' });
  ids['report'] = await draft({
    ...base,
    subject: 'Báo cáo tổng kết công tác thi hành án dân sự',
    addressees: [{ kind: 'external', name: 'Sở Tư pháp tỉnh Lào Cai' }],
    requirements: base.requirements.map((r) => ({ ...r, dueDate: plusDays(today(), 3) })),
  });
  ids['nodue'] = await draft({ ...base, subject: 'Thông báo lịch nghỉ Tết', requirements: base.requirements.map(({ dueDate: _d, ...r }) => r) });
  issued = await issue(stack, { ...base, subject: 'Tăng cường an ninh mạng cho hệ thống Đà Nẵng' });
});
afterAll(async () => {
  await stack?.stop();
});

describe('GET /dispatches search', () => {
  it('finds by words in the subject, with or without marks, in any case', async () => {
    for (const words of ['ke hoach ung dung', 'KẾ HOẠCH', 'cong nghe thong tin 2027', 'hoạch kế']) {
      expect(await list(`/dispatches?q=${q(words)}`), words).toEqual([ids['plan']]);
    }
    expect(await list(`/dispatches?q=${q('da nang')}`)).toEqual([issued.id]);
    expect(await list(`/dispatches?q=${q('khong co chu nay')}`)).toEqual([]);
  });

  it('finds by number and symbol, issuer, signer and addressee', async () => {
    expect(await list(`/dispatches?q=${q(issued.symbol)}`)).toEqual([issued.id]);
    expect(await list(`/dispatches?q=${q(issued.symbol.toLowerCase().replace('/', ' '))}`)).toEqual([issued.id]);
    expect(await list(`/dispatches?q=${q('lao cai')}`)).toEqual([ids['report']]);
    // Once issued, the register's "Nơi nhận" line names the directory unit it went to.
    expect(await list(`/dispatches?q=${q('ha noi')}`)).toContain(issued.id);
    const all = await list(`/dispatches?q=${q('tong cuc thi hanh an')}`);
    expect(all).toEqual(expect.arrayContaining([ids['plan'], ids['report'], ids['nodue'], issued.id]));
  });

  it('narrows by state, created dates and due status', async () => {
    expect(await list(`/dispatches?state=issued&q=${q('tong cuc')}`)).toEqual([issued.id]);
    expect(await list(`/dispatches?state=draft&q=${q('an ninh mang')}`)).toEqual([]);
    expect(await list(`/dispatches?from=${plusDays(today(), 1)}`)).toEqual([]);
    expect(await list(`/dispatches?from=${today()}&to=${today()}`)).toHaveLength(4);
    expect(await list(`/dispatches?to=${plusDays(today(), -1)}`)).toEqual([]);
    expect(await list(`/dispatches?due=none`)).toEqual([ids['nodue']]);
    expect(await list(`/dispatches?due=soon`)).toEqual([ids['report']]);
    expect(await list(`/dispatches?due=overdue`)).toEqual([]);
  });

  it('pages a search with the cursor: every match once, newest first', async () => {
    const whole = await list(`/dispatches?q=${q('tong cuc')}&limit=100`);
    const paged = await walk(`/dispatches?q=${q('tong cuc')}&limit=1`);
    expect(paged.items).toEqual(whole);
    expect(paged.pages).toBeGreaterThanOrEqual(whole.length);
    const forged = await stack.api('GET', `/dispatches?q=x&cursor=${q('not-a-cursor')}`, { token: await clerk() });
    expect(forged.status).toBe(400);
    expect(JSON.stringify(forged.json.error)).toContain('query.cursor');
    // A cursor of today's letters, sent with a date range that ends yesterday: refused, not a failed query.
    const first = await stack.api('GET', `/dispatches?from=${today()}&limit=1`, { token: await clerk() });
    expect(first.json.cursor).toBeTruthy();
    const moved = await stack.api('GET', `/dispatches?to=${plusDays(today(), -1)}&cursor=${q(first.json.cursor)}`, { token: await clerk() });
    expect(moved.status, moved.text).toBe(400);
    expect(JSON.stringify(moved.json.error)).toContain('query.cursor');
  });

  it('still finds a dispatch stored before the search fields existed (judged on read)', async () => {
    await makeLegacy(keys.dispatch(ids['report']!), 'searchText', 'dueFirst');
    expect(await list(`/dispatches?q=${q('bao cao tong ket')}`)).toEqual([ids['report']]);
    expect(await list(`/dispatches?q=${q('lao cai')}`)).toEqual([ids['report']]);
    expect(await list(`/dispatches?due=soon`)).toEqual([ids['report']]);
    expect(await list(`/dispatches?q=${q('ke hoach')}`)).toEqual([ids['plan']]);
  });

  it('refuses a bad filter with a 400 naming the field in Vietnamese and English', async () => {
    const token = await clerk();
    const cases: [string, string, RegExp][] = [
      ['from=2026-13-01', 'query.from', /YYYY-MM-DD/],
      [`from=${today()}&to=${plusDays(today(), -1)}`, 'query.to', /không được trước/],
      ['due=late', 'query.due', /overdue/],
      [`q=${q('a\u0007b')}`, 'query.q', /một dòng/],
      [`q=${'x'.repeat(201)}`, 'query.q', /200/],
    ];
    for (const [query, field, text] of cases) {
      const res = await stack.api('GET', `/dispatches?${query}`, { token });
      expect(res.status, query).toBe(400);
      const error = JSON.stringify(res.json.error);
      expect(error, query).toContain(field);
      expect(error, query).toMatch(text);
      expect(res.json.error.messageEn, query).toBeTruthy();
    }
  });
});

describe('GET /directives search', () => {
  it('finds by number/symbol, subject and issuing body; filters issuer, received dates and deadline', async () => {
    expect(await list(`/directives?q=${q('2647/vpcp')}`)).toEqual([DIRECTIVE_VPCP_ID]);
    expect(await list(`/directives?q=${q('lộ lọt')}`)).toEqual([DIRECTIVE_A05_ID]);
    expect(await list(`/directives?issuer=${q('bo cong an')}`)).toEqual([DIRECTIVE_A05_ID]);
    expect(await list(`/directives?issuer=${q('VĂN PHÒNG chính phủ')}&q=an+toan`)).toEqual([DIRECTIVE_VPCP_ID]);
    expect(await list(`/directives?from=2024-01-01`)).toEqual([DIRECTIVE_A05_ID]);
    expect(await list(`/directives?to=2023-12-31`)).toEqual([DIRECTIVE_VPCP_ID]);
    expect(await list(`/directives?due=overdue`)).toEqual([DIRECTIVE_A05_ID, DIRECTIVE_VPCP_ID]);
    expect(await list(`/directives?due=none`)).toEqual([]);
  });

  it('still finds a directive stored before the search fields existed', async () => {
    await makeLegacy(keys.directive(DIRECTIVE_A05_ID), 'searchText', 'issuerText');
    expect(await list(`/directives?q=${q('164 a05')}`)).toEqual([DIRECTIVE_A05_ID]);
    expect(await list(`/directives?issuer=${q('cong an')}`)).toEqual([DIRECTIVE_A05_ID]);
    expect(await list(`/directives?q=${q('2647')}`)).toEqual([DIRECTIVE_VPCP_ID]);
  });

  it('refuses a reversed date range naming query.to', async () => {
    const res = await stack.api('GET', '/directives?from=2024-02-01&to=2024-01-01', { token: await clerk() });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json.error)).toContain('query.to');
  });
});

describe('GET /register search', () => {
  it('finds a row by words and issue dates, legacy rows included', async () => {
    const issuerCode = issued.symbol.split('/')[1]!.split('-')[0]!;
    const path = `/register?issuer=${issuerCode}&year=${vietnamYear(new Date())}`;
    expect(await list(`${path}&q=${q('an ninh mang da nang')}`)).toEqual([issued.id]);
    expect(await list(`${path}&q=${q(issued.symbol)}`)).toEqual([issued.id]);
    expect(await list(`${path}&q=${q('ha noi')}`)).toEqual([issued.id]);
    expect(await list(`${path}&q=${q('ke hoach')}`)).toEqual([]);
    expect(await list(`${path}&from=${plusDays(today(), 1)}`)).toEqual([]);
    const number = Number(issued.symbol.split('/')[0]);
    await makeLegacy(keys.registerEntry(issuerCode, vietnamYear(new Date()), number), 'searchText');
    expect(await list(`${path}&q=${q('Đà Nẵng')}`)).toEqual([issued.id]);
  });
});

describe('OpenAPI', () => {
  it('documents the search fields of the three lists', async () => {
    const res = await stack.api('GET', '/openapi.json');
    const params = (path: string) => (res.json.paths[path].get.parameters as { name: string }[]).map((p) => p.name);
    expect(params('/dispatches')).toEqual(expect.arrayContaining(['q', 'from', 'to', 'due', 'state', 'cursor']));
    expect(params('/directives')).toEqual(expect.arrayContaining(['q', 'from', 'to', 'due', 'issuer']));
    expect(params('/register')).toEqual(expect.arrayContaining(['q', 'from', 'to']));
  });
});
