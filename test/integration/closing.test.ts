import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { db, tableName } from '../../shared/data/client';
import { keys, OPEN_DISPATCHES } from '../../shared/data/keys';
import { plusDays } from '../../shared/domain/time';
import { closeDueDispatches } from '../../shared/services/open-dispatches';
import { runScheduledReminders } from '../../shared/services/reminders';
import { startTestStack, type TestStack } from '../support/local-stack';
import { issue } from '../support/link-client';

/**
 * Issue 10: dispatches close (archived) once their links expired, found through the open set, and the
 * reminder job walks only open dispatches, resumably. Clocks are injected: the job functions are the
 * handlers' own logic, called for a chosen instant.
 */
const due = exampleDispatchContent().requirements[1]!.dueDate!;
const lastDue = exampleDispatchContent().requirements.map((r) => r.dueDate!).sort().at(-1)!;
/** 09:00 in Vietnam on the day `days` from the earliest due date. */
const morningOf = (days: number) => new Date(`${plusDays(due, days)}T02:00:00Z`);
let stack: TestStack;
let first: { id: string; symbol: string };
let second: { id: string; symbol: string };
const clerk = () => stack.tokenFor('u-vanthu', ['clerk']);

const openIds = async () => {
  const out = await db().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': OPEN_DISPATCHES } }));
  return (out.Items ?? []).map((i) => i['dispatchId'] as string);
};
const reminderMails = async (symbol: string) => (await stack.sesStore()).filter((m) => m.subject.startsWith('[Nhắc việc]') && m.subject.includes(symbol));

beforeAll(async () => {
  stack = await startTestStack();
  first = await issue(stack, exampleDispatchContent());
  second = await issue(stack, exampleDispatchContent());
});
afterAll(async () => {
  await stack?.stop();
});

describe('the open set', () => {
  it('holds every issued dispatch from its issue; a recall takes it out', async () => {
    const recalled = await issue(stack, exampleDispatchContent());
    expect(await openIds()).toEqual(expect.arrayContaining([first.id, second.id, recalled.id]));
    const recall = await stack.api('POST', `/dispatches/${recalled.id}/recall`, { token: await clerk(), body: { version: 4, comment: 'Ban hành nhầm' } });
    expect(recall.status, recall.text).toBe(200);
    expect(await openIds()).not.toContain(recalled.id);
  });
});

describe('the reminder walk', () => {
  it('stops when told, resumes where it stopped on the next run, and reminds nobody twice', async () => {
    const open = (await openIds()).length;
    expect(open).toBeGreaterThanOrEqual(2);
    // A run whose time is up after one dispatch…
    let asked = 0;
    const cut = await runScheduledReminders(morningOf(-3), { shouldStop: () => asked++ >= 1 });
    expect(cut.finished).toBe(false);
    expect(cut.dispatches).toBe(1);
    // …and the next run continues with the others only.
    const rest = await runScheduledReminders(morningOf(-3));
    expect(rest.finished).toBe(true);
    expect(rest.dispatches).toBe(open - 1);
    // A later run walks everything again, and every unit has had its one reminder for the step.
    await stack.whenIdle();
    const mailed = (await reminderMails(first.symbol)).length + (await reminderMails(second.symbol)).length;
    const again = await runScheduledReminders(new Date(morningOf(-3).getTime() + 3600_000));
    expect(again).toMatchObject({ finished: true, dispatches: open });
    await stack.whenIdle();
    for (const d of [first, second]) {
      const mails = await reminderMails(d.symbol);
      expect(mails.length).toBeGreaterThan(0);
      expect(new Set(mails.map((m) => m.to)).size).toBe(mails.length);
    }
    // The later run found each step's run started: nothing more went out.
    expect((await reminderMails(first.symbol)).length + (await reminderMails(second.symbol)).length).toBe(mailed);
  });
});

describe('closing', () => {
  it('closes nothing before the links expire, then closes each dispatch once, audited; closed ones stay readable and take no reminders', async () => {
    // The last due date, in the evening: the links still work (grace period).
    const before = await closeDueDispatches(new Date(`${lastDue}T12:00:00Z`));
    expect(before.closed).toBe(0);
    const after = new Date(`${plusDays(lastDue, 60)}T00:00:00Z`);
    const run = await closeDueDispatches(after);
    expect(run.closed).toBeGreaterThanOrEqual(2);
    expect((await closeDueDispatches(after)).closed).toBe(0);
    expect(await openIds()).not.toContain(first.id);

    const token = await clerk();
    const read = await stack.api('GET', `/dispatches/${first.id}`, { token });
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ state: 'issued', version: 4, closedAt: after.toISOString() });
    const audit = await stack.api('GET', `/dispatches/${first.id}/audit?limit=500`, { token });
    expect(audit.json.items.filter((e: { action: string }) => e.action === 'dispatch.closed')).toEqual([
      expect.objectContaining({ actor: 'system:closing', at: after.toISOString() }),
    ]);
    const leader = await stack.tokenFor('u-mai-luong-khoi', ['leader']);
    expect((await stack.api('GET', `/dispatches/${first.id}/summary`, { token: leader })).status).toBe(200);

    // On the due date a step is due, but the scheduled walk no longer sees it and a clerk cannot remind.
    const sentBefore = (await reminderMails(first.symbol)).length;
    const due = await runScheduledReminders(morningOf(0));
    expect(due.dispatches).toBe(0);
    const remind = await stack.api('POST', `/dispatches/${first.id}/remind`, { token });
    expect(remind.status).toBe(409);
    expect(remind.json.error.message).toContain('đã đóng');
    expect((await reminderMails(first.symbol)).length).toBe(sentBefore);
  });

  it('adopts, once, issued dispatches that predate the open set', async () => {
    const fresh = await issue(stack, exampleDispatchContent());
    await db().send(new DeleteCommand({ TableName: tableName(), Key: keys.openDispatch(fresh.id) }));
    await db().send(new DeleteCommand({ TableName: tableName(), Key: keys.jobRun('open-set-adoption') }));
    const run = await closeDueDispatches(new Date());
    expect(run.adopted).toBe(1);
    expect(await openIds()).toContain(fresh.id);
    expect((await closeDueDispatches(new Date())).adopted).toBe(0);
  });
});
