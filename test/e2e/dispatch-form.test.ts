import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/local-stack';
import { expectAccessible } from './axe';
import { DESKTOP, launchChromium, newContext, PHONE, screenshotter, signIn } from './browser';

/**
 * The dispatch form as a clerk uses it all day (issue 14), at 1280 and 360 px: the keyboard passes the
 * recipient picker in a few stops and the sticky button bar never covers the focused field; the picker's
 * groups collapse, take a whole group, search without accents and count the chosen units; a refused
 * submit puts focus on a summary that lists exactly the invalid fields, each a link to its field; the
 * preview of an empty or half-filled form is the letter with what is missing marked (never the app page),
 * of a complete form the PDF; no console error or CSP violation anywhere; axe-core on every state.
 */
let stack: TestStack;
let browser: Browser;
const shot = screenshotter('dispatch-form');
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  browser = await launchChromium();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await stack?.stop();
});

/** The clerk on a new form, with every console error and page error of the page and its frames kept. */
async function newForm(viewport: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
  const context = await newContext(browser, stack.stack.urls.api, viewport);
  contexts.push(context);
  const page = await signIn(context, 'Trần Thị Hương');
  const problems: string[] = [];
  page.on('console', (m) => {
    // A refused form is answered 400 by design (bad input is a 4xx), and Chromium logs that status for
    // the page itself; anything else (a blocked script or style, a failed asset) is a problem.
    const refusedPage = /status of 400/.test(m.text()) && /\/app\/dispatches\/(new|[^/]+\/edit)$/.test(m.location().url);
    if (m.type() === 'error' && !refusedPage) problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  const firstPreview = waitForPreview(page);
  await page.goto('/app/dispatches/new');
  // The script posts the form to the preview frame once on load: let that settle before counting.
  await firstPreview;
  return { page, problems };
}

const isPreview = (r: Response) => r.url().endsWith('/app/dispatches/preview') && r.request().method() === 'POST';
const waitForPreview = (page: Page, body?: (posted: string) => boolean) =>
  page.waitForResponse((r) => isPreview(r) && (!body || body(r.request().postData() ?? '')), { timeout: 60_000 });

/** The focused element: its id, name, tag and where it is, and where the sticky bar is (when it sticks). */
interface FocusState {
  id: string;
  text: string;
  tag: string;
  inBar: boolean;
  inPicker: boolean;
  top: number;
  bottom: number;
  /** Infinity when the bar does not stick at this size. */
  barTop: number;
  viewport: number;
}
// Evaluated in the page (the tests compile without the DOM library, so page code is a string).
const FOCUS_STATE = `(() => {
  const el = document.activeElement;
  const bar = document.querySelector('#dispatch-form .actions.sticky');
  const r = el && el.getBoundingClientRect();
  const b = bar && bar.getBoundingClientRect();
  const sticky = !!bar && getComputedStyle(bar).position === 'sticky';
  return {
    id: (el && el.id) || '',
    text: ((el && el.textContent) || '').trim().slice(0, 60),
    tag: (el && el.tagName) || '',
    inBar: !!(el && bar && bar.contains(el)),
    inPicker: !!(el && el.closest('[data-picker]')),
    top: r ? r.top : 0,
    bottom: r ? r.bottom : 0,
    barTop: sticky && b ? b.top : null,
    viewport: window.innerHeight,
  };
})()`;
const focusState = async (page: Page): Promise<FocusState> => {
  const f = (await page.evaluate(FOCUS_STATE)) as Omit<FocusState, 'barTop'> & { barTop: number | null };
  return { ...f, barTop: f.barTop ?? Infinity };
};
const activeId = (page: Page) => page.evaluate('document.activeElement && document.activeElement.id');

const pickerCount = (page: Page) => page.locator('[data-picker-count]').textContent();

for (const [size, viewport] of [
  ['1280', DESKTOP],
  ['360', PHONE],
] as const) {
  describe(`the dispatch form at ${size} px`, () => {
    it('is passed by the keyboard in a few stops, and the sticky bar never covers the focused field', async () => {
      const { page, problems } = await newForm(viewport);
      await expectAccessible(page, `new form ${size}`);
      await page.locator('#f-draftingUnit').focus();
      let stops = 0;
      let pickerStops = 0;
      const covered: string[] = [];
      for (;;) {
        const f = await focusState(page);
        if (f.inPicker) pickerStops++;
        // The focused control is wholly above the bar (or the bar does not stick at this size).
        if (!f.inBar && f.bottom > f.barTop + 1) covered.push(`${f.tag}#${f.id} ${f.text}: bottom ${f.bottom} > bar ${f.barTop}`);
        if (f.tag === 'BUTTON' && f.text === 'Lưu dự thảo') break;
        expect(stops, 'Tab never reached “Lưu dự thảo”').toBeLessThan(200);
        await page.keyboard.press('Tab');
        stops++;
      }
      console.log(`[${size}] Tab stops from “Đơn vị soạn thảo” to “Lưu dự thảo”: ${stops} (picker: ${pickerStops})`);
      expect(covered).toEqual([]);
      // 151 before issue 14; the picker (search, 4 groups × 2, other units, 1 external row + more rows) ≤ 15.
      expect(pickerStops).toBeLessThanOrEqual(15);
      expect(stops).toBeLessThanOrEqual(40);
      expect(problems).toEqual([]);
    });

    it('offers the picker as one widget: groups collapsed, whole group, accent-insensitive search, a live count', async () => {
      const { page, problems } = await newForm(viewport);
      const picker = page.locator('[data-picker]');
      expect(await pickerCount(page)).toBe('Chưa chọn đơn vị nào');
      // Every group starts closed: no unit checkbox is visible, so none is a Tab stop.
      expect(await picker.locator('input[value^="unit:"]:visible').count()).toBe(0);
      const internal = picker.locator('[data-picker-group]', { hasText: 'Các đơn vị thuộc Tổng cục' });
      await internal.locator('summary').click();
      expect(await internal.locator('input[value^="unit:"]:visible').count()).toBe(9);
      await internal.getByLabel(/Văn phòng Tổng cục/).check();
      await expect.poll(() => pickerCount(page)).toBe('Đã chọn 1 đơn vị');
      expect(await internal.locator('[data-picked-of]').textContent()).toBe('1/9 đã chọn');
      await shot(page, `${size}-picker-open`, false);
      await expectAccessible(page, `picker with a group open ${size}`);

      // "Whole group": its units show as chosen (and are not sent one by one); the count follows.
      await internal.getByLabel(/Gửi cả nhóm: Các đơn vị thuộc Tổng cục/).check();
      await expect.poll(() => pickerCount(page)).toBe('Đã chọn 9 đơn vị');
      expect(await internal.locator('input[value^="unit:"]:checked:disabled').count()).toBe(9);
      await internal.getByLabel(/Gửi cả nhóm: Các đơn vị thuộc Tổng cục/).uncheck();
      await expect.poll(() => pickerCount(page)).toBe('Đã chọn 1 đơn vị');
      expect(await internal.locator('input[value^="unit:"]:checked').count()).toBe(1);
      await internal.getByLabel(/Gửi cả nhóm: Các đơn vị thuộc Tổng cục/).check();

      // Search without accents: "lam dong" finds Lâm Đồng's two units, in two groups opened for it.
      await page.getByLabel('Tìm theo tên hoặc mã đơn vị').fill('lam dong');
      await expect.poll(() => picker.locator('li:visible').allTextContents()).toEqual([
        expect.stringContaining('Cục Thi hành án dân sự tỉnh Lâm Đồng'),
        expect.stringContaining('Sở Tư pháp tỉnh Lâm Đồng'),
      ]);
      await picker.getByLabel(/Cục Thi hành án dân sự tỉnh Lâm Đồng/).check();
      await expect.poll(() => pickerCount(page)).toBe('Đã chọn 10 đơn vị');
      await shot(page, `${size}-picker-search`, false);
      await expectAccessible(page, `picker searching ${size}`);
      await page.getByLabel('Tìm theo tên hoặc mã đơn vị').fill('khong co don vi nay');
      await expect.poll(() => picker.locator('[data-picker-nomatch]').isVisible()).toBe(true);
      await page.getByLabel('Tìm theo tên hoặc mã đơn vị').fill('');
      await expect.poll(() => picker.locator('[data-picker-group]:visible').count()).toBe(await picker.locator('[data-picker-group]').count());

      // What the server gets: the group and the one unit outside it, the same names as without script.
      const posted = waitForPreview(page, (b) => b.includes('addressee='));
      await page.getByRole('button', { name: 'Xem trước PDF' }).click();
      const addressees = new URLSearchParams((await posted).request().postData()!).getAll('addressee');
      expect(addressees.sort()).toEqual(['group:don-vi-thuoc-tong-cuc', 'unit:thads-lam-dong'].sort());
      expect(problems).toEqual([]);
    });

    it('refuses an incomplete form with focus on a summary that lists exactly the invalid fields, each a link to its field', async () => {
      const { page, problems } = await newForm(viewport);
      await page.locator('#f-draftingUnit').fill('vp thường');
      await page.locator('#f-linkGraceDays').fill('999');
      await page.getByRole('button', { name: 'Lưu dự thảo' }).click();
      await page.waitForLoadState('load');
      const summary = page.locator('#error-summary');
      await expect.poll(() => activeId(page)).toBe('error-summary');
      const links = summary.locator('a');
      const targets = (await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!.slice(1)))) as string[];
      // The summary, the messages under the fields and the outlined controls agree, one for one.
      const invalid = (await page.evaluate(
        "[...document.querySelectorAll('[aria-invalid=true], fieldset.invalid')].map((el) => (el.tagName === 'FIELDSET' ? el.querySelector('input[id^=f-]').id : el.id))",
      )) as string[];
      expect(targets.sort()).toEqual(invalid.sort());
      expect(await page.locator('.field-error:visible').count()).toBe(targets.length);
      expect(await summary.locator('li').count()).toBe(targets.length);
      expect(await summary.locator('h2').textContent()).toBe(`Có ${targets.length} chỗ cần sửa, dự thảo chưa được lưu`);
      expect(targets).toEqual(expect.arrayContaining(['f-draftingUnit', 'f-subject', 'f-addressees', 'f-requirements-0-text', 'f-signer', 'f-linkGraceDays']));
      // Vietnamese messages that name the field by its label, never by the schema's English name.
      const text = (await summary.textContent())!;
      expect(text).not.toMatch(/\b(draftingUnit|subject|addressees|requirements|archive|signer|linkGraceDays|issuer)\b/);
      expect(text).toContain('Trích yếu (sau “V/v”): không được để trống');
      // Inputs are outlined like textareas: a red border on every invalid control.
      const borders = (await page.evaluate(
        "[...document.querySelectorAll('input[aria-invalid=true], select[aria-invalid=true], textarea[aria-invalid=true]')].map((el) => el.id + ' ' + getComputedStyle(el).borderTopColor + ' ' + getComputedStyle(el).borderTopWidth)",
      )) as string[];
      for (const b of borders) expect(b).toMatch(/ rgb\(170, 17, 17\) 2px$/);
      await shot(page, `${size}-refused`);
      await expectAccessible(page, `refused form ${size}`);
      for (const id of targets) {
        await summary.locator(`a[href="#${id}"]`).click();
        await expect.poll(() => activeId(page)).toBe(id);
        // The field is on screen, not under the sticky bar.
        const f = await focusState(page);
        expect(f.top).toBeGreaterThanOrEqual(0);
        expect(Math.min(f.bottom, f.viewport)).toBeLessThanOrEqual(Math.min(f.barTop, f.viewport) + 1);
        await page.locator('#error-summary').scrollIntoViewIfNeeded();
      }
      expect(problems).toEqual([]);
    });

    it('previews the letter: an empty form marks what is missing, a half-filled one shows what is typed, a complete one is the PDF; never the app page', async () => {
      const { page, problems } = await newForm(viewport);
      const frame = page.frame({ name: 'preview' })!;
      // The draft form may start with the agency's usual drafting unit, archive and signer; empty them.
      await page.locator('#f-draftingUnit').fill('');
      await page.locator('#f-archive').fill('');
      const emptied = waitForPreview(page, (b) => /signer=(&|$)/.test(b) && /archive=(&|$)/.test(b));
      await page.locator('#f-signer').selectOption('');
      const empty = await emptied;
      expect(empty.headers()['content-type']).toMatch(/^text\/html/);
      await expect.poll(() => frame.locator('mark.missing').allTextContents()).toEqual([
        '[Đơn vị soạn thảo]',
        '[Trích yếu chưa nhập]',
        '[Chưa chọn nơi nhận]',
        '[Chưa nhập yêu cầu nào]',
        '[Lưu trữ chưa nhập]',
        '[Chưa chọn người ký]',
      ]);
      // Not the application page: no header, navigation, error list or script.
      expect(await frame.locator('header, nav, .errors, script').count()).toBe(0);
      expect(await frame.locator('body').textContent()).not.toContain('không được để trống');
      await shot(page, `${size}-preview-empty`, false);
      await expectAccessible(page, `form with empty preview ${size}`);
      await expectFrameAccessible(page, await empty.text(), `empty preview ${size}`);

      const typed = waitForPreview(page, (b) => b.includes('xem+tr%C6%B0%E1%BB%9Bc'));
      await page.locator('#f-subject').fill('thử xem trước công văn');
      await page.locator('[data-picker-group]', { hasText: 'Các đơn vị thuộc Tổng cục' }).getByLabel(/Gửi cả nhóm/).check();
      const half = await typed;
      await expect.poll(() => frame.locator('.subject').textContent()).toBe('V/v thử xem trước công văn');
      await expect.poll(() => frame.locator('.kinh-gui').textContent()).toContain('Các đơn vị thuộc Tổng cục Thi hành án dân sự');
      expect(await frame.locator('mark.missing').allTextContents()).toEqual(['[Đơn vị soạn thảo]', '[Chưa nhập yêu cầu nào]', '[Lưu trữ chưa nhập]', '[Chưa chọn người ký]']);
      await shot(page, `${size}-preview-half`, false);
      await expectFrameAccessible(page, await half.text(), `half-filled preview ${size}`);

      // Complete: the preview is the letter as the signer will see it, the PDF.
      await page.locator('#f-draftingUnit').fill('VP');
      await page.locator('#f-requirements-0-text').fill('Rà soát danh sách tài khoản.');
      await page.locator('#f-archive').fill('VT, VP');
      const pdf = waitForPreview(page, (b) => /signer=u-/.test(b));
      await page.locator('#f-signer').selectOption({ index: 1 });
      expect((await pdf).headers()['content-type']).toBe('application/pdf');
      await shot(page, `${size}-preview-pdf`, false);
      expect(problems).toEqual([]);
    });
  });
}

describe('the dispatch form without script', () => {
  it('still picks recipients with plain checkboxes under the same names, and a refused form keeps them and counts them', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ baseURL: stack.stack.urls.api, viewport: DESKTOP, locale: 'vi-VN', javaScriptEnabled: false });
    contexts.push(context);
    context.setDefaultTimeout(20_000);
    const page = await signIn(context, 'Trần Thị Hương');
    await page.goto('/app/dispatches/new');
    const picker = page.locator('[data-picker]');
    // The search needs the script, so it is not offered; the groups open and close natively.
    expect(await page.locator('#unit-search').isVisible()).toBe(false);
    const internal = picker.locator('[data-picker-group]', { hasText: 'Các đơn vị thuộc Tổng cục' });
    await internal.locator('summary').click();
    await internal.getByLabel(/Văn phòng Tổng cục/).check();
    const provinces = picker.locator('[data-picker-group]', { hasText: 'Cục Thi hành án dân sự các tỉnh' });
    await provinces.getByLabel(/Gửi cả nhóm/).check();
    await page.locator('#f-subject').fill('không có script');
    await page.getByRole('button', { name: 'Lưu dự thảo' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('#error-summary').isVisible()).toBe(true);
    // What was picked comes back picked, and the server counts it: 63 provinces and one unit.
    expect(await internal.getByLabel(/Văn phòng Tổng cục/).isChecked()).toBe(true);
    expect(await provinces.getByLabel(/Gửi cả nhóm/).isChecked()).toBe(true);
    expect(await pickerCount(page)).toBe('Đã chọn 64 đơn vị');
    // The group holding a picked unit is open, so the pick can be seen.
    expect(await internal.locator('details').getAttribute('open')).not.toBeNull();
    await shot(page, 'nojs-refused', false);
    // axe needs script in the page: the same HTML is checked in a page whose app.js is empty.
    const checker = await newContext(browser, stack.stack.urls.api, DESKTOP);
    contexts.push(checker);
    const viewer = await checker.newPage();
    const body = await page.content();
    await viewer.route('**/app/assets/app.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }));
    await viewer.route('**/app/nojs-under-test', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }));
    await viewer.goto('/app/nojs-under-test');
    await expectAccessible(viewer, 'refused form without script');
  });
});

/**
 * axe-core on the preview page alone, as the frame shows it: the same HTML served under the preview's
 * own policy at a URL of our origin (so its stylesheet loads), in a page of its own.
 */
async function expectFrameAccessible(page: Page, body: string, state: string) {
  const viewer = await page.context().newPage();
  await viewer.setViewportSize(page.viewportSize()!);
  await viewer.route('**/app/preview-under-test', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': "default-src 'none'; style-src 'self'" }, body }),
  );
  const errors: string[] = [];
  viewer.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await viewer.goto('/app/preview-under-test');
  await expectAccessible(viewer, state);
  await shot(viewer, `${state.replace(/\W+/g, '-')}-alone`);
  expect(errors).toEqual([]);
  await viewer.close();
}
