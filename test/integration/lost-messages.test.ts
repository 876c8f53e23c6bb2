import { PurgeQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQS_CREDENTIALS } from '../../infra/local/sqs-local';
import { getRun } from '../../shared/data/reminder-run-repo';
import { allRecipients, issueToGroup, waitUntil, type Outside } from '../support/fanout';
import { seedUnitGroup, TOKEN_IN_MAIL } from '../support/link-client';
import { startTestStack, type TestStack } from '../support/local-stack';

/**
 * Issue 10: letters lost from the mail queue after they were queued. The SQS stand-in keeps its
 * messages in memory, and a queue can be purged; either way the table still says what is owed, and
 * the sweepers (shared/services/mail-sweep.ts for the issue mail, reminder-sweep.ts for reminders and
 * resends) put it back. Here, while SES is down (every letter queued, tried, waiting out its back-off),
 * the mail queue is purged through SQS's own API (PurgeQueue, as an operator could do it by mistake):
 * a "remind all" run, a clerk's "Gửi lại" of one unit and a second dispatch's issue mail are all lost.
 * While they are gone every unit's current link keeps working. Once SES is back, with the shortened
 * sweep settings the fan-out proofs use, every run reaches done and every unit is e-mailed exactly once
 * per letter, counted in the SES stand-in's inbox.
 */
process.env['MAIL_SWEEP_INTERVAL_SECONDS'] = '3';
process.env['MAIL_SWEEP_GRACE_SECONDS'] = '3';
process.env['REMINDER_SWEEP_GRACE_SECONDS'] = '3';
process.env['MAIL_BACKOFF_MAX_SECONDS'] = '3';
process.env['MAIL_QUEUE_VISIBILITY_SECONDS'] = '10';
process.env['LINK_RATE_PER_IP'] = '100000';

const UNITS_A = 12;
const UNITS_B = 8;
let stack: TestStack;
let outside: Outside;
let a: { id: string; symbol: string };
let groupB = '';
const tokenOf = (text: string) => TOKEN_IN_MAIL.exec(text)![1]!;
const mailsOf = async (symbol: string) => (await stack.sesStore()).filter((m) => m.subject.includes(`[Công văn ${symbol}]`));
const isReminder = (m: { subject: string }) => m.subject.startsWith('[Nhắc việc]');
const countBy = <T,>(items: readonly T[], key: (t: T) => string) => {
  const out = new Map<string, number>();
  for (const i of items) out.set(key(i), (out.get(key(i)) ?? 0) + 1);
  return out;
};
const linkStatus = async (token: string) => (await stack.api('GET', `/l/${token}`)).status;

beforeAll(async () => {
  stack = await startTestStack();
  outside = { api: stack.api, tokenFor: stack.tokenFor, sent: async () => [] };
  a = await issueToGroup(outside, await seedUnitGroup(stack, 'lqa', UNITS_A));
  groupB = await seedUnitGroup(stack, 'lqb', UNITS_B);
  await stack.whenIdle();
}, 300_000);
afterAll(async () => {
  await stack?.stop();
});

describe('letters lost from the mail queue (PurgeQueue) while SES is down', () => {
  it('are queued again by the sweepers: every run reaches done, every unit e-mailed once per letter, links working throughout', async () => {
    const clerk = await stack.tokenFor('u-vanthu', ['clerk']);
    const rowsA = await allRecipients(outside, a.id);
    expect(rowsA.map((r) => r.mailStatus)).toEqual(Array(UNITS_A).fill('sent'));
    const issueLink = new Map<string, string>();
    for (const m of await mailsOf(a.symbol)) issueLink.set(m.to, tokenOf(m.text));
    const resent = rowsA[0]!;
    const outagesBefore = stack.stack.mail.faults().counts.outage;

    stack.stack.mail.setFaults({ outage: 'fail' });
    let remindStep = '';
    let resendStep = '';
    let b: { id: string; symbol: string };
    try {
      const remindAll = await stack.api('POST', `/dispatches/${a.id}/remind`, { token: clerk });
      expect(remindAll.status, remindAll.text).toBe(202);
      remindStep = remindAll.json.run.step;
      const resend = await stack.api('POST', `/dispatches/${a.id}/recipients/${resent.unitId}/resend-link`, { token: clerk });
      expect(resend.status, resend.text).toBe(202);
      resendStep = resend.json.run.step;
      b = await issueToGroup(outside, groupB);

      // Every letter on the queue, and SES refused attempts of them: the run fanned out, B's records made.
      const ready = await waitUntil(
        async () => ({ run: await getRun(a.id, remindStep), refused: stack.stack.mail.faults().counts.outage - outagesBefore }),
        (v) => !!v.run?.fannedOut && v.run.queued === UNITS_A && v.refused >= UNITS_A + 1 + UNITS_B,
        120_000,
        200,
      );
      expect(ready.run).toMatchObject({ fannedOut: true, queued: UNITS_A, sent: 0 });

      const sqs = new SQSClient({ endpoint: stack.stack.urls.sqs, region: 'us-east-1', credentials: SQS_CREDENTIALS });
      try {
        await sqs.send(new PurgeQueueCommand({ QueueUrl: stack.stack.sqs.queues.mail.url }));
      } finally {
        sqs.destroy();
      }

      // The letters are gone and SES is down: every unit of A still opens the link it has.
      for (const r of rowsA) expect(await linkStatus(issueLink.get(r.email)!), r.unitId).toBe(303);
    } finally {
      stack.stack.mail.setFaults({ outage: null });
    }

    // SES is back; nothing is on the queue until the sweepers find what the table says is owed.
    const finished = await waitUntil(
      async () => ({
        remind: await getRun(a.id, remindStep),
        resend: await getRun(a.id, resendStep, resent.unitId),
        b: await allRecipients(outside, b!.id),
      }),
      (v) =>
        !!v.remind && v.remind.sent + v.remind.failed + v.remind.skipped >= v.remind.queued &&
        !!v.resend && v.resend.sent + v.resend.failed + v.resend.skipped >= 1 &&
        v.b.length === UNITS_B && v.b.every((r) => r.mailStatus === 'sent'),
      240_000,
      1000,
    );
    expect(finished.remind).toMatchObject({ fannedOut: true, queued: UNITS_A, sent: UNITS_A, failed: 0, skipped: 0 });
    expect(finished.resend).toMatchObject({ queued: 1, sent: 1, failed: 0, skipped: 0 });
    expect(finished.b.map((r) => r.mailStatus)).toEqual(Array(UNITS_B).fill('sent'));
    const runs = (await stack.api('GET', `/dispatches/${a.id}/reminder-runs`, { token: clerk })).json.items;
    expect(runs.find((r: { step: string }) => r.step === remindStep)).toMatchObject({ done: true, sent: UNITS_A });
    // Settled: a copy still on its way would show as a second e-mail.
    await stack.whenIdle();

    const mailsA = await mailsOf(a.symbol);
    const reminders = mailsA.filter(isReminder);
    expect([...countBy(reminders, (m) => m.to)].sort(), 'one reminder per unit of A').toEqual(rowsA.map((r) => [r.email, 1] as [string, number]).sort());
    const letters = countBy(mailsA.filter((m) => !isReminder(m)), (m) => m.to);
    expect(letters.get(resent.email), 'the issue e-mail and one resend').toBe(2);
    expect([...letters].filter(([to, n]) => to !== resent.email && n !== 1)).toEqual([]);
    const mailsB = countBy(await mailsOf(b!.symbol), (m) => m.to);
    expect([...mailsB.values()]).toEqual(Array(UNITS_B).fill(1));

    // The new links work; the links they replaced no longer do.
    for (const r of rowsA) {
      const latest = mailsA.filter((m) => m.to === r.email).at(-1)!;
      expect(await linkStatus(tokenOf(latest.text)), `${r.unitId}: its latest link`).toBe(303);
      expect(await linkStatus(issueLink.get(r.email)!), `${r.unitId}: its replaced link`).toBe(404);
    }
  }, 600_000);
});
