import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dispatchIssuedMail } from '../../templates/email/dispatch-issued';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { db, tableName } from '../../shared/data/client';
import { keys } from '../../shared/data/keys';
import { startRun } from '../../shared/data/reminder-run-repo';
import { sendQueuedReminder } from '../../shared/services/reminder-mail';
import { plusDays, viDate } from '../../shared/domain/time';
import { runScheduledReminders } from '../../shared/services/reminders';
import { startTestStack, type TestStack } from '../support/local-stack';
import { issue, openLink, post, tokensBySymbol, TOKEN_IN_MAIL } from '../support/link-client';

/**
 * Reminders through the real stack: the scheduled job's handler logic run for a chosen day (the
 * local timer and the EventBridge schedule call the same code), and a clerk's "remind now". Both start
 * a reminder run whose e-mails go out from the mail queue (the stack's queue runner): tests wait for it.
 */
/** The example's earliest due date (the accounts requirement), counted from today. */
const due = exampleDispatchContent().requirements[1]!.dueDate!;
/** 09:00 in Vietnam on the day `days` from the due date. */
const morningOf = (days: number) => new Date(`${plusDays(due, days)}T02:00:00Z`);
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
    // Three days before the due date, in Vietnam; then the same day again (16:00 there); then the day after.
    const first = await runScheduledReminders(morningOf(-3));
    expect(first).toMatchObject({ dispatches: 1, runs: 1, finished: true });
    await stack.whenIdle();
    const again = await runScheduledReminders(new Date(morningOf(-3).getTime() + 7 * 3600_000));
    expect(again.runs).toBe(1);
    const nothingToday = await runScheduledReminders(morningOf(-2));
    expect(nothingToday.runs).toBe(0);
    await stack.whenIdle();
    const runs = await stack.api('GET', `/dispatches/${dispatch.id}/reminder-runs`, { token: await clerk() });
    expect(runs.status, runs.text).toBe(200);
    expect(runs.json.items).toEqual([
      expect.objectContaining({ step: `before3:${due}`, actor: 'system:reminders', queued: total - 1, sent: total - 1, failed: 0, skipped: 0, fannedOut: true, done: true }),
    ]);

    const mails = await reminders();
    expect(mails).toHaveLength(total - 1);
    expect(mails.some((m) => m.to === done)).toBe(false);
    expect(mails[0]!.text).toContain(`Sắp đến hạn thực hiện (${viDate(due)})`);

    // The reminder's link works; the first email's link no longer does.
    const fresh = TOKEN_IN_MAIL.exec(mails.find((m) => m.to === before[0])!.text)![1]!;
    expect((await stack.api('GET', `/l/${before[1]}`)).status).toBe(404);
    await openLink(stack, fresh);

    const audit = await stack.api('GET', `/dispatches/${dispatch.id}/audit`, { token: await clerk() });
    const sent = audit.json.items.filter((e: { action: string }) => e.action === 'reminder.sent');
    expect(sent).toHaveLength(total - 1);
    expect(sent[0]).toMatchObject({ actor: 'system:reminders', details: { step: `before3:${due}` } });
  });
});

describe('reminding now', () => {
  it('reminds one unit or every laggard when a clerk asks, and refuses a unit that owes nothing', async () => {
    const table = await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: await clerk() });
    const finished = table.json.items.find((r: { email: string }) => r.email === done).unitId;
    const lagging = table.json.items.find((r: { email: string }) => r.email !== done).unitId;
    expect((await stack.api('POST', `/dispatches/${dispatch.id}/recipients/${finished}/remind`, { token: await clerk() })).status).toBe(409);
    // One unit: queued at once (202), its run of one letter sent from the mail queue.
    const one = await stack.api('POST', `/dispatches/${dispatch.id}/recipients/${lagging}/remind`, { token: await clerk() });
    expect(one.status, one.text).toBe(202);
    expect(one.json).toMatchObject({ queued: true, run: { unitId: lagging, queued: 1 } });
    // "Remind all" answers at once with its run; a double click answers the same run.
    const all = await stack.api('POST', `/dispatches/${dispatch.id}/remind`, { token: await clerk() });
    expect(all.status, all.text).toBe(202);
    expect(all.json.run).toMatchObject({ step: expect.stringMatching(/^manual:/), sent: 0, done: false });
    const twice = await stack.api('POST', `/dispatches/${dispatch.id}/remind`, { token: await clerk() });
    if (twice.json.run.step === all.json.run.step) expect(twice.json.run.createdAt).toBe(all.json.run.createdAt);
    await stack.whenIdle();
    const run = (await stack.api('GET', `/dispatches/${dispatch.id}/reminder-runs`, { token: await clerk() })).json.items.find((r: { step: string }) => r.step === all.json.run.step);
    expect(run).toMatchObject({ fannedOut: true, done: true, failed: 0 });
    // The unit reminded one by one this minute already had this step: at least every other laggard.
    expect(run.sent).toBeGreaterThanOrEqual(total - 2);
    expect(run.sent + run.skipped).toBe(run.queued);
    const leader = await stack.tokenFor('u-mai-luong-khoi', ['leader']);
    expect((await stack.api('POST', `/dispatches/${dispatch.id}/remind`, { token: leader })).status).toBe(403);
  });
});

describe('when a reminder cannot be sent', () => {
  it('keeps the current link of each unit working, records why, and skips a mailbox that bounced', async () => {
    const table = (await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: await clerk() })).json.items as { unitId: string; email: string; mailMessageId: string }[];
    const laggards = table.filter((r) => r.email !== done);
    const bouncing = laggards[0]!;
    const bounce = { eventType: 'Bounce', mail: { messageId: bouncing.mailMessageId }, bounce: { bounceType: 'Permanent', bounceSubType: 'NoEmail' } };
    expect((await stack.api('POST', '/dev/ses-events', { body: bounce })).json.outcome).toBe('recorded');

    const watched = laggards[1]!;
    const latestToken = async () => TOKEN_IN_MAIL.exec((await stack.sesStore()).filter((m) => m.to === watched.email).at(-1)!.text)![1]!;
    const current = await latestToken();
    const tried: string[] = [];
    const refused = Object.assign(new Error('SES unavailable'), { name: 'MessageRejected', $metadata: { httpStatusCode: 400 } });
    const failing = { send: async (mail: { to: string }) => { tried.push(mail.to); throw refused; } };
    // The mail consumer's work for a run of a step nobody has been reminded for yet, with SES refusing.
    const step = `due:${due}`;
    const startedAt = new Date();
    await startRun(dispatch.id, step, 'system:reminders', startedAt.toISOString());
    let now = startedAt;
    const deps = { mailer: failing, clock: { now: () => now }, sendSlot: async () => true, random: () => 0.5, render: dispatchIssuedMail };
    const attempt = (unitId: string) => sendQueuedReminder({ kind: 'reminder', dispatchId: dispatch.id, unitId, step, correlationId: 'test' }, deps);
    const outcomes = new Map<string, unknown>();
    for (const r of laggards) outcomes.set(r.unitId, await attempt(r.unitId));
    expect(outcomes.get(bouncing.unitId)).toBe('skipped');
    expect(outcomes.get(watched.unitId)).toMatchObject({ reason: 'backoff' });
    expect(tried).toHaveLength(laggards.length - 1);
    expect(tried).not.toContain(bouncing.email);
    // Within the retry window a refusal only delays: the unit's link still works.
    expect((await stack.api('GET', `/l/${current}`)).status).toBe(303);
    // Past the window the step ends as failed, once, and the unit keeps its link.
    now = new Date(startedAt.getTime() + 2 * 3600_000);
    for (const r of laggards.slice(1)) expect(await attempt(r.unitId)).toBe('failed');
    expect(await attempt(watched.unitId)).toBe('skipped');
    expect((await stack.api('GET', `/l/${current}`)).status).toBe(303);
    const run = (await stack.api('GET', `/dispatches/${dispatch.id}/reminder-runs`, { token: await clerk() })).json.items.find((r: { step: string }) => r.step === step);
    expect(run).toMatchObject({ sent: 0, failed: laggards.length - 1, skipped: 1 });
    const audit: { action: string; details: { unitId: string; error?: string } }[] = [];
    for (let cursor = ''; ; ) {
      const page = (await stack.api('GET', `/dispatches/${dispatch.id}/audit?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: await clerk() })).json;
      audit.push(...page.items);
      if (!page.cursor) break;
      cursor = page.cursor;
    }
    const failed = audit.filter((e) => e.action === 'reminder.failed');
    expect(failed).toHaveLength(laggards.length - 1);
    expect(failed.find((e) => e.details.unitId === watched.unitId)?.details.error).toContain('SES unavailable');
  });
});

describe('when SES accepted a reminder but its answer was lost', () => {
  it('keeps that e-mail\'s link working next to the one the retry sends; the links before both stop', async () => {
    const table = (await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: await clerk() })).json.items as { unitId: string; email: string }[];
    const unit = table.filter((r) => r.email !== done).at(-1)!;
    const before = TOKEN_IN_MAIL.exec((await stack.sesStore()).filter((m) => m.to === unit.email).at(-1)!.text)![1]!;
    const delivered: string[] = [];
    let answerLost = true;
    // SES takes the e-mail; the first time its answer never comes back (the SDK's request timeout).
    const lossy = {
      send: async (mail: { to: string; text: string }) => {
        delivered.push(TOKEN_IN_MAIL.exec(mail.text)![1]!);
        if (answerLost) {
          answerLost = false;
          throw Object.assign(new Error('Request timed out'), { name: 'TimeoutError' });
        }
        return { messageId: `lost-answer-${delivered.length}` };
      },
    };
    const step = `manual:2001-01-01T00:00`;
    const startedAt = new Date();
    await startRun(dispatch.id, step, 'u-vanthu', startedAt.toISOString(), 'Trần Thị Hương', unit.unitId);
    let now = startedAt;
    const deps = { mailer: lossy, clock: { now: () => now }, sendSlot: async () => true, random: () => 0.5, render: dispatchIssuedMail };
    const attempt = () => sendQueuedReminder({ kind: 'reminder', dispatchId: dispatch.id, unitId: unit.unitId, step, scope: 'unit', correlationId: 'test' }, deps);
    expect(await attempt()).toMatchObject({ reason: 'backoff' });
    // While the retry waits, the unit's current link and the maybe-delivered one both work.
    expect((await stack.api('GET', `/l/${before}`)).status).toBe(303);
    expect((await stack.api('GET', `/l/${delivered[0]}`)).status).toBe(303);
    now = new Date(startedAt.getTime() + 3600_000);
    expect(await attempt()).toBe('sent');
    expect(delivered).toHaveLength(2);
    // Both copies the unit may hold open its page; the link they replaced does not.
    for (const token of delivered) expect((await stack.api('GET', `/l/${token}`)).status, token).toBe(303);
    expect((await stack.api('GET', `/l/${before}`)).status).toBe(404);
  });
});

describe('after the deadline', () => {
  it('refuses new or corrected reports, and counts every unit not done as overdue', async () => {
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const yesterday = plusDays(today, -1);
    const content = exampleDispatchContent();
    // Issued with every requirement due today (a due date already past is refused at issue)…
    const late = await issue(stack, { ...content, requirements: content.requirements.map((r) => ({ ...r, dueDate: today })) });
    // …then a day goes by: the deadline is yesterday's.
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.dispatch(late.id),
        UpdateExpression: `SET ${content.requirements.map((_r, i) => `content.requirements[${i}].dueDate = :yesterday`).join(', ')}`,
        ExpressionAttributeValues: { ':yesterday': yesterday },
      }),
    );
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
