import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { viDate } from '../../shared/domain/time';
import { startTestStack, type TestStack } from '../support/local-stack';
import { issue, openLink, post, tokensBySymbol, type LinkBrowser } from '../support/link-client';

/**
 * The whole path through HTTP against the local stack: the emailed link (read from the SES
 * emulator's store) → acknowledgment → report and correction → reset request → IT Department
 * completion (and the unit's email) → the leadership summary.
 */
/** The example's due dates, counted from today: requirement 1 (report) and 2 (accounts). */
const [reportDue, accountsDue] = exampleDispatchContent().requirements.map((r) => r.dueDate!);
let stack: TestStack;
let dispatch: { id: string; symbol: string };
let unitEmail: string;
let browser: LinkBrowser;
const clerk = () => stack.tokenFor('u-vanthu', ['clerk']);
const leader = () => stack.tokenFor('u-mai-luong-khoi', ['leader']);
const itdept = () => stack.tokenFor('u-cntt', ['itdept']);
const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  stack = await startTestStack();
  dispatch = await issue(stack, exampleDispatchContent());
  const tokens = await tokensBySymbol(stack, dispatch.symbol);
  unitEmail = [...tokens.keys()].find((to) => to.startsWith('cucthads.hanoi')) ?? [...tokens.keys()][0]!;
  browser = await openLink(stack, tokens.get(unitEmail)!);
});
afterAll(async () => {
  await stack?.stop();
});

describe('the emailed link', () => {
  it('moves the token into a path-scoped HttpOnly cookie and redirects to a token-less page that is never cached or referred', async () => {
    const tokens = await tokensBySymbol(stack, dispatch.symbol);
    const token = [...tokens.values()].at(-1)!;
    const opened = await stack.api('GET', `/l/${token}`);
    expect(opened.status).toBe(303);
    expect(opened.headers['location']).toBe('/l');
    const cookie = opened.setCookies[0]!;
    expect(cookie).toMatch(/^cv_link=[A-Za-z0-9_-]{43}; Path=\/l; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    const page = await stack.api('GET', '/l', { headers: { cookie: cookie.split(';')[0]! } });
    for (const res of [opened, page]) {
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cache-control']).toBe('no-store');
    }
    expect(page.text).not.toContain(token);
  });

  it('shows the dispatch, its PDF link and what the unit still owes, with no auto-submitting form', async () => {
    const text = browser.page.text;
    expect(text).toContain(`Công văn số ${dispatch.symbol}`);
    expect(text).toContain('TỔNG CỤC THI HÀNH ÁN DÂN SỰ');
    expect(text).toContain(`(hạn: ${viDate(reportDue)})`);
    expect(text).toContain('href="/l/pdf"');
    expect(text).toContain('Đơn vị còn phải thực hiện');
    expect(text).toContain('Xác nhận đã nhận công văn');
    expect(text).not.toMatch(/<script|onload|http-equiv="refresh"/i);
    expect(text).not.toMatch(/type="password"/i);
    const pdf = await stack.api('GET', '/l/pdf', { headers: { cookie: browser.cookie } });
    expect(pdf.status).toBe(302);
  });

  it('records the first opening once, and counts it', async () => {
    const table = await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: await clerk() });
    const mine = table.json.items.find((r: { email: string }) => r.email === unitEmail);
    expect(mine.firstOpenedAt).toBeTruthy();
    expect(mine.state).toBe('opened');
    expect(table.json.summary.opened).toBe(2);
  });

  it('acknowledges once with name and position; a repeat shows the existing acknowledgment', async () => {
    const missing = await post(stack, '/l/acknowledge', browser, { csrf: browser.csrf, name: '', position: '' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('data-field="name"');
    const first = await post(stack, '/l/acknowledge', browser, { csrf: browser.csrf, name: 'Trần Thị Bình', position: 'Chánh Văn phòng' });
    expect(first.status).toBe(200);
    expect(first.text).toContain('Đã ghi nhận xác nhận đã nhận công văn');
    const again = await post(stack, '/l/acknowledge', browser, { csrf: browser.csrf, name: 'Người khác', position: 'Khác' });
    expect(again.status).toBe(200);
    expect(again.text).toContain('xác nhận cũ được giữ nguyên');
    expect(again.text).toContain('Trần Thị Bình');
    expect(again.text).not.toContain('Người khác');
  });

  it('reports per requirement, keeps every corrected version, and names each wrong field', async () => {
    const bad = await post(stack, '/l/report', browser, { csrf: browser.csrf, 'status.1': 'done', 'status.2': 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('data-field="doneOn.1"');
    expect(bad.text).toContain('data-field="status.2"');
    const report = { csrf: browser.csrf, 'status.1': 'done', 'doneOn.1': today(), 'note.1': 'Đã quán triệt toàn bộ công chức.', 'status.2': 'partly', 'note.2': 'Đang rà soát.' };
    const first = await post(stack, '/l/report', browser, report);
    expect(first.status, first.text).toBe(200);
    expect(first.text).toContain('Đã ghi nhận báo cáo kết quả');
    const same = await post(stack, '/l/report', browser, report);
    expect(same.text).toContain('Báo cáo không thay đổi');
    const corrected = await post(stack, '/l/report', browser, { ...report, 'status.2': 'done', 'doneOn.2': today() });
    expect(corrected.text).toContain('lần 2');
    const audit = await stack.api('GET', `/dispatches/${dispatch.id}/audit`, { token: await clerk() });
    const actions = audit.json.items.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a === 'link.reported')).toHaveLength(1);
    expect(actions.filter((a: string) => a === 'link.report-corrected')).toHaveLength(1);
  });

  it('validates each listed account and sends one reset request to the IT Department', async () => {
    const bad = await post(stack, '/l/accounts', browser, {
      csrf: browser.csrf,
      reset: 'nguyenvana@thads.moj.gov.vn\nsomeone@gmail.com',
      revoke: '',
      name: 'Trần Thị Bình',
      position: 'Chánh Văn phòng',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('data-field="reset.2"');
    const good = await post(stack, '/l/accounts', browser, {
      csrf: browser.csrf,
      reset: 'NguyenVanA@thads.moj.gov.vn\ntranthib@thads.moj.gov.vn',
      revoke: 'nghihuu.c@thads.moj.gov.vn',
      name: 'Trần Thị Bình',
      position: 'Chánh Văn phòng',
    });
    expect(good.status, good.text).toBe(200);
    expect(good.text).toContain('Đã gửi đề nghị');
    expect(good.text).toContain('nguyenvana@thads.moj.gov.vn');
    const twice = await post(stack, '/l/accounts', browser, { csrf: browser.csrf, reset: 'x@thads.moj.gov.vn', revoke: '', name: 'A', position: 'B' });
    expect(twice.text).toContain('đề nghị cũ được giữ nguyên');
  });
});

describe('the IT Department', () => {
  it('sees the request in its queue with its letter, marks each account, and the unit is emailed on completion', async () => {
    await stack.whenIdle();
    const queue = await stack.api('GET', `/reset-requests?status=open&dispatchId=${dispatch.id}`, { token: await itdept() });
    expect(queue.status, queue.text).toBe(200);
    expect(queue.json.items).toHaveLength(1);
    const request = queue.json.items[0];
    expect(request).toMatchObject({ unitEmail, total: 3, doneCount: 0, status: 'open', pdfStatus: 'done', ageDays: 0, overdue: false, dueDate: accountsDue });
    expect(request.pdfKey).toMatch(/^reset-requests\//);
    expect((await stack.api('GET', '/reset-requests', { token: await clerk() })).status).toBe(403);
    const letter = await stack.api('GET', `/reset-requests/${request.id}/pdf`, { token: await itdept() });
    expect(letter.status).toBe(302);
    const pdf = Buffer.from(await (await fetch(letter.headers['location']!)).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    const markAs = async (email: string, outcome: string, reason?: string) =>
      stack.api('POST', `/reset-requests/${request.id}/accounts`, { token: await itdept(), body: { email, outcome, ...(reason ? { reason } : {}) } });
    expect((await markAs('nguyenvana@thads.moj.gov.vn', 'rejected')).json.error.fields[0].field).toBe('reason');
    expect((await markAs('nguyenvana@thads.moj.gov.vn', 'revoked')).status).toBe(400);
    expect((await markAs('nobody@thads.moj.gov.vn', 'reset')).status).toBe(400);
    expect((await markAs('nguyenvana@thads.moj.gov.vn', 'reset')).json.doneCount).toBe(1);
    const replay = await markAs('nguyenvana@thads.moj.gov.vn', 'reset');
    expect(replay.headers['x-idempotent-replay']).toBe('true');
    expect((await markAs('tranthib@thads.moj.gov.vn', 'rejected', 'Tài khoản đã được đổi mật khẩu trước đó.')).json.status).toBe('open');
    const done = await markAs('nghihuu.c@thads.moj.gov.vn', 'revoked');
    expect(done.json).toMatchObject({ status: 'completed', doneCount: 3 });

    await stack.whenIdle();
    const mails = (await stack.sesStore()).filter((m) => m.to === unitEmail && m.subject.includes('đã xử lý đề nghị'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('nghihuu.c@thads.moj.gov.vn: đã thu hồi');
    expect(mails[0]!.text).not.toMatch(/mật khẩu mới là|password is/i);

    const detail = await stack.api('GET', `/reset-requests/${request.id}`, { token: await itdept() });
    const actions = detail.json.audit.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['reset-request.created', 'reset-request.account-reset', 'reset-request.account-rejected', 'reset-request.account-revoked']);
    expect(detail.json.audit[1]).toMatchObject({ actor: 'u-cntt', roles: ['itdept'] });

    const page = await stack.api('GET', '/l', { headers: { cookie: browser.cookie } });
    expect(page.text).toContain('Đã xử lý xong');
    expect(page.text).toContain('Đơn vị đã hoàn thành các việc được yêu cầu');
  });
});

describe('leadership', () => {
  it('reads the counts from the dispatch counters, and the same rolled up per directive', async () => {
    const res = await stack.api('GET', `/dispatches/${dispatch.id}/summary`, { token: await leader() });
    expect(res.status, res.text).toBe(200);
    const total = res.json.summary.recipients;
    expect(total).toBeGreaterThan(70);
    expect(res.json.summary).toMatchObject({
      opened: 2,
      acknowledged: 1,
      reported: 1,
      completed: 1,
      overdue: 0,
      accounts: { requested: 3, done: 3 },
      resetRequests: { total: 1, completed: 1, open: 0 },
      mail: { sent: total, failed: 0 },
    });
    expect(res.json.deadline).toBe(reportDue);
    const directive = await stack.api('GET', `/directives/${exampleDispatchContent().citations[0]}/summary`, { token: await leader() });
    expect(directive.status).toBe(200);
    expect(directive.json.dispatches.map((d: { dispatchId: string }) => d.dispatchId)).toContain(dispatch.id);
    expect(directive.json.summary.acknowledged).toBeGreaterThanOrEqual(1);
    expect(directive.json.units).toBeUndefined();
    const withUnits = await stack.api('GET', `/directives/${exampleDispatchContent().citations[0]}/summary?units=true`, { token: await leader() });
    const mine = withUnits.json.units.find((u: { dispatchId: string; email: string }) => u.dispatchId === dispatch.id && u.email === unitEmail);
    expect(mine).toMatchObject({ symbol: dispatch.symbol, state: 'reported' });
    expect(JSON.stringify(withUnits.json)).not.toContain('tokenHash');
    expect((await stack.api('GET', `/dispatches/${dispatch.id}/summary`, { token: await itdept() })).status).toBe(403);
  });

  it('exports the completion report as CSV and XLSX with Vietnamese column names', async () => {
    const csv = await stack.api('GET', `/dispatches/${dispatch.id}/report.csv`, { token: await leader() });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="bao-cao-01-TCTHADS-TT\.csv"/);
    const [header, ...rows] = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(header).toContain('Đơn vị,Thư điện tử,Vai trò,Trạng thái');
    expect(header).toContain('Yêu cầu 2: kết quả');
    const mine = rows.find((r) => r.includes(unitEmail))!;
    expect(mine).toContain('Đã báo cáo');
    expect(mine).toContain('Trần Thị Bình');
    expect(mine).toContain('Đã thực hiện');
    const xlsx = await fetch(`${stack.stack.urls.api}/dispatches/${dispatch.id}/report.xlsx`, { headers: { authorization: `Bearer ${await leader()}` } });
    expect(xlsx.status).toBe(200);
    const bytes = Buffer.from(await xlsx.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
  });

  it('shows the per-unit table with each state', async () => {
    const table = await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: await leader() });
    const states = table.json.items.map((r: { state: string }) => r.state);
    expect(states.filter((s: string) => s === 'reported')).toHaveLength(1);
    expect(states.filter((s: string) => s === 'sent').length).toBeGreaterThan(60);
    expect(JSON.stringify(table.json)).not.toContain('tokenHash');
  });
});

describe('SES delivery events', () => {
  it('mark a bounced or complaining mailbox on the recipient and in the counts, once', async () => {
    const table = await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: await clerk() });
    const [bouncing, complaining, delivered] = table.json.items.filter((r: { email: string; state: string }) => r.state === 'sent');
    const inject = (detail: unknown) => stack.api('POST', '/dev/ses-events', { body: detail });
    const bounce = { eventType: 'Bounce', mail: { messageId: bouncing.mailMessageId }, bounce: { bounceType: 'Permanent', bounceSubType: 'NoEmail', timestamp: '2026-11-23T03:00:00.000Z' } };
    expect((await inject(bounce)).json.outcome).toBe('recorded');
    expect((await inject(bounce)).json.outcome).toBe('ignored');
    expect((await inject({ eventType: 'Complaint', mail: { messageId: complaining.mailMessageId }, complaint: { complaintFeedbackType: 'abuse' } })).json.outcome).toBe('recorded');
    expect((await inject({ eventType: 'Bounce', mail: { messageId: 'not-ours' } })).json.outcome).toBe('ignored');
    expect((await inject({ eventType: 'Delivery', mail: { messageId: delivered.mailMessageId }, delivery: { timestamp: '2026-11-23T03:01:00.000Z' } })).json.outcome).toBe('recorded');

    const after = await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: await clerk() });
    const b = after.json.items.find((r: { unitId: string }) => r.unitId === bouncing.unitId);
    expect(b).toMatchObject({ state: 'bounced', bounceType: 'Permanent/NoEmail', bouncedAt: '2026-11-23T03:00:00.000Z' });
    expect(after.json.items.find((r: { unitId: string }) => r.unitId === complaining.unitId).complainedAt).toBeTruthy();
    expect(after.json.items.find((r: { unitId: string }) => r.unitId === delivered.unitId).state).toBe('delivered');
    expect(after.json.summary.mail).toMatchObject({ bounced: 1, complained: 1, delivered: 1 });
    const audit = await stack.api('GET', `/dispatches/${dispatch.id}/audit`, { token: await clerk() });
    expect(audit.json.items.filter((e: { action: string }) => e.action === 'mail.bounced')).toHaveLength(1);
  });
});
