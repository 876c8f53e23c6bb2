import { expect } from 'vitest';
import type { DispatchInput } from '../../shared/schemas/dispatch';
import type { ApiResponse, TestStack } from './local-stack';

/**
 * A unit's browser, as far as the tests need one: follow the emailed link, keep the cookie, read the
 * page's CSRF value, post its forms.
 */
export const TOKEN_IN_MAIL = /\/l\/([A-Za-z0-9_-]{43})/;

/** Drafts, submits, signs and issues a dispatch as the Tổng cục's clerk and the chosen signer. */
export async function issue(stack: TestStack, content: DispatchInput, clerkId = 'u-vanthu'): Promise<{ id: string; symbol: string }> {
  const clerk = await stack.tokenFor(clerkId, ['clerk']);
  const signer = await stack.tokenFor(content.signer.personId, ['signer']);
  const created = await stack.api('POST', '/dispatches', { token: clerk, body: content });
  expect(created.status, created.text).toBe(201);
  const id = created.json.id as string;
  expect((await stack.api('POST', `/dispatches/${id}/submit`, { token: clerk, body: { version: 1 } })).status).toBe(200);
  expect((await stack.api('POST', `/dispatches/${id}/sign`, { token: signer, body: { version: 2 } })).status).toBe(200);
  const issued = await stack.api('POST', `/dispatches/${id}/issue`, { token: clerk, body: { version: 3 } });
  expect(issued.status, issued.text).toBe(200);
  await stack.whenIdle();
  return { id, symbol: issued.json.symbol };
}

/** The link token emailed to each unit for a dispatch, by recipient address. */
export async function tokensBySymbol(stack: TestStack, symbol: string): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (const m of await stack.sesStore()) {
    if (!m.subject.includes(`[Công văn ${symbol}]`)) continue;
    const token = TOKEN_IN_MAIL.exec(m.text)?.[1];
    if (token) tokens.set(m.to, token);
  }
  return tokens;
}

export interface LinkBrowser {
  cookie: string;
  csrf: string;
  page: ApiResponse;
}

export const csrfOf = (page: string) => /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';

export async function openLink(stack: TestStack, token: string): Promise<LinkBrowser> {
  const opened = await stack.api('GET', `/l/${token}`);
  expect(opened.status, opened.text).toBe(303);
  // Every cookie the link sets (the token, and the dispatch/unit hint a form's post reads with it), as a browser keeps them.
  const cookie = opened.setCookies.map((c) => c.split(';')[0]!).join('; ');
  const page = await stack.api('GET', opened.headers['location']!, { headers: { cookie } });
  expect(page.status, page.text).toBe(200);
  return { cookie, csrf: csrfOf(page.text), page };
}

export const formBody = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

export function post(stack: TestStack, path: string, browser: Pick<LinkBrowser, 'cookie'>, fields: Record<string, string>): Promise<ApiResponse> {
  return stack.api('POST', path, {
    headers: { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: formBody(fields),
  });
}

/** Runs `work` over `items` with at most `concurrency` at a time. */
export async function pool<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i]!, i);
    }),
  );
  return results;
}

/** `n` provincial-like units in one group, created through the admin API; returns the group id. */
export async function seedUnitGroup(stack: TestStack, prefix: string, n: number): Promise<string> {
  const admin = await stack.tokenFor('u-admin', ['admin']);
  const ids = Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(4, '0')}`);
  await pool(ids, 16, async (id, i) => {
    const res = await stack.api('POST', '/units', {
      token: admin,
      body: { id, code: `${prefix.toUpperCase()}-${i + 1}`, name: `Đơn vị thử nghiệm số ${i + 1}`, kind: 'external', email: `${id}@thads.moj.gov.vn` },
    });
    expect(res.status, res.text).toBe(201);
  });
  const group = await stack.api('POST', '/groups', { token: admin, body: { id: `${prefix}-group`, name: `Nhóm thử nghiệm ${prefix}`, memberIds: ids } });
  expect(group.status, group.text).toBe(201);
  return `${prefix}-group`;
}
