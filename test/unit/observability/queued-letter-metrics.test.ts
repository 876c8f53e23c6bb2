import { beforeEach, describe, expect, it, vi } from 'vitest';
import { dispatchIssuedMail } from '../../../templates/email/dispatch-issued';
import { exampleLetterContent } from '../../../infra/local/demo-data';
import type { DispatchRecord } from '../../../shared/data/dispatch-repo';
import type { RecipientRecord } from '../../../shared/data/recipient-repo';
import type { ReminderRun } from '../../../shared/data/reminder-run-repo';

/**
 * Issue 10: a clerk's resend and a reminder of one unit go through the mail queue like every other
 * letter, and are counted the same way (EmailsSent / EmailsThrottled / EmailsFailed, shared/metrics.ts):
 * the direct resend used to send without counting. The data layer is replaced: what is checked is
 * which figure the queued letter's consumer records for which outcome, and which run it counts on.
 */
process.env['TABLE_NAME'] ??= 'unit-test';
process.env['PDF_BUCKET'] ??= 'unit-test';
process.env['MAIL_FROM'] ??= 'vanthu@thads.moj.gov.vn';
process.env['PUBLIC_BASE_URL'] ??= 'http://localhost:3000';

const data = vi.hoisted(() => ({
  getRecipient: vi.fn(),
  getDispatch: vi.fn(),
  getRun: vi.fn(),
  countUnitRunSkipped: vi.fn(),
  claimReminderAttempt: vi.fn(),
  releaseReminderAttempt: vi.fn(),
  rememberReminderAccepted: vi.fn(),
  recordReminderSent: vi.fn(),
  recordReminderEnded: vi.fn(),
  countReminderSkipped: vi.fn(),
}));
vi.mock('../../../shared/data/dispatch-repo', async (actual) => ({ ...(await actual<object>()), getDispatch: data.getDispatch }));
vi.mock('../../../shared/data/recipient-repo', async (actual) => ({ ...(await actual<object>()), getRecipient: data.getRecipient }));
vi.mock('../../../shared/data/reminder-run-repo', async (actual) => ({ ...(await actual<object>()), getRun: data.getRun, countUnitRunSkipped: data.countUnitRunSkipped }));
// The letter's items come in one BatchGet (shared/data/mail-items.ts): the run's key names its step and unit.
vi.mock('../../../shared/data/mail-items', () => ({
  readLetterItems: async (dispatchId: string, unitId: string, extra: { SK: string }[] = []) => ({
    dispatch: await data.getDispatch(dispatchId),
    recipient: await data.getRecipient(dispatchId, unitId),
    auditHead: { entity: `DISPATCH#${dispatchId}`, chain: `RECIPIENT#${unitId}`, found: undefined },
    extra: await Promise.all(
      extra.map(({ SK }) => {
        const unit = /^UNITRUN#(.+?)#(.+)$/.exec(SK);
        return unit ? data.getRun(dispatchId, unit[2], unit[1]) : data.getRun(dispatchId, SK.slice('REMINDRUN#'.length));
      }),
    ),
  }),
}));
vi.mock('../../../shared/data/reminder-claim-repo', () => ({
  claimReminderAttempt: data.claimReminderAttempt,
  releaseReminderAttempt: data.releaseReminderAttempt,
  rememberReminderAccepted: data.rememberReminderAccepted,
  recordReminderSent: data.recordReminderSent,
  recordReminderEnded: data.recordReminderEnded,
  countReminderSkipped: data.countReminderSkipped,
}));

const { flushMetrics, metrics } = await import('../../../shared/metrics');
const { sendQueuedReminder } = await import('../../../shared/services/reminder-mail');

const NOW = new Date('2026-11-20T03:00:00.000Z');

async function counted(run: () => Promise<unknown>): Promise<Record<string, number>> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    await run();
    flushMetrics();
  } finally {
    spy.mockRestore();
  }
  const out: Record<string, number> = {};
  for (const line of lines.flatMap((l) => l.split('\n')).filter((l) => l.includes('"_aws"'))) {
    const parsed = JSON.parse(line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] } };
    for (const { Name } of parsed._aws.CloudWatchMetrics[0]!.Metrics) {
      const v = parsed[Name] as number | number[];
      out[Name] = (out[Name] ?? 0) + (Array.isArray(v) ? v.reduce((a, b) => a + b, 0) : v);
    }
  }
  return out;
}

const dispatch = { id: 'd-1', state: 'issued', issuedOn: '2026-11-20', symbol: '12/TCTHADS-VP', pdfSha256: 'abc', content: exampleLetterContent() } as unknown as DispatchRecord;
const recipient = { dispatchId: 'd-1', unitId: 'u-1', unitName: 'Cục THADS tỉnh A', email: 'a@example.vn', role: 'action', mailStatus: 'sent', mailAttempts: 1, tokenHash: 'old' } as unknown as RecipientRecord;
const run = (step: string): ReminderRun => ({ dispatchId: 'd-1', step, unitId: 'u-1', actor: 'u-vanthu', actorName: 'Trần Thị Hương', createdAt: NOW.toISOString(), fannedOut: true, queued: 1, sent: 0, failed: 0, skipped: 0 });
const deps = (send: (mail: { to: string; text: string }) => Promise<{ messageId: string }>, slot = true) => ({ mailer: { send }, clock: { now: () => NOW }, sendSlot: async () => slot, random: () => 0.5, render: dispatchIssuedMail });
const resend = { kind: 'resend' as const, dispatchId: 'd-1', unitId: 'u-1', step: 'resend:2026-11-20T03:00', scope: 'unit' as const, correlationId: 'c' };

beforeEach(() => {
  vi.clearAllMocks();
  metrics.clearMetrics();
  data.getDispatch.mockResolvedValue(dispatch);
  data.getRecipient.mockResolvedValue(recipient);
  data.getRun.mockImplementation(async (_d: string, step: string) => run(step));
  data.claimReminderAttempt.mockResolvedValue(true);
  data.rememberReminderAccepted.mockResolvedValue(true);
  data.recordReminderSent.mockResolvedValue(true);
  data.recordReminderEnded.mockResolvedValue(true);
});

describe('a clerk\'s resend through the mail queue', () => {
  it('counts an accepted send as sent, on the unit\'s run, audited as link.resent with the document hash', async () => {
    expect(await counted(() => sendQueuedReminder(resend, deps(async () => ({ messageId: 'm-1' }))))).toEqual({ EmailsSent: 1 });
    expect(data.getRun).toHaveBeenCalledWith('d-1', resend.step, 'u-1');
    const recorded = data.recordReminderSent.mock.calls[0]![0];
    expect(recorded).toMatchObject({ step: resend.step, unitRun: true, audit: { action: 'link.resent', actor: 'u-vanthu', actorName: 'Trần Thị Hương', documentHash: 'abc' } });
  });

  it('counts no send slot and SES throttling as throttled, and a refusal past the retry window as failed', async () => {
    expect(await counted(() => sendQueuedReminder(resend, deps(async () => ({ messageId: 'm-1' }), false)))).toEqual({ EmailsThrottled: 1 });
    const throttling = Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } });
    expect(await counted(() => sendQueuedReminder(resend, deps(() => Promise.reject(throttling))))).toEqual({ EmailsThrottled: 1 });
    data.getRun.mockImplementation(async (_d: string, step: string) => ({ ...run(step), createdAt: '2026-11-19T00:00:00.000Z' }));
    const refused = Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected', $metadata: { httpStatusCode: 400 } });
    expect(await counted(() => sendQueuedReminder(resend, deps(() => Promise.reject(refused))))).toEqual({ EmailsFailed: 1 });
    expect(data.recordReminderEnded.mock.calls[0]![0]).toMatchObject({ outcome: 'failed', unitRun: true, audit: { action: 'mail.failed' } });
  });

  it('sends nothing and counts nothing for a step already done; its one letter counts as skipped on the unit\'s run', async () => {
    data.getRecipient.mockResolvedValue({ ...recipient, remindedSteps: new Set([resend.step]) });
    const send = vi.fn();
    expect(await counted(() => sendQueuedReminder(resend, deps(send)))).toEqual({});
    expect(send).not.toHaveBeenCalled();
    expect(data.countUnitRunSkipped).toHaveBeenCalledWith('d-1', resend.step, 'u-1');
  });
});

describe('a clerk\'s reminder of one unit through the mail queue', () => {
  it('counts an accepted send as sent, on the unit\'s run, with the reminder\'s text', async () => {
    const send = vi.fn(async (_mail: { text: string }) => ({ messageId: 'm-2' }));
    const message = { kind: 'reminder' as const, dispatchId: 'd-1', unitId: 'u-1', step: 'manual:2026-11-20T03:00', scope: 'unit' as const, correlationId: 'c' };
    expect(await counted(() => sendQueuedReminder(message, deps(send)))).toEqual({ EmailsSent: 1 });
    expect(send.mock.calls[0]![0].text).toContain('Văn thư nhắc đơn vị');
    expect(data.recordReminderSent.mock.calls[0]![0]).toMatchObject({ unitRun: true, audit: { action: 'reminder.sent' } });
  });
});
