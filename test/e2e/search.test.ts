import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { plusDays, vietnamDate } from '../../shared/domain/time';
import type { DispatchInput } from '../../shared/schemas/dispatch';
import { issue } from '../support/link-client';
import { startTestStack, type TestStack } from '../support/local-stack';
import { expectAccessible } from './axe';
import { DESKTOP, launchChromium, newContext, PHONE, screenshotter, signIn } from './browser';

/**
 * Issue 14, search in a real browser at 1280 and 360 px: type in the box of the dispatch, directive and
 * register pages, the address carries the search, the results are the right rows, and the address opened
 * again (a bookmark) shows the same rows. A bad filter is named by its label. Every page state visited
 * passes axe-core's WCAG 2.1 A/AA rules with no exception.
 */
let stack: TestStack;
let browser: Browser;
const contexts: BrowserContext[] = [];
const shot = screenshotter('search');
let issued: { id: string; symbol: string };

const small = (subject: string, overrides: Partial<DispatchInput> = {}): DispatchInput => ({
  ...exampleDispatchContent(),
  subject,
  addressees: [{ kind: 'unit' as const, unitId: 'thads-ha-noi' }],
  ...overrides,
});

beforeAll(async () => {
  stack = await startTestStack();
  browser = await launchChromium();
  const clerk = await stack.tokenFor('u-vanthu', ['clerk']);
  const base = small('');
  for (const content of [
    small('Kế hoạch ứng dụng công nghệ thông tin năm 2027'),
    small('Báo cáo tổng kết công tác thi hành án dân sự', { requirements: base.requirements.map((r) => ({ ...r, dueDate: plusDays(vietnamDate(new Date()), 3) })) }),
  ]) {
    const res = await stack.api('POST', '/dispatches', { token: clerk, body: content });
    expect(res.status, res.text).toBe(201);
  }
  issued = await issue(stack, small('Tăng cường an ninh mạng cho hệ thống Đà Nẵng'));
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await stack?.stop();
});

async function clerkAt(viewport: { width: number; height: number }): Promise<Page> {
  const context = await newContext(browser, stack.stack.urls.api, viewport);
  contexts.push(context);
  return signIn(context, 'Trần Thị Hương');
}

const rows = (page: Page) => page.locator('main tbody tr').allTextContents();

/** Types the words into the search box and presses Enter; waits for the address to carry them. */
async function search(page: Page, words: string): Promise<void> {
  await page.getByLabel('Tìm kiếm', { exact: true }).fill(words);
  await Promise.all([page.waitForURL((url) => url.searchParams.get('q') === words), page.getByLabel('Tìm kiếm', { exact: true }).press('Enter')]);
  await page.waitForLoadState('load');
  // The blank fields of the form are not in the address: it is the search itself, short enough to share.
  for (const [name, value] of new URL(page.url()).searchParams) expect(value, name).not.toBe('');
}

/** Opens the current address in a fresh tab of the same session, as a bookmark would: the same rows. */
async function expectSameFromBookmark(page: Page): Promise<void> {
  const url = page.url();
  const before = await rows(page);
  const again = await page.context().newPage();
  const response = await again.goto(url);
  expect(response?.status()).toBe(200);
  expect(await rows(again)).toEqual(before);
  expect(await again.getByLabel('Tìm kiếm', { exact: true }).inputValue()).toBe(new URL(url).searchParams.get('q') ?? '');
  await again.close();
}

/** The search area fits the viewport: nothing of it is cut off at 360 px. */
async function expectFormFits(page: Page, width: number): Promise<void> {
  const box = await page.locator('form.search-filters').boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(width);
}

for (const [size, viewport] of [
  ['1280', DESKTOP],
  ['360', PHONE],
] as const) {
  describe(`search at ${size} px`, () => {
    it('dispatches: words without marks find the letter, the address carries them, a bookmark shows the same rows; the due filter too', async () => {
      const page = await clerkAt(viewport);
      await page.goto('/app/dispatches');
      await expectAccessible(page, `dispatch list at ${size}`);
      await expectFormFits(page, viewport.width);

      await search(page, 'ke hoach ung dung');
      const found = await rows(page);
      expect(found).toHaveLength(1);
      expect(found[0]).toContain('Kế hoạch ứng dụng công nghệ thông tin');
      await expect(page.getByRole('status').first().textContent()).resolves.toContain('1 kết quả');
      await expectAccessible(page, `dispatch search results at ${size}`);
      await shot(page, `dispatches-search-${size}`);
      await expectSameFromBookmark(page);

      await search(page, issued.symbol);
      expect((await rows(page)).join(' ')).toContain('Tăng cường an ninh mạng');
      expect(await rows(page)).toHaveLength(1);

      await page.getByLabel('Tìm kiếm', { exact: true }).fill('');
      await page.getByLabel('Hạn').selectOption('soon');
      await Promise.all([page.waitForURL((url) => url.search === '?due=soon'), page.getByRole('button', { name: 'Tìm', exact: true }).click()]);
      const due = await rows(page);
      expect(due).toHaveLength(1);
      expect(due[0]).toContain('Báo cáo tổng kết');
      await expectSameFromBookmark(page);

      await page.goto('/app/dispatches?q=khong+co+cong+van+nay');
      await expect(page.getByRole('status').first().textContent()).resolves.toContain('Không tìm thấy');
      await expectAccessible(page, `dispatch search with no result at ${size}`);
    });

    it('dispatches: a bad date is refused, named by its label, and lists nothing', async () => {
      const page = await clerkAt(viewport);
      const response = await page.goto(`/app/dispatches?q=ke&from=${vietnamDate(new Date())}&to=2000-01-01`);
      expect(response?.status()).toBe(400);
      await expect(page.locator('#search-to-error').textContent()).resolves.toMatch(/^Đến ngày: không được trước ngày bắt đầu/);
      await expect(page.locator('#search-to').getAttribute('aria-invalid')).resolves.toBe('true');
      expect(await rows(page)).toEqual([]);
      await expectAccessible(page, `dispatch search refused at ${size}`);
      await shot(page, `dispatches-search-error-${size}`);
    });

    it('directives: a word of the subject without marks, and the issuing body', async () => {
      const page = await clerkAt(viewport);
      await page.goto('/app/directives');
      await expectFormFits(page, viewport.width);
      await search(page, 'lo lot');
      const found = await rows(page);
      expect(found).toHaveLength(1);
      expect(found[0]).toContain('164/A05-P7');
      await expectAccessible(page, `directive search results at ${size}`);
      await shot(page, `directives-search-${size}`);
      await expectSameFromBookmark(page);

      await page.goto('/app/directives');
      await page.getByLabel('Lọc theo cơ quan ban hành').fill('van phong chinh phu');
      await Promise.all([page.waitForURL((url) => url.searchParams.get('issuer') === 'van phong chinh phu'), page.getByRole('button', { name: 'Tìm', exact: true }).click()]);
      const byIssuer = await rows(page);
      expect(byIssuer).toHaveLength(1);
      expect(byIssuer[0]).toContain('2647/VPCP-KSTT');
      await expectAccessible(page, `directive issuer filter at ${size}`);
    });

    it('register: words of the subject find the numbered row; the issuer and year stay in the address', async () => {
      const page = await clerkAt(viewport);
      await page.goto('/app/register');
      await expectAccessible(page, `register at ${size}`);
      await expectFormFits(page, viewport.width);
      await search(page, 'an ninh mang da nang');
      const url = new URL(page.url());
      expect(url.searchParams.get('issuer')).toBeTruthy();
      expect(url.searchParams.get('year')).toBeTruthy();
      const found = await rows(page);
      expect(found).toHaveLength(1);
      expect(found[0]).toContain(issued.symbol);
      await expectAccessible(page, `register search results at ${size}`);
      await shot(page, `register-search-${size}`);
      await expectSameFromBookmark(page);
    });
  });
}
