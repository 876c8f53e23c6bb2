import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent, GENERAL_DEPARTMENT_ID, INTERNAL_UNITS_GROUP_ID, IT_DEPARTMENT_ID } from '../../infra/local/demo-data';
import type { DispatchInput } from '../../shared/schemas/dispatch';
import { vietnamYear } from '../../shared/domain/time';
import { startTestStack, type TestStack } from '../support/local-stack';
import { openLink, post, TOKEN_IN_MAIL } from '../support/link-client';
import { flatText, hasPoppler, pdfFile, pdftotext, removeTempFiles } from '../unit/pdf/poppler';
import { launchChromium, newContext, PHONE, screenshotter, signIn } from './browser';

/**
 * The clerk's tools beyond the main flow, in a real browser: editing a draft through the form (and a
 * refused edit that changes nothing), the outgoing register's issuer and year filters (each clerk reading
 * only their own agency's register), the per-unit
 * actions on an issued dispatch (remind one, remind all, resend and revoke a link; a double click
 * sending nothing twice), the dashboard's sorting, and form errors in English.
 *
 * One issued dispatch to the 9 units of the Tổng cục (not all 72) serves the actions and the dashboard.
 */
let stack: TestStack;
let browser: Browser;
const shot = screenshotter('clerk-tools');
const contexts: BrowserContext[] = [];
let clerkToken: string;
/** Issued by TCTHADS to the 9 units of the Tổng cục. */
let issued: { id: string; symbol: string };
/** Issued by the Cục Công nghệ thông tin (its own clerk and head) to one unit, for the register's issuer filter. */
let other: { id: string; symbol: string };

const UNIT = {
  vp: { id: `${GENERAL_DEPARTMENT_ID}-vp`, name: 'Văn phòng Tổng cục', mail: 'vanphong@' },
  nv1: { id: `${GENERAL_DEPARTMENT_ID}-nv1`, name: 'Vụ Nghiệp vụ 1', mail: 'vunghiepvu1@' },
  nv2: { id: `${GENERAL_DEPARTMENT_ID}-nv2`, name: 'Vụ Nghiệp vụ 2', mail: 'vunghiepvu2@' },
  nv3: { id: `${GENERAL_DEPARTMENT_ID}-nv3`, name: 'Vụ Nghiệp vụ 3', mail: 'vunghiepvu3@' },
  khtc: { id: `${GENERAL_DEPARTMENT_ID}-khtc`, name: 'Vụ Kế hoạch - Tài chính', mail: 'vukhtc@' },
  gqkntc: { id: `${GENERAL_DEPARTMENT_ID}-gqkntc`, name: 'Vụ Giải quyết khiếu nại, tố cáo', mail: 'vugqkntc@' },
  tt: { id: `${GENERAL_DEPARTMENT_ID}-tt`, name: 'Trung tâm Thống kê', mail: 'trungtamcntt@' },
} as const;

/**
 * Drafted and submitted by `clerkId`, signed by the signer chosen in the content, numbered and issued
 * by the clerk (the issuer is the clerk's agency); waits for the sending to finish.
 */
async function issue(content: DispatchInput, clerkId = 'u-vanthu'): Promise<{ id: string; symbol: string }> {
  const clerk = await stack.tokenFor(clerkId, ['clerk']);
  const signer = await stack.tokenFor(content.signer.personId, ['signer']);
  const created = await stack.api('POST', '/dispatches', { token: clerk, body: content });
  expect(created.status, created.text).toBe(201);
  const id = created.json.id as string;
  const submitted = await stack.api('POST', `/dispatches/${id}/submit`, { token: clerk, body: { version: 1 } });
  expect(submitted.status, submitted.text).toBe(200);
  const signed = await stack.api('POST', `/dispatches/${id}/sign`, { token: signer, body: { version: 2 } });
  expect(signed.status, signed.text).toBe(200);
  const issuedNow = await stack.api('POST', `/dispatches/${id}/issue`, { token: clerk, body: { version: 3 } });
  expect(issuedNow.status, issuedNow.text).toBe(200);
  await stack.whenIdle();
  return { id, symbol: issuedNow.json.symbol };
}

beforeAll(async () => {
  stack = await startTestStack();
  browser = await launchChromium();
  clerkToken = await stack.tokenFor('u-vanthu', ['clerk']);
  const small = exampleDispatchContent();
  small.addressees = [{ kind: 'group', groupId: INTERNAL_UNITS_GROUP_ID, label: 'Thủ trưởng các đơn vị thuộc Tổng cục Thi hành án dân sự' }];
  [issued, other] = await Promise.all([
    issue(small),
    issue(
      {
        ...exampleDispatchContent(),
        draftingUnit: 'HC',
        subject: 'tổng kết công tác văn thư năm',
        addressees: [{ kind: 'unit', unitId: IT_DEPARTMENT_ID }],
        signer: { personId: 'u-cuc-truong-cntt', authority: null },
      },
      'u-vanthu-cntt',
    ),
  ]);
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await stack?.stop();
  removeTempFiles();
});

async function as(name: string, viewport?: { width: number; height: number }): Promise<Page> {
  const context = await newContext(browser, stack.stack.urls.api, viewport);
  contexts.push(context);
  return signIn(context, name);
}

const mailsTo = async (addressStart: string) => (await stack.sesStore()).filter((m) => m.to.startsWith(addressStart) && m.subject.includes(issued.symbol));
/** The newest link emailed to a unit for the issued dispatch. */
const linkOf = async (addressStart: string) => TOKEN_IN_MAIL.exec((await mailsTo(addressStart)).at(-1)!.text)![1]!;
/** What a unit's browser gets for /l/<token>: 303 into its page, or 404 once the link no longer works. */
const linkStatus = async (token: string) => (await stack.api('GET', `/l/${token}`)).status;
const getDispatch = async (id: string) => (await stack.api('GET', `/dispatches/${id}`, { token: clerkToken })).json;

/** Text of a PDF served to the signed-in browser. */
async function pdfText(page: Page, url: string): Promise<string> {
  const response = await page.context().request.get(url);
  expect(response.status()).toBe(200);
  const body = await response.body();
  expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  return flatText(pdftotext(pdfFile(body), '-layout'));
}

/** Reminders claim one step per unit and minute: keep a double click from straddling a minute boundary. */
/** Waits for the next minute when fewer than `margin` seconds of this one are left ("remind now" steps are per minute). */
async function notNearMinuteEnd(margin = 10) {
  const s = new Date().getSeconds();
  if (s >= 60 - margin) await new Promise((r) => setTimeout(r, (61 - s) * 1000));
}

const rowOf = (page: Page, unitName: string) => page.locator('table:not(.history-table) tbody tr', { hasText: unitName });
const notice = (page: Page) => page.getByRole('status').textContent();

/**
 * Clicks (or double-clicks) a form's button on the dispatch page and waits for the page the action
 * redirects to, so a notice still showing from the previous action is not mistaken for this one's.
 */
async function act(page: Page, button: ReturnType<Page['locator']>, how: 'click' | 'dblclick' = 'click'): Promise<string | null> {
  const landed = page.waitForResponse((r) => r.request().method() === 'GET' && r.request().isNavigationRequest() && /[?&]done=/.test(r.url()));
  await button[how]();
  await landed;
  await page.waitForLoadState('load');
  return notice(page);
}

/**
 * An action that sends mail opens its confirmation page first (issue 14): follow the row's link, then
 * press (or double-press) "Xác nhận gửi" and wait for the page the action redirects to.
 */
async function viaConfirm(page: Page, link: ReturnType<Page['locator']>, how: 'click' | 'dblclick' = 'click'): Promise<string | null> {
  await link.click();
  await page.waitForURL(/\/(remind|resend-link)$/);
  await act(page, page.getByRole('button', { name: 'Xác nhận gửi' }), how);
  // A unit's letter goes through the mail queue: the notice says "queued" and follows it until it is sent.
  await page.locator('[data-notice-poll]').waitFor({ state: 'detached', timeout: 60_000 });
  return notice(page);
}

describe('clerk tools', () => {
  it('edits a draft through the form: subject and a due date change on the page and in the PDF; an empty subject is refused next to the field and changes nothing', async () => {
    const content = exampleDispatchContent();
    content.addressees = [{ kind: 'unit', unitId: UNIT.vp.id }];
    const created = await stack.api('POST', '/dispatches', { token: clerkToken, body: content });
    expect(created.status, created.text).toBe(201);
    const id = created.json.id as string;

    const clerk = await as('Trần Thị Hương');
    await clerk.goto(`/app/dispatches/${id}`);
    await clerk.getByRole('link', { name: 'Sửa' }).click();
    await clerk.waitForURL(`**/app/dispatches/${id}/edit`);
    expect(await clerk.locator('h1').textContent()).toBe('Sửa dự thảo');
    const subject = clerk.getByLabel('Trích yếu (sau “V/v”)');
    expect(await subject.inputValue()).toBe(content.subject);
    expect(await clerk.locator('#f-requirements-0-dueDate').inputValue()).toBe(content.requirements[0]!.dueDate);
    expect(await clerk.locator(`input[name=addressee][value="unit:${UNIT.vp.id}"]`).isChecked()).toBe(true);
    // The saved signer stays chosen.
    expect(await clerk.locator('#f-signer').inputValue()).toBe('u-nguyen-van-luc|KT|Tổng cục trưởng');

    const newSubject = 'tăng cường bảo mật tài khoản thư điện tử công vụ (đã sửa)';
    const newDue = '2030-12-24';
    // The live preview follows the typing by itself (the page's script posts the form to the frame).
    const preview = clerk.waitForResponse((r) => r.url().endsWith('/app/dispatches/preview') && r.request().postData()?.includes('%C4%91%C3%A3+s%E1%BB%ADa') === true);
    await subject.fill(newSubject);
    await clerk.locator('#f-requirements-0-dueDate').fill(newDue);
    const previewResponse = await preview;
    expect(previewResponse.headers()['content-type']).toBe('application/pdf');
    // Chromium hands the frame's PDF to its viewer, so read the same posted form's PDF outside the frame.
    if (hasPoppler) {
      const again = await clerk.context().request.post('/app/dispatches/preview', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, data: previewResponse.request().postData()! });
      expect(again.headers()['content-type']).toBe('application/pdf');
      expect(flatText(pdftotext(pdfFile(await again.body()), '-layout'))).toContain(newSubject);
    }
    await shot(clerk, '01-edit-form');
    await clerk.getByRole('button', { name: 'Lưu dự thảo' }).click();
    await clerk.waitForURL(`**/app/dispatches/${id}?done=saved`);
    expect(await notice(clerk)).toBe('Đã lưu dự thảo.');
    expect(await clerk.locator('h1').textContent()).toBe(`V/v ${newSubject}`);
    expect(await clerk.locator('ol.requirements li').first().locator('.badge').textContent()).toBe('hạn 24/12/2030');
    // The letter beside it (the framed PDF) is rendered from the saved draft.
    expect(await clerk.locator('iframe.pdf').getAttribute('src')).toBe(`/app/dispatches/${id}/pdf`);
    if (hasPoppler) expect(await pdfText(clerk, `/app/dispatches/${id}/pdf`)).toContain(newSubject);
    const saved = await getDispatch(id);
    expect(saved.version).toBe(2);
    expect(saved.content.subject).toBe(newSubject);
    expect(saved.content.requirements[0].dueDate).toBe(newDue);
    expect(saved.content.requirements[1].dueDate).toBe(content.requirements[1]!.dueDate);
    await shot(clerk, '02-edit-saved');

    // A refused edit: the empty subject is named under its field, in Vietnamese; what was typed stays.
    await clerk.getByRole('link', { name: 'Sửa' }).click();
    await subject.fill('');
    await clerk.getByLabel('Đoạn kết').fill('Đoạn kết mới <i>chưa lưu</i>./.');
    await clerk.locator('#f-requirements-0-dueDate').fill('2031-01-15');
    await clerk.getByRole('button', { name: 'Lưu dự thảo' }).click();
    await expect.poll(() => clerk.locator('#f-subject-error').textContent()).toBe('không được để trống');
    expect(clerk.url()).toMatch(new RegExp(`/app/dispatches/${id}/edit$`));
    expect(await subject.getAttribute('aria-invalid')).toBe('true');
    expect(await subject.getAttribute('aria-describedby')).toContain('f-subject-error');
    expect(await clerk.getByRole('alert').first().textContent()).toMatch(/Có 1 chỗ cần sửa/);
    expect(await subject.inputValue()).toBe('');
    expect(await clerk.getByLabel('Đoạn kết').inputValue()).toBe('Đoạn kết mới <i>chưa lưu</i>./.');
    expect(await clerk.locator('#f-requirements-0-dueDate').inputValue()).toBe('2031-01-15');
    expect(await clerk.locator('input[name=version]').inputValue()).toBe('2');
    await shot(clerk, '03-edit-refused');
    const after = await getDispatch(id);
    expect(after.version).toBe(2);
    expect(after.content).toEqual(saved.content);
    await clerk.setViewportSize(PHONE);
    await clerk.locator('#f-subject').scrollIntoViewIfNeeded();
    await shot(clerk, '03-edit-refused-360', false);
  });

  it('filters the outgoing register by issuer and by year; a clerk reads only their own agency’s register', async () => {
    const year = String(vietnamYear(new Date()));
    const show = async (page: Page, issuer: string, y: string) => {
      await page.getByLabel('Cơ quan ban hành (chữ viết tắt)').fill(issuer);
      await page.getByLabel('Năm').fill(y);
      await page.getByRole('button', { name: 'Xem' }).click();
      await page.waitForURL(`**/app/register?issuer=${issuer}&year=${y}`);
    };
    const clerk = await as('Trần Thị Hương');
    await clerk.goto('/app/register');
    await show(clerk, 'TCTHADS', year);
    expect(await clerk.locator('tbody tr').count()).toBe(1);
    expect(await clerk.locator('tbody tr td').first().textContent()).toBe(issued.symbol);
    expect(await clerk.locator('tbody').textContent()).not.toContain('CNTT');
    await shot(clerk, '04-register-tcthads');

    // Another agency's register (a sibling, not below the Tổng cục) is not the Tổng cục clerk's to read.
    const foreign = await clerk.goto(`/app/register?issuer=CNTT&year=${year}`);
    expect(foreign!.status()).toBe(403);
    expect(await clerk.locator('tbody tr').count()).toBe(0);
    expect(await clerk.content()).not.toContain(other.symbol);

    // Its own clerk reads it.
    const cntt = await as('Nguyễn Thị Lan');
    await cntt.goto('/app/register');
    await show(cntt, 'CNTT', year);
    expect(await cntt.locator('tbody tr').count()).toBe(1);
    expect(await cntt.locator('tbody tr td').first().textContent()).toBe(other.symbol);
    expect(other.symbol).toMatch(/^01\/CNTT-HC$/);
    expect(await cntt.locator('tbody tr').textContent()).toContain('tổng kết công tác văn thư năm');
    expect(await cntt.getByLabel('Cơ quan ban hành (chữ viết tắt)').inputValue()).toBe('CNTT');
    await cntt.setViewportSize(PHONE);
    await shot(cntt, '05-register-cntt-360');

    // Another year: nothing yet.
    await clerk.goto('/app/register');
    await show(clerk, 'TCTHADS', String(Number(year) - 1));
    expect(await clerk.locator('tbody tr').count()).toBe(0);
    expect(await clerk.getByText('Sổ chưa có văn bản nào.').count()).toBe(1);
    // A year out of range is named, in Vietnamese, and lists nothing.
    const bad = await clerk.goto('/app/register?issuer=TCTHADS&year=1800');
    expect(bad!.status()).toBe(400);
    expect(await clerk.locator('tbody tr').count()).toBe(0);
    expect(await clerk.getByRole('alert').first().textContent()).toContain('2000');
  });

  it('sorts the dashboard’s per-unit table by name, by acknowledgment and by report', async () => {
    // Two units acknowledge (Trung tâm first, then Văn phòng), and Văn phòng reports.
    const tt = await openLink(stack, await linkOf(UNIT.tt.mail));
    expect((await post(stack, '/l/acknowledge', tt, { csrf: tt.csrf, name: 'Nguyễn Văn A', position: 'Giám đốc' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 20));
    const vp = await openLink(stack, await linkOf(UNIT.vp.mail));
    expect((await post(stack, '/l/acknowledge', vp, { csrf: vp.csrf, name: 'Trần Thị B', position: 'Chánh Văn phòng' })).status).toBe(200);
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const reported = await post(stack, '/l/report', vp, { csrf: vp.csrf, 'status.1': 'done', 'doneOn.1': today, 'status.2': 'partly', 'note.2': 'Đang rà soát.' });
    expect(reported.status, reported.text).toBe(200);
    await stack.whenIdle();

    const leader = await as('Mai Lương Khôi');
    const names = async () => (await leader.locator('tbody tr td:first-child').allTextContents()).map((s) => s.trim());
    const base = `/app/dashboard/dispatches/${issued.id}`;

    await leader.goto(`${base}?sort=name`);
    const byName = await names();
    expect(byName).toHaveLength(9);
    expect(byName).toEqual([...byName].sort((a, b) => a.localeCompare(b, 'vi')));
    expect(byName[0]).toBe('Trung tâm Thống kê, Quản lý dữ liệu và Ứng dụng công nghệ thông tin');
    expect(await leader.getByLabel('Sắp xếp').inputValue()).toBe('name');

    // Through the form, as a person would: choose the column, press Lọc.
    await leader.getByLabel('Sắp xếp').selectOption('acknowledged');
    await leader.getByRole('button', { name: 'Lọc' }).click();
    await leader.waitForURL(/sort=acknowledged/);
    const byAck = await names();
    expect(byAck.slice(0, 2)).toEqual([expect.stringMatching(/^Trung tâm Thống kê/), 'Văn phòng Tổng cục']);
    expect(byAck.slice(2)).toEqual(byName.filter((n) => !byAck.slice(0, 2).includes(n)));
    expect(await leader.locator('tbody tr').nth(2).locator('td').nth(2).textContent()).toBe('—');
    await shot(leader, '06-dashboard-sort-acknowledged');

    await leader.goto(`${base}?sort=reported`);
    expect((await names())[0]).toBe('Văn phòng Tổng cục');
    expect(await leader.locator('tbody tr').nth(1).locator('td').nth(3).textContent()).toBe('—');

    // Default (by state): those furthest behind first, the reporting unit last.
    await leader.goto(base);
    const byState = await names();
    expect(byState.at(-1)).toBe('Văn phòng Tổng cục');
    expect(byState.at(-2)).toMatch(/^Trung tâm Thống kê/);
    expect(await leader.getByLabel('Sắp xếp').inputValue()).toBe('state');
    await leader.setViewportSize(PHONE);
    await leader.locator('#sort').scrollIntoViewIfNeeded();
    await shot(leader, '07-dashboard-sort-360', false);
  });

  it('reminds one unit from its row (a double click sends one email), then every unit that still owes', async () => {
    const clerk = await as('Trần Thị Hương');
    await clerk.goto(`/app/dispatches/${issued.id}`);
    expect(await clerk.locator('table:not(.history-table) tbody tr').count()).toBe(9);

    await notNearMinuteEnd();
    const before1 = (await mailsTo(UNIT.nv1.mail)).length;
    expect(await viaConfirm(clerk, rowOf(clerk, UNIT.nv1.name).getByRole('link', { name: 'Nhắc', exact: true }))).toBe(`Đã gửi 1 thư nhắc (kèm liên kết mới) tới ${UNIT.nv1.name}.`);
    await stack.whenIdle();
    const nv1 = await mailsTo(UNIT.nv1.mail);
    expect(nv1).toHaveLength(before1 + 1);
    expect(nv1.at(-1)!.text).toContain('Văn thư nhắc đơn vị hoàn thành các việc được yêu cầu.');
    // The reminder carries a fresh link; the one before stops working.
    const oldNv1 = TOKEN_IN_MAIL.exec(nv1.at(-2)!.text)![1]!;
    expect(await linkStatus(oldNv1)).toBe(404);
    expect(await linkStatus(await linkOf(UNIT.nv1.mail))).toBe(303);

    const before2 = (await mailsTo(UNIT.nv2.mail)).length;
    expect(await viaConfirm(clerk, rowOf(clerk, UNIT.nv2.name).getByRole('link', { name: 'Nhắc', exact: true }), 'dblclick')).toBe(`Đã gửi 1 thư nhắc (kèm liên kết mới) tới ${UNIT.nv2.name}.`);
    await stack.whenIdle();
    expect(await mailsTo(UNIT.nv2.mail)).toHaveLength(before2 + 1);

    // Remind all: every unit that still owes (all but Văn phòng, which acknowledged and reported in the
    // sorting test) and has not been reminded this minute gets one email; a double click sends nothing more.
    const counts = async () => Object.fromEntries(await Promise.all(Object.values(UNIT).map(async (u) => [u.mail, (await mailsTo(u.mail)).length] as const)));
    const countsBefore = await counts();
    // Remind all, then one unit's remind, must fall in the same minute, even on a slow machine.
    await notNearMinuteEnd(30);
    expect(await viaConfirm(clerk, clerk.getByRole('link', { name: 'Nhắc tất cả đơn vị còn nợ' }), 'dblclick')).toMatch(/^Đã bắt đầu lượt nhắc \d+ đơn vị còn nợ/);
    // Once the queued reminders went out, one unit's own "remind" has nothing to send this minute, and says so.
    await stack.whenIdle();
    expect(await viaConfirm(clerk, rowOf(clerk, UNIT.nv3.name).getByRole('link', { name: 'Nhắc', exact: true }))).toBe(`${UNIT.nv3.name} vừa được nhắc trong phút này; không gửi thêm thư.`);
    await stack.whenIdle();
    const countsAfter = await counts();
    // Those reminded a moment ago get nothing more within the same minute (one email per unit and step).
    for (const u of Object.values(UNIT)) {
      const added = countsAfter[u.mail]! - countsBefore[u.mail]!;
      if (u === UNIT.nv1 || u === UNIT.nv2) expect(added, u.name).toBeLessThanOrEqual(1);
      else if (u === UNIT.vp) expect(added, u.name).toBe(0);
      else expect(added, u.name).toBe(1);
    }
    await shot(clerk, '08-reminded');
  });

  it('resends one unit’s link (the old one stops working, the new one works) and revokes another’s, each once on a double click', async () => {
    const clerk = await as('Trần Thị Hương');
    await clerk.goto(`/app/dispatches/${issued.id}`);

    const oldToken = await linkOf(UNIT.khtc.mail);
    expect(await linkStatus(oldToken)).toBe(303);
    const before = (await mailsTo(UNIT.khtc.mail)).length;
    // Count what reaches the server: the browser must not post the form twice.
    const posts: string[] = [];
    clerk.on('request', (r) => {
      if (r.method() === 'POST') posts.push(new URL(r.url()).pathname.split('/').at(-1)!);
    });
    expect(await viaConfirm(clerk, rowOf(clerk, UNIT.khtc.name).getByRole('link', { name: 'Gửi lại liên kết' }), 'dblclick')).toMatch(new RegExp(`^Đã gửi lại liên kết mới tới ${UNIT.khtc.name} \\(`));
    await stack.whenIdle();
    const khtc = await mailsTo(UNIT.khtc.mail);
    expect(khtc, 'a double click on “Gửi lại liên kết” sends one email').toHaveLength(before + 1);
    const newToken = await linkOf(UNIT.khtc.mail);
    expect(newToken).not.toBe(oldToken);
    expect(await linkStatus(oldToken)).toBe(404);
    // The new link opens the unit's page in a browser.
    const unitContext = await newContext(browser, stack.stack.urls.api, PHONE);
    contexts.push(unitContext);
    const unit = await unitContext.newPage();
    await unit.goto(`/l/${newToken}`);
    expect(unit.url()).toMatch(/\/l$/);
    expect(await unit.content()).toContain(issued.symbol);
    const stale = await unit.goto(`/l/${oldToken}`);
    expect(stale!.status()).toBe(404);
    expect(await unit.content()).toContain('Đường liên kết không hợp lệ');

    const revokedToken = await linkOf(UNIT.gqkntc.mail);
    expect(await linkStatus(revokedToken)).toBe(303);
    const dialogs: string[] = [];
    clerk.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.accept().catch(() => undefined);
    });
    expect(await act(clerk, rowOf(clerk, UNIT.gqkntc.name).getByRole('button', { name: 'Thu hồi liên kết' }), 'dblclick')).toBe('Đã thu hồi liên kết.');
    expect(dialogs[0]).toBe('Thu hồi liên kết của đơn vị này?');
    expect(posts).toEqual(['resend-link', 'revoke-link']);
    expect(await rowOf(clerk, UNIT.gqkntc.name).getByText('Liên kết đã thu hồi').count()).toBe(1);
    expect(await linkStatus(revokedToken)).toBe(404);
    const audit = (await stack.api('GET', `/dispatches/${issued.id}/audit`, { token: clerkToken })).json.items as { action: string; details?: { unitId?: string } }[];
    expect(audit.filter((e) => e.action === 'link.revoked' && e.details?.unitId === UNIT.gqkntc.id)).toHaveLength(1);
    await shot(clerk, '09-link-revoked');
    await clerk.setViewportSize(PHONE);
    await rowOf(clerk, UNIT.gqkntc.name).scrollIntoViewIfNeeded();
    await shot(clerk, '09-link-revoked-360', false);
  });

  it('shows form errors in English when the clerk chose English', async () => {
    const clerk = await as('Trần Thị Hương');
    await clerk.goto('/app/dispatches/new?lang=en');
    expect(await clerk.locator('h1').textContent()).toBe('New dispatch');
    await clerk.locator('#f-subject').fill('');
    await clerk.locator('#f-opening').fill('typed <b>opening</b>');
    await clerk.getByRole('button', { name: 'Save the draft' }).click();
    await expect.poll(() => clerk.locator('#f-subject-error').textContent()).toBe('must not be empty');
    expect(await clerk.locator('#f-addressees-error').textContent()).toMatch(/^must have at least one item/);
    expect(await clerk.getByRole('alert').first().textContent()).toMatch(/things to fix; each is shown under its field/);
    expect(await clerk.locator('#f-opening').inputValue()).toBe('typed <b>opening</b>');
    expect(await clerk.locator('#f-subject').getAttribute('aria-invalid')).toBe('true');
    expect(await clerk.locator('body').textContent()).not.toMatch(/không được để trống|ít nhất/);
    await shot(clerk, '10-form-errors-en');
  });
});
