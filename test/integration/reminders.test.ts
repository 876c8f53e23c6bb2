import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { sesMailer } from '../../shared/mail/mailer';
import { runScheduledReminders } from '../../shared/services/reminders';
import { startTestStack, type TestStack } from '../support/local-stack';
import { issue, openLink, post, tokensBySymbol, TOKEN_IN_MAIL } from '../support/link-client';

/**
 * Reminders through the real stack: the scheduled job's handler logic run for a chosen day (the
 * local timer and the EventBridge schedule call the same code), and a clerk's "remind now".
 */
let stack: TestStack;
let dispatch: { id: string; symbol: string };
let done: string;
let total: number;
const clerk = () => stack.tokenFor('u-vanthu', ['clerk']);
const reminders = async () => (await stack.sesStore()).filter((m) => m.subject.startsWith('[Nhắc việc]') && m.subject.includes(dispatch.symbol));

beforeAll(async () => {
  stack = await startTestStack();
  dispatch = await issue(stack, exampleDispatchContent());
  const tokens = await tokensBySymbol(stack, dispatch.symbol);
  total = tokens.size;
  done = [...tokens.keys()][0]!;
  const b = await openLink(stack, tokens.get(done!)!);
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  expect((await post(stack, '/l/acknowledge', b, { csrf: b.csrf, name: 'A', position: 'B' })).status).toBe(200);
  expect((await post(stack, '/l/report', b, { csrf: b.csrf, 'status.1': 'done', 'doneOn.1': today, 'status.2': 'done', 'doneOn.2': today })).status).toBe(200);
  expect((await post(stack, '/l/accounts', b, { csrf: b.csrf, reset: 'a@thads.moj.gov.vn', revoke: '', name: 'A', position: 'B' })).status).toBe(200);
});
afterAll(async () => {
  await stack?.stop();
});

describe('scheduled reminders', () => {
  it('email every unit that still owes something, N days before a due date, once per step, with a fresh link', async () => {
    const before = [...(await tokensBySymbol(stack, dispatch.symbol)).entries()].find(([to]) => to !== done)!;
    // 2026-12-05 in Vietnam is three days before the 2026-12-08 due date.
    const first = await runScheduledReminders(new Date('2026-12-05T02:00:00Z'), sesMailer);
    expect(first.sent).toBe(total - 1);
    const again = await runScheduledReminders(new Date('2026-12-05T09:00:00Z'), sesMailer);
    expect(again.sent).toBe(0);
    const nothingToday = await runScheduledReminders(new Date('2026-12-06T02:00:00Z'), sesMailer);
    expect(nothingToday.sent).toBe(0);

    const mails = await reminders();
    expect(mails).toHaveLength(total - 1);
    expect(mails.some((m) => m.to === done)).toBe(false);
    expect(mails[0]!.text).toContain('Sắp đến hạn thực hiện (08/12/2026)');

    // The reminder's link works; the first email's link no longer does.
    const fresh = TOKEN_IN_MAIL.exec(mails.find((m) => m.to === before[0])!.text)![1]!;
    expect((await stack.api('GET', `/l/${before[1]}`)).status).toBe(404);
    await openLink(stack, fresh);

    const audit = await stack.api('GET', `/dispatches/${dispatch.id}/audit`, { token: await clerk() });
    const sent = audit.json.items.filter((e: { action: string }) => e.action === 'reminder.sent');
    expect(sent).toHaveLength(total - 1);
    expect(sent[0]).toMatchObject({ actor: 'system:reminders', details: { step: 'before3:2026-12-08' } });
  });
});

describe('reminding now', () => {
  it('reminds one unit or every laggard when a clerk asks, and refuses a unit that owes nothing', async () => {
    const table = await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: await clerk() });
    const finished = table.json.items.find((r: { email: string }) => r.email === done).unitId;
    const lagging = table.json.items.find((r: { email: string }) => r.email !== done).unitId;
    expect((await stack.api('POST', `/dispatches/${dispatch.id}/recipients/${finished}/remind`, { token: await clerk() })).status).toBe(409);
    const one = await stack.api('POST', `/dispatches/${dispatch.id}/recipients/${lagging}/remind`, { token: await clerk() });
    expect(one.status, one.text).toBe(200);
    expect(one.json.sent).toBe(true);
    const all = await stack.api('POST', `/dispatches/${dispatch.id}/remind`, { token: await clerk() });
    expect(all.status).toBe(200);
    expect(all.json.sent).toBeGreaterThanOrEqual(total - 2);
    const leader = await stack.tokenFor('u-mai-luong-khoi', ['leader']);
    expect((await stack.api('POST', `/dispatches/${dispatch.id}/remind`, { token: leader })).status).toBe(403);
  });
});

describe('after the deadline', () => {
  it('refuses new or corrected reports, and counts every unit not done as overdue', async () => {
    const yesterday = new Date(Date.now() + 7 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
    const content = exampleDispatchContent();
    const late = await issue(stack, { ...content, requirements: content.requirements.map((r) => ({ ...r, dueDate: yesterday })) });
    const tokens = await tokensBySymbol(stack, late.symbol);
    const b = await openLink(stack, [...tokens.values()][0]!);
    expect(b.page.text).toContain('Đã quá thời hạn, không thể gửi hoặc sửa báo cáo.');
    expect(b.page.text).not.toContain('action="/l/report"');
    const refused = await post(stack, '/l/report', b, { csrf: b.csrf, 'status.1': 'not_done', 'status.2': 'not_done' });
    expect(refused.status).toBe(409);
    expect((await post(stack, '/l/acknowledge', b, { csrf: b.csrf, name: 'A', position: 'B' })).status).toBe(200);

    const summary = await stack.api('GET', `/dispatches/${late.id}/summary`, { token: await clerk() });
    expect(summary.json.summary).toMatchObject({ recipients: tokens.size, acknowledged: 1, completed: 0, overdue: tokens.size });
    const table = await stack.api('GET', `/dispatches/${late.id}/recipients`, { token: await clerk() });
    expect(new Set(table.json.items.map((r: { state: string }) => r.state))).toEqual(new Set(['overdue']));
  });
});
