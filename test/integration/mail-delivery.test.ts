import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { enqueueMail } from '../../shared/queue/messages';
import { startTestStack, type TestStack } from '../support/local-stack';
import { startSesFaultProxy, type SesFaultProxy } from '../support/ses-fault-proxy';

/**
 * Email delivery when SES misbehaves, through a real proxy in front of the SES emulator: every address
 * is throttled on its first calls, and one province's mailbox is always rejected. Mail goes through the
 * mail queue (SQS stand-in, local event source mapping). Every other unit still gets exactly one email
 * and nobody is parked for throttling; the broken one is retried with back-off until its retry window
 * (shortened here to 3 s) has passed, then parked where a clerk sees it, not lost or retried forever.
 */
process.env['MAIL_RETRY_WINDOW_SECONDS'] = '3';
process.env['MAIL_BACKOFF_BASE_SECONDS'] = '0.5';
process.env['MAIL_BACKOFF_MAX_SECONDS'] = '1';
let stack: TestStack;
let proxy: SesFaultProxy;
const broken = 'cucthads.caobang@thads.moj.gov.vn';
/** The addresses the proxy rejects (read on each call: emptied once the mailbox is "fixed"). */
const rejected = [broken];
let parkedDispatch: { id: string; unitId: string; recipients: number } | undefined;

beforeAll(async () => {
  proxy = await startSesFaultProxy({ throttleFirst: 2, reject: rejected });
  stack = await startTestStack({
    testOnly: {
      retryBaseDelayMs: 20,
      sesEndpoint: (emulatorUrl) => {
        proxy.target = emulatorUrl;
        return proxy.url;
      },
    },
  });
});
afterAll(async () => {
  await stack?.stop();
  await proxy?.stop();
});

describe('email delivery through SES throttling and rejection', () => {
  it('sends every other unit exactly one email, and parks the rejected one visibly after its attempts', async () => {
    const clerk = await stack.tokenFor('u-vanthu', ['clerk']);
    const units = await stack.api('GET', '/units', { token: clerk });
    const brokenUnit = units.json.items.find((u: { email: string }) => u.email === broken);
    expect(brokenUnit, `a demo unit with mailbox ${broken}`).toBeDefined();

    const { id } = (await stack.api('POST', '/dispatches', { token: clerk, body: exampleDispatchContent() })).json;
    await stack.api('POST', `/dispatches/${id}/submit`, { token: clerk, body: { version: 1 } });
    await stack.api('POST', `/dispatches/${id}/sign`, { token: await stack.tokenFor('u-nguyen-van-luc', ['signer']), body: { version: 2 } });
    const issued = await stack.api('POST', `/dispatches/${id}/issue`, { token: clerk, body: { version: 3 } });
    expect(issued.status, issued.text).toBe(200);
    await stack.whenIdle();

    const { stats, items } = (await stack.api('GET', `/dispatches/${id}/recipients`, { token: clerk })).json;
    const mails = (await stack.sesStore()).filter((m) => m.subject.includes(issued.json.symbol));
    const perAddress = new Map<string, number>();
    for (const m of mails) perAddress.set(m.to, (perAddress.get(m.to) ?? 0) + 1);

    expect(proxy.counts.throttled).toBeGreaterThan(0);
    expect([...perAddress.values()].every((n) => n === 1), 'no address got two emails').toBe(true);
    expect(perAddress.has(broken)).toBe(false);
    expect(mails).toHaveLength(items.length - 1);
    expect(stats).toMatchObject({ recipients: items.length, mailSent: items.length - 1, mailFailed: 1 });

    const parked = items.find((r: { unitId: string }) => r.unitId === brokenUnit.id);
    expect(parked).toMatchObject({ mailStatus: 'failed' });
    expect(parked.mailLastError).toContain('MessageRejected');
    // Retried (back-off ≤ 1 s) until its first attempt was older than the window (3 s), then parked;
    // at most one call to SES per attempt (an attempt that found no send slot gave its claim back unsent).
    expect(proxy.counts.rejected).toBeGreaterThanOrEqual(1);
    expect(proxy.counts.rejected).toBeLessThanOrEqual(parked.mailAttempts);
    // Throttled addresses were retried, never parked.
    expect(items.filter((r: { mailStatus: string }) => r.mailStatus === 'failed')).toHaveLength(1);
    // Parked by the mailer itself, so nothing reached the dead-letter queue.
    expect(stack.stack.runner.deadLetters()).toEqual([]);

    const audit = (await stack.api('GET', `/dispatches/${id}/audit`, { token: clerk })).json.items;
    const failed = audit.filter((e: { action: string }) => e.action === 'mail.failed');
    expect(failed).toHaveLength(1);
    expect(Date.parse(failed[0].at) - Date.parse(parked.firstAttemptAt)).toBeGreaterThanOrEqual(3000);
    expect(audit.filter((e: { action: string }) => e.action === 'mail.sent')).toHaveLength(items.length - 1);
    parkedDispatch = { id, unitId: brokenUnit.id, recipients: items.length };
  });

  it('a parked unit whose link a clerk resends once its mailbox works shows as sent, counted once in the sent counter (a copy of the letter counts nothing more)', async () => {
    expect(parkedDispatch, 'the first test parked a unit').toBeDefined();
    const { id, unitId, recipients } = parkedDispatch!;
    const clerk = await stack.tokenFor('u-vanthu', ['clerk']);
    rejected.length = 0; // the mailbox is fixed
    const res = await stack.api('POST', `/dispatches/${id}/recipients/${unitId}/resend-link`, { token: clerk });
    expect(res.status, res.text).toBe(202);
    await stack.whenIdle();
    // The same letter again, as a redelivery or the sweeper would put it: nothing more is sent or counted.
    await enqueueMail([{ kind: 'resend', dispatchId: id, unitId, step: res.json.run.step, scope: 'unit' }]);
    await stack.whenIdle();

    const { stats, items } = (await stack.api('GET', `/dispatches/${id}/recipients`, { token: clerk })).json;
    expect(items.find((r: { unitId: string }) => r.unitId === unitId)).toMatchObject({ mailStatus: 'sent', mailMessageId: expect.any(String) });
    expect(items.filter((r: { mailStatus: string }) => r.mailStatus === 'sent')).toHaveLength(recipients);
    expect(stats).toMatchObject({ recipients, mailSent: recipients, mailFailed: 0 });
    expect((await stack.sesStore()).filter((m) => m.to === broken)).toHaveLength(1);
    const summary = (await stack.api('GET', `/dispatches/${id}`, { token: clerk })).json;
    expect(JSON.stringify(summary)).not.toMatch(/"mailFailed":[1-9]/);
  });
});
