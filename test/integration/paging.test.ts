import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { encodeCursor } from '../../shared/data/cursor';
import { agenciesReadableBy } from '../../shared/services/dispatches';
import { summaryOfDirective } from '../../shared/services/progress-summary';
import { SESSION_COOKIE } from '../../shared/web/session';
import { startTestStack, type TestStack } from '../support/local-stack';
import { issue, openLink, post, tokensBySymbol } from '../support/link-client';

/**
 * Issue 10: every list that can grow is paged with a validated cursor, in the API and in the pages.
 * Each list is walked page by page (cursor round trip: every item once), a forged cursor is a 400
 * naming `query.cursor` in both languages and changes nothing, and pages link to their next page
 * with their filters kept.
 */
let stack: TestStack;
let first: { id: string; symbol: string };
let second: { id: string; symbol: string };
const clerk = () => stack.tokenFor('u-vanthu', ['clerk']);
const q = (s: string) => encodeURIComponent(s);

/** Every page of a list: GET `path` with `limit`, then its cursor until there is none. */
async function walk(path: string, token: string, field = 'items'): Promise<{ items: any[]; pages: number }> {
  const items: any[] = [];
  let pages = 0;
  for (let cursor: string | undefined; ; ) {
    const res = await stack.api('GET', `${path}${cursor ? `&cursor=${q(cursor)}` : ''}`, { token });
    expect(res.status, res.text).toBe(200);
    items.push(...res.json[field]);
    pages++;
    if (!res.json.cursor) break;
    cursor = res.json.cursor;
    expect(pages).toBeLessThan(100);
  }
  return { items, pages };
}

function expectForgedCursor(res: { status: number; json: any }) {
  expect(res.status).toBe(400);
  const error = res.json.error;
  expect(JSON.stringify(error)).toContain('query.cursor');
  expect(error.message).toMatch(/không hợp lệ/);
  expect(error.messageEn).toMatch(/not valid/);
}

beforeAll(async () => {
  stack = await startTestStack();
  first = await issue(stack, exampleDispatchContent());
  second = await issue(stack, exampleDispatchContent());
});
afterAll(async () => {
  await stack?.stop();
});

describe('a dispatch’s recipients', () => {
  it('come a page at a time; the pages together are the whole table, each unit once', async () => {
    const token = await clerk();
    const whole = await stack.api('GET', `/dispatches/${first.id}/recipients`, { token });
    expect(whole.status).toBe(200);
    const total = whole.json.items.length;
    expect(total).toBeGreaterThan(30);
    const paged = await walk(`/dispatches/${first.id}/recipients?limit=30`, token);
    expect(paged.pages).toBe(Math.ceil(total / 30) + (total % 30 === 0 ? 1 : 0));
    expect(paged.items.map((r) => r.unitId)).toEqual(whole.json.items.map((r: { unitId: string }) => r.unitId));
    expect(new Set(paged.items.map((r) => r.unitId)).size).toBe(total);
    expect(paged.items[0]).not.toHaveProperty('tokenHash');
  });

  it('refuse a forged cursor or an out-of-bounds limit with a 400 naming the field, and change nothing', async () => {
    const token = await clerk();
    const before = await stack.api('GET', `/dispatches/${first.id}/recipients`, { token });
    // Another dispatch's key, a key of the wrong shape, and plain garbage.
    const other = encodeCursor({ PK: `DISPATCH#${second.id}`, SK: 'RECIPIENT#x' })!;
    const extra = encodeCursor({ PK: `DISPATCH#${first.id}`, SK: 'RECIPIENT#x', evil: 'yes' })!;
    const numeric = Buffer.from(JSON.stringify({ PK: `DISPATCH#${first.id}`, SK: 1 })).toString('base64url');
    for (const cursor of [other, extra, numeric, 'not-a-cursor', '%%%']) {
      expectForgedCursor(await stack.api('GET', `/dispatches/${first.id}/recipients?cursor=${q(cursor)}`, { token }));
    }
    for (const limit of ['0', '501', 'x']) {
      const res = await stack.api('GET', `/dispatches/${first.id}/recipients?limit=${limit}`, { token });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.json.error)).toContain('query.limit');
    }
    const after = await stack.api('GET', `/dispatches/${first.id}/recipients`, { token });
    expect(after.json).toEqual(before.json);
  });

  it('page the dispatch page’s unit table, with a next-page link that keeps the address', async () => {
    const token = await clerk();
    const cookie = `${SESSION_COOKIE}=${token}`;
    const path = `/app/dispatches/${first.id}`;
    // The page shows up to 200 units: the example's 72 fit, so no pager.
    const one = await stack.api('GET', path, { headers: { cookie } });
    expect(one.status, one.text).toBe(200);
    // (The history below the table pages on its own: only the unit table's part of the page counts here.)
    expect(one.text.split('id="history-title"')[0]).not.toContain('rel="next"');
    // A cursor from the API's first page of 30 continues the page's table after those 30.
    const firstPage = (await stack.api('GET', `/dispatches/${first.id}/recipients?limit=30`, { token })).json;
    const continued = await stack.api('GET', `${path}?cursor=${q(firstPage.cursor)}`, { headers: { cookie } });
    expect(continued.status, continued.text).toBe(200);
    expect(continued.text).not.toContain(`>${firstPage.items[0].unitName}<`);
    expect(continued.text).toContain(`<a href="${path}">Về trang đầu</a>`);
    const forged = await stack.api('GET', `${path}?cursor=forged`, { headers: { cookie } });
    expect(forged.status).toBe(400);
    // Pages name the field by its Vietnamese label (templates/pages/field-names.ts), the API by its path.
    expect(forged.text).toContain('Địa chỉ trang tiếp theo');
  });
});

describe('the dispatch and directive lists’ pages', () => {
  it('continue from a cursor of the API, link back to the first page, and refuse a forged cursor', async () => {
    const token = await clerk();
    const cookie = `${SESSION_COOKIE}=${token}`;
    const api = (await stack.api('GET', '/dispatches?state=issued&limit=1', { token })).json;
    expect(api.cursor).toBeDefined();
    const page = await stack.api('GET', `/app/dispatches?state=issued&cursor=${q(api.cursor)}`, { headers: { cookie } });
    expect(page.status, page.text).toBe(200);
    expect(page.text).toContain('<a href="/app/dispatches?state=issued">Về trang đầu</a>');
    expect((await stack.api('GET', '/app/dispatches?cursor=forged', { headers: { cookie } })).status).toBe(400);
    const directives = await stack.api('GET', '/app/directives?cursor=forged', { headers: { cookie } });
    expect(directives.status).toBe(400);
    expect(directives.text).toContain('Địa chỉ trang tiếp theo');
  });
});

describe('the register', () => {
  it('is paged in the API and on its page, the filters kept in the next-page link', async () => {
    const token = await clerk();
    const dispatch = (await stack.api('GET', `/dispatches/${first.id}`, { token })).json;
    const base = `/register?issuer=${dispatch.agencyCode}&year=${dispatch.registerYear}`;
    const all = (await stack.api('GET', base, { token })).json.items;
    expect(all.length).toBeGreaterThanOrEqual(2);
    const paged = await walk(`${base}&limit=1`, token);
    expect(paged.items.map((e) => e.number)).toEqual(all.map((e: { number: number }) => e.number));
    expect(paged.pages).toBeGreaterThanOrEqual(all.length);
    // A cursor of another year's register is forged here.
    const page1 = (await stack.api('GET', `${base}&limit=1`, { token })).json;
    expectForgedCursor(await stack.api('GET', `/register?issuer=${dispatch.agencyCode}&year=${dispatch.registerYear - 1}&cursor=${q(page1.cursor)}`, { token }));

    const cookie = `${SESSION_COOKIE}=${token}`;
    const page = await stack.api('GET', `/app/register?issuer=${dispatch.agencyCode}&year=${dispatch.registerYear}&cursor=${q(page1.cursor)}`, { headers: { cookie } });
    expect(page.status, page.text).toBe(200);
    expect(page.text).toContain(`href="/app/register?issuer=${dispatch.agencyCode}&amp;year=${dispatch.registerYear}"`);
  });
});

describe('the reset-request queue', () => {
  it('is paged with its filters; a cursor of another filter is refused', async () => {
    // Two units each ask for accounts to be reset: two requests in the queue.
    const tokens = [...(await tokensBySymbol(stack, first.symbol)).values()].slice(0, 2);
    for (const [i, t] of tokens.entries()) {
      const b = await openLink(stack, t);
      const res = await post(stack, '/l/accounts', b, { csrf: b.csrf, reset: `a${i}@thads.moj.gov.vn`, revoke: '', name: 'A', position: 'B' });
      expect(res.status).toBe(200);
    }
    await stack.whenIdle();
    const it = await stack.tokenFor('u-cntt', ['itdept']);
    const all = (await stack.api('GET', '/reset-requests?status=open', { token: it })).json.items;
    expect(all.length).toBeGreaterThanOrEqual(2);
    const paged = await walk('/reset-requests?status=open&limit=1', it);
    expect(paged.items.map((r) => r.id)).toEqual(all.map((r: { id: string }) => r.id));
    const page1 = (await stack.api('GET', '/reset-requests?status=open&limit=1', { token: it })).json;
    expectForgedCursor(await stack.api('GET', `/reset-requests?status=completed&cursor=${q(page1.cursor)}`, { token: it }));

    const cookie = `${SESSION_COOKIE}=${it}`;
    const page = await stack.api('GET', `/app/reset-requests?status=open&cursor=${q(page1.cursor)}`, { headers: { cookie } });
    expect(page.status, page.text).toBe(200);
    expect(page.text).toContain('href="/app/reset-requests?status=open"');
  });
});

describe('a directive’s summary with units', () => {
  it('pages the units of every citing dispatch, each once, and refuses a cursor of a dispatch not in it', async () => {
    const token = await clerk();
    const directiveId = exampleDispatchContent().citations[0]!;
    const whole = await summaryOfDirective(directiveId, new Date(), await agenciesReadableBy({ agencyCode: 'TCTHADS' }), true);
    const paged = await walk(`/directives/${directiveId}/summary?units=true&limit=50`, token, 'units');
    expect(paged.pages).toBeGreaterThanOrEqual(Math.ceil(whole.units!.length / 50));
    const key = (r: { symbol?: string; unitId: string }) => `${r.symbol}/${r.unitId}`;
    expect(paged.items.map(key).sort()).toEqual(whole.units!.map(key).sort());
    expect(new Set(paged.items.map(key)).size).toBe(paged.items.length);
    const stranger = encodeCursor({ PK: 'DISPATCH#not-citing', SK: 'RECIPIENT#x' })!;
    expectForgedCursor(await stack.api('GET', `/directives/${directiveId}/summary?units=true&cursor=${q(stranger)}`, { token }));
  });
});
