import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRecipientsPage, type RecipientRecord } from '../../shared/data/recipient-repo';
import { advanceFanout, getRun, startRun } from '../../shared/data/reminder-run-repo';
import { enqueueMail } from '../../shared/queue/messages';
import { FANOUT_PAGE, wantsReminder } from '../../shared/services/reminder-mail';
import { sweepStalledReminderRuns } from '../../shared/services/reminder-sweep';
import { getDispatch } from '../../shared/data/dispatch-repo';
import { issueToGroup } from '../support/fanout';
import { seedUnitGroup } from '../support/link-client';
import { startTestStack, type TestStack } from '../support/local-stack';

/**
 * Issue 10: a reminder run whose enqueuing stopped halfway (the function died) is picked up again by
 * the reminder sweeper (shared/services/reminder-sweep.ts, run with the mail sweeper) and completes,
 * every laggard e-mailed exactly once. The death is reproduced by doing what the route or the fan-out
 * page does up to the point where it stops: the run started and (for the second case) its first page's
 * reminders on the queue and the run moved past that page, but the next page's message never sent.
 * Counted at SES's side (the stand-in's inbox) and on the run.
 */
// The stack's own sweep timer (every minute locally) is pushed out of the test's way: the test runs the
// sweeper itself, when the run is stalled, and counts what that one sweep picked up.
process.env['MAIL_SWEEP_INTERVAL_SECONDS'] = '3600';
const UNITS = FANOUT_PAGE + 30;
let stack: TestStack;
let dispatch: { id: string; symbol: string };
let laggards: RecipientRecord[];
/** Ten minutes ago: older than the sweeper's grace (REMINDER_SWEEP_GRACE_SECONDS, 120 s). */
const past = () => new Date(Date.now() - 10 * 60_000);
const remindersPerAddress = async (step: string) => {
  const counts = new Map<string, number>();
  // Each run's letters carry its step's text; counted per address for this dispatch's reminders.
  for (const m of await stack.sesStore()) {
    if (!m.subject.startsWith('[Nhắc việc]') || !m.subject.includes(dispatch.symbol)) continue;
    counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
  }
  return { counts, step };
};

async function allRecipients(id: string): Promise<RecipientRecord[]> {
  const out: RecipientRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await listRecipientsPage(id, { limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return out;
}

beforeAll(async () => {
  stack = await startTestStack();
  const groupId = await seedUnitGroup(stack, 'rsw', UNITS);
  // issueToGroup uses only the API and tokens of the stack it is given.
  dispatch = await issueToGroup(stack as unknown as Parameters<typeof issueToGroup>[0], groupId);
  await stack.whenIdle();
  const d = (await getDispatch(dispatch.id))!;
  laggards = (await allRecipients(dispatch.id)).filter((r) => wantsReminder(r, d.content.requirements));
  expect(laggards).toHaveLength(UNITS);
}, 600_000);
afterAll(async () => {
  await stack?.stop();
});

describe('a "remind all" run whose fan-out died after its first page', () => {
  it('is picked up by the sweeper from where it stood, and every laggard is reminded exactly once', async () => {
    const started = past();
    const step = `manual:${started.toISOString().slice(0, 16)}`;
    await startRun(dispatch.id, step, 'u-vanthu', started.toISOString(), 'Trần Thị Hương');
    // The fan-out's first page, as fanOutReminders does it, up to the point where it died: its reminders
    // on the queue and the run moved past the page, but the next page's message never sent.
    const d = (await getDispatch(dispatch.id))!;
    const page = await listRecipientsPage(dispatch.id, { limit: FANOUT_PAGE });
    const first = page.items.filter((r) => wantsReminder(r, d.content.requirements));
    await enqueueMail(first.map((r) => ({ kind: 'reminder' as const, dispatchId: dispatch.id, unitId: r.unitId, step })));
    expect(await advanceFanout(dispatch.id, step, '', page.cursor, first.length, started.toISOString())).toBe(true);
    await stack.whenIdle();
    const halfway = await getRun(dispatch.id, step);
    expect(halfway).toMatchObject({ fannedOut: false, queued: first.length, sent: first.length });
    expect((await remindersPerAddress(step)).counts.size).toBe(first.length);

    // Nothing moves it on its own. The sweeper does; a second sweep finds nothing left.
    expect(await sweepStalledReminderRuns(new Date())).toMatchObject({ runs: 1 });
    await stack.whenIdle();
    expect(await sweepStalledReminderRuns(new Date())).toMatchObject({ runs: 0 });

    const run = await getRun(dispatch.id, step);
    expect(run).toMatchObject({ fannedOut: true, queued: UNITS, sent: UNITS, failed: 0, skipped: 0 });
    const { counts } = await remindersPerAddress(step);
    expect([...counts.keys()].sort()).toEqual(laggards.map((r) => r.email).sort());
    expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
  });
});

describe('runs that died before anything was enqueued', () => {
  it('a unit\'s "Nhắc" started but never queued is sent once by the sweeper', async () => {
    const unit = laggards[0]!;
    const before = (await remindersPerAddress('')).counts.get(unit.email) ?? 0;
    const started = past();
    const step = `manual:${new Date(started.getTime() + 60_000).toISOString().slice(0, 16)}`;
    await startRun(dispatch.id, step, 'u-vanthu', started.toISOString(), 'Trần Thị Hương', unit.unitId);
    await stack.whenIdle();
    expect((await remindersPerAddress(step)).counts.get(unit.email) ?? 0).toBe(before);

    expect(await sweepStalledReminderRuns(new Date())).toMatchObject({ runs: 1 });
    await stack.whenIdle();
    expect(await sweepStalledReminderRuns(new Date())).toMatchObject({ runs: 0 });
    expect(await getRun(dispatch.id, step, unit.unitId)).toMatchObject({ fannedOut: true, queued: 1, sent: 1 });
    expect((await remindersPerAddress(step)).counts.get(unit.email)).toBe(before + 1);
  });

  it('a run younger than the grace is left alone (its own route or page is still at work)', async () => {
    const step = `manual:${new Date(Date.now() + 5 * 60_000).toISOString().slice(0, 16)}`;
    await startRun(dispatch.id, step, 'u-vanthu', new Date().toISOString(), 'Trần Thị Hương', laggards[1]!.unitId);
    expect(await sweepStalledReminderRuns(new Date())).toMatchObject({ runs: 0 });
  });
});
