import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { getRecipient } from '../../shared/data/recipient-repo';
import { truthfulNotice } from '../../shared/web/dispatch-feedback';
import { getDispatch } from '../../shared/data/dispatch-repo';
import { contextFor } from '../../shared/services/context';
import { sendUnitLetter, unitRun } from '../../shared/services/unit-letters';
import { startTestStack, type TestStack } from '../support/local-stack';
import { issue, openLink, TOKEN_IN_MAIL } from '../support/link-client';

/**
 * A clerk's "Nhắc" (remind one unit) and "Gửi lại" (resend its link) through the mail queue on the
 * local stack (SQS stand-in, SES stand-in): the route answers 202 with the unit's run at once, the
 * e-mail follows from the queue. A double click sends one e-mail; an SES outage while the letter is
 * queued leaves it queued (the unit's current link keeps working) and it arrives once SES is back.
 * Counted at SES's side (the stand-in's inbox).
 */
// Back-offs of a few seconds at most, so the letter goes out soon after the outage ends.
process.env['MAIL_BACKOFF_MAX_SECONDS'] = '3';

let stack: TestStack;
let dispatch: { id: string; symbol: string };
let units: { unitId: string; email: string }[];
const clerk = () => stack.tokenFor('u-vanthu', ['clerk']);
const mailsTo = async (email: string) => (await stack.sesStore()).filter((m) => m.to === email && m.subject.includes(dispatch.symbol));
const reminderMailsTo = async (email: string) => (await mailsTo(email)).filter((m) => m.subject.startsWith('[Nhắc việc]'));
const tokenOf = (text: string) => TOKEN_IN_MAIL.exec(text)![1]!;
const waitUntil = async (check: () => Promise<boolean>, timeoutMs = 60_000) => {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
};
/** The step is the minute: keep a double click inside one minute, so the test does not hang on the clock. */
const awayFromMinuteTurn = async () => {
  const s = new Date().getUTCSeconds();
  if (s >= 50) await new Promise((r) => setTimeout(r, (61 - s) * 1000));
};

beforeAll(async () => {
  stack = await startTestStack();
  dispatch = await issue(stack, exampleDispatchContent());
  units = (await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: await clerk() })).json.items;
}, 300_000);
afterAll(async () => {
  await stack?.stop();
});

describe('"Nhắc" one unit', () => {
  it('answers 202 with the queued run; a double click sends one e-mail', async () => {
    const unit = units[0]!;
    await awayFromMinuteTurn();
    const path = `/dispatches/${dispatch.id}/recipients/${unit.unitId}/remind`;
    const token = await clerk();
    const [a, b] = await Promise.all([stack.api('POST', path, { token }), stack.api('POST', path, { token })]);
    expect(a.status, a.text).toBe(202);
    expect(b.status, b.text).toBe(202);
    expect(a.json.run.step).toBe(b.json.run.step);
    expect([a.json.queued, b.json.queued].filter(Boolean)).toHaveLength(1);
    expect(a.json.run).toMatchObject({ unitId: unit.unitId, step: expect.stringMatching(/^manual:/), queued: 1 });
    // A third click after the first went out: the same run, nothing queued.
    await stack.whenIdle();
    const again = await stack.api('POST', path, { token });
    expect(again.status).toBe(202);
    expect(again.json).toMatchObject({ queued: false, run: { step: a.json.run.step, sent: 1, done: true } });
    await stack.whenIdle();
    expect(await reminderMailsTo(unit.email)).toHaveLength(1);
    // The page's notice, read now, says it was sent.
    const d = (await getDispatch(dispatch.id))!;
    expect(await truthfulNotice('vi', d, 'reminded', { unit: unit.unitId, step: a.json.run.step })).toMatch(/^Đã gửi 1 thư nhắc/);
  });

  it('stays queued through an SES outage, keeps the unit\'s link working, and arrives once SES is back', async () => {
    const unit = units[1]!;
    const before = (await mailsTo(unit.email)).at(-1)!;
    const oldToken = tokenOf(before.text);
    stack.stack.mail.setFaults({ outage: 'fail' });
    try {
      const res = await stack.api('POST', `/dispatches/${dispatch.id}/recipients/${unit.unitId}/remind`, { token: await clerk() });
      expect(res.status, res.text).toBe(202);
      expect(res.json).toMatchObject({ queued: true, run: { sent: 0, done: false } });
      // SES refused two attempts (the second after its back-off): the letter is still queued, nothing sent, nothing failed.
      await waitUntil(async () => stack.stack.mail.faults().counts.outage >= 2);
      const pending = (await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: await clerk() })).json.items;
      expect(pending.find((r: { unitId: string }) => r.unitId === unit.unitId).mailStatus).toBe('sent');
      const d = (await getDispatch(dispatch.id))!;
      expect(await truthfulNotice('vi', d, 'reminded', { unit: unit.unitId, step: res.json.run.step })).toMatch(/^Đã xếp hàng 1 thư nhắc/);
      expect(await reminderMailsTo(unit.email)).toHaveLength(0);
      expect((await stack.api('GET', `/l/${oldToken}`)).status).toBe(303);
    } finally {
      stack.stack.mail.setFaults({ outage: null });
    }
    await stack.whenIdle();
    const reminders = await reminderMailsTo(unit.email);
    expect(reminders).toHaveLength(1);
    // The reminder's link works; the one it replaced no longer does.
    await openLink(stack, tokenOf(reminders[0]!.text));
    expect((await stack.api('GET', `/l/${oldToken}`)).status).toBe(404);
    const r = (await getRecipient(dispatch.id, unit.unitId))!;
    expect(r.remindClaim).toBeUndefined();
  });

  it('refuses a unit the dispatch does not have (404), and a unit whose mailbox bounced (409: resend its link instead), queuing nothing', async () => {
    const res = await stack.api('POST', `/dispatches/${dispatch.id}/recipients/nope/remind`, { token: await clerk() });
    expect(res.status).toBe(404);
    const unit = units[5]! as { unitId: string; email: string; mailMessageId?: string };
    const row = (await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: await clerk() })).json.items.find((r: { unitId: string }) => r.unitId === unit.unitId);
    const bounce = { eventType: 'Bounce', mail: { messageId: row.mailMessageId }, bounce: { bounceType: 'Permanent', bounceSubType: 'NoEmail' } };
    expect((await stack.api('POST', '/dev/ses-events', { body: bounce })).json.outcome).toBe('recorded');
    const before = (await mailsTo(unit.email)).length;
    const refused = await stack.api('POST', `/dispatches/${dispatch.id}/recipients/${unit.unitId}/remind`, { token: await clerk() });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.json.error.details).toMatchObject({ mailStatus: 'sent', bouncedAt: expect.any(String) });
    await stack.whenIdle();
    expect(await mailsTo(unit.email)).toHaveLength(before);
  });
});

describe('two "Nhắc" clicks at the same instant on either side of a minute\'s turn', () => {
  // Driven through the service with the clock injected: 1 ms before and 1 ms after the next minute's
  // turn (from now, so the runs are as young as real clicks and the sweeper leaves them alone).
  const clerkCtx = (at: Date) => contextFor({ userId: 'u-vanthu', name: 'Trần Thị Hương', agencyCode: 'TCTHADS', roles: ['clerk'], sourceIp: '127.0.0.1' }, { now: () => new Date(at) });
  const turn = () => new Date(Math.ceil((Date.now() + 1000) / 60_000) * 60_000);

  it.each([
    ['the earlier click first', [-1, 1]],
    ['the later click first', [1, -1]],
    ['both at once', [0, 0]],
  ] as const)('start one run and send one e-mail (%s)', async (label, order) => {
    const unit = units[label === 'the earlier click first' ? 3 : label === 'the later click first' ? 4 : 6]!;
    const at = turn();
    const before = new Date(at.getTime() - 1);
    const after = new Date(at.getTime() + 1);
    const click = (when: Date) => sendUnitLetter(clerkCtx(when), dispatch.id, unit.unitId, 'remind');
    const answers =
      order[0] === 0
        ? await Promise.all([click(before), click(after)])
        : order[0] < 0
          ? [await click(before), await click(after)]
          : [await click(after), await click(before)];
    expect(answers.map((a) => a.queued).filter(Boolean)).toHaveLength(1);
    expect(answers[0]!.run.step).toBe(answers[1]!.run.step);
    await stack.whenIdle();
    expect(await reminderMailsTo(unit.email)).toHaveLength(1);
    // Only one run was started: the other minute has none.
    const steps = [before, after].map((d) => `manual:${d.toISOString().slice(0, 16)}`);
    const runs = await Promise.all(steps.map((step) => unitRun(dispatch.id, unit.unitId, step)));
    expect(runs.filter(Boolean)).toHaveLength(1);
    expect(runs.find(Boolean)).toMatchObject({ queued: 1, sent: 1 });
  });
});

describe('"Gửi lại" one unit\'s link', () => {
  it('answers 202, sends the new link once (double click included), and the old link stops working once it is sent', async () => {
    const unit = units[2]!;
    const oldToken = tokenOf((await mailsTo(unit.email)).at(-1)!.text);
    const count = (await mailsTo(unit.email)).length;
    await awayFromMinuteTurn();
    const path = `/dispatches/${dispatch.id}/recipients/${unit.unitId}/resend-link`;
    const token = await clerk();
    const [a, b] = await Promise.all([stack.api('POST', path, { token }), stack.api('POST', path, { token })]);
    expect(a.status, a.text).toBe(202);
    expect(b.status, b.text).toBe(202);
    expect(a.json.run).toMatchObject({ unitId: unit.unitId, step: expect.stringMatching(/^resend:/) });
    await stack.whenIdle();
    const mails = await mailsTo(unit.email);
    expect(mails).toHaveLength(count + 1);
    expect(mails.at(-1)!.subject.startsWith('[Nhắc việc]')).toBe(false);
    const fresh = tokenOf(mails.at(-1)!.text);
    expect(fresh).not.toBe(oldToken);
    await openLink(stack, fresh);
    expect((await stack.api('GET', `/l/${oldToken}`)).status).toBe(404);
    const audit = (await stack.api('GET', `/dispatches/${dispatch.id}/audit?limit=500`, { token: await clerk() })).json.items;
    expect(audit.filter((e: { action: string; details?: { unitId?: string } }) => e.action === 'link.resent' && e.details?.unitId === unit.unitId)).toHaveLength(1);
    const d = (await getDispatch(dispatch.id))!;
    expect(await truthfulNotice('vi', d, 'linkResent', { unit: unit.unitId, step: a.json.run.step })).toMatch(/^Đã gửi lại liên kết mới/);
  });
});
