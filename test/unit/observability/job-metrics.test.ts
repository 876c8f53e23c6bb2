import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { counted, emfLinesOf } from '../../support/emf';

/**
 * The scheduled jobs and the SES events function write the business figures they produce as metrics
 * (shared/events/job.ts, shared/metrics.ts): one EMF line per run. The services are replaced here, so what
 * is checked is which figure of a run becomes which metric. Also where the lines go: stdout (Lambda), or
 * the local stack's file when LOCAL_METRICS_FILE is set.
 */
process.env['TABLE_NAME'] ??= 'unit-test';
process.env['PDF_BUCKET'] ??= 'unit-test';
process.env['MAIL_FROM'] ??= 'vanthu@thads.moj.gov.vn';
process.env['PUBLIC_BASE_URL'] ??= 'http://localhost:3000';
delete process.env['LOCAL_METRICS_FILE'];
// Only warnings: the jobs' info lines are not what is tested.
process.env['POWERTOOLS_LOG_LEVEL'] = 'WARN';

const svc = vi.hoisted(() => ({
  runScheduledReminders: vi.fn(),
  runOverdueDigest: vi.fn(),
  closeDueDispatches: vi.fn(),
  sweepPendingMail: vi.fn(),
  sweepStalledReminderRuns: vi.fn(),
  sealAuditChains: vi.fn(),
  findMessage: vi.fn(),
  recordMailEvent: vi.fn(),
}));
vi.mock('../../../shared/services/reminders', async (actual) => ({ ...(await actual<object>()), runScheduledReminders: svc.runScheduledReminders }));
vi.mock('../../../shared/services/staff-notices', async (actual) => ({ ...(await actual<object>()), runOverdueDigest: svc.runOverdueDigest }));
vi.mock('../../../shared/services/open-dispatches', async (actual) => ({ ...(await actual<object>()), closeDueDispatches: svc.closeDueDispatches }));
vi.mock('../../../shared/services/mail-sweep', async (actual) => ({ ...(await actual<object>()), sweepPendingMail: svc.sweepPendingMail }));
vi.mock('../../../shared/services/reminder-sweep', async (actual) => ({ ...(await actual<object>()), sweepStalledReminderRuns: svc.sweepStalledReminderRuns }));
vi.mock('../../../shared/services/audit-verification', async (actual) => ({ ...(await actual<object>()), sealAuditChains: svc.sealAuditChains }));
vi.mock('../../../shared/data/mail-event-repo', async (actual) => ({ ...(await actual<object>()), findMessage: svc.findMessage, recordMailEvent: svc.recordMailEvent }));

const { metrics, countBusiness, flushMetrics, BusinessMetric } = await import('../../../shared/metrics');
const jobs = {
  reminders: (await import('../../../functions/jobs/reminders')).handler,
  digest: (await import('../../../functions/jobs/overdue-digest')).handler,
  close: (await import('../../../functions/jobs/close-dispatches')).handler,
  sweep: (await import('../../../functions/jobs/mail-sweep')).handler,
  seal: (await import('../../../functions/jobs/audit-seal')).handler,
  sesEvents: (await import('../../../functions/events/ses-events')).handler,
};

const sesEvent = (eventType: string) => ({ detail: { eventType, mail: { messageId: 'm-1' } } }) as Parameters<typeof jobs.sesEvents>[0];

beforeEach(() => {
  vi.clearAllMocks();
  metrics.clearMetrics();
});
afterEach(() => metrics.clearMetrics());

describe('scheduled jobs emit what they produce', () => {
  it('reminders: the reminder runs started', async () => {
    svc.runScheduledReminders.mockResolvedValue({ dispatches: 4, runs: 3, finished: true });
    const lines = await emfLinesOf(() => jobs.reminders());
    expect(lines).toHaveLength(1);
    expect(counted(lines)).toEqual({ ReminderRuns: 3 });
  });

  it('overdue digest: the digests e-mailed', async () => {
    svc.runOverdueDigest.mockResolvedValue({ leaders: 5, sent: 2 });
    expect(counted(await emfLinesOf(() => jobs.digest()))).toEqual({ DigestsSent: 2 });
  });

  it('closing: the dispatches closed', async () => {
    svc.closeDueDispatches.mockResolvedValue({ checked: 9, closed: 4, dropped: 1, adopted: 0 });
    expect(counted(await emfLinesOf(() => jobs.close()))).toEqual({ DispatchesClosed: 4 });
  });

  it('mail sweep: the mail put back on the queue, and no line when there was none', async () => {
    svc.sweepStalledReminderRuns.mockResolvedValue({ runs: 0 });
    svc.sweepPendingMail.mockResolvedValue({ enqueued: 7 });
    expect(counted(await emfLinesOf(() => jobs.sweep()))).toEqual({ MailRequeued: 7 });
    svc.sweepPendingMail.mockResolvedValue({ enqueued: 0 });
    expect(await emfLinesOf(() => jobs.sweep())).toEqual([]);
  });

  it('audit seal: the chain heads sealed', async () => {
    svc.sealAuditChains.mockResolvedValue({ key: 'audit-seals/x.json', heads: 12, digest: 'ab' });
    expect(counted(await emfLinesOf(() => jobs.seal()))).toEqual({ AuditChainsSealed: 12 });
  });

  it('a run that fails writes nothing (its figures are unknown) and still fails', async () => {
    svc.closeDueDispatches.mockRejectedValue(new Error('table unavailable'));
    await expect(jobs.close()).rejects.toThrow('table unavailable');
    expect(await emfLinesOf(() => jobs.close())).toEqual([]);
  });
});

describe('SES events', () => {
  it('count a recorded delivery, bounce and complaint; not a repeat, nor mail that is not ours', async () => {
    svc.findMessage.mockResolvedValue({ dispatchId: 'd-1', unitId: 'u-1' });
    svc.recordMailEvent.mockResolvedValue(true);
    expect(counted(await emfLinesOf(() => jobs.sesEvents(sesEvent('Delivery'))))).toEqual({ EmailsDelivered: 1 });
    expect(counted(await emfLinesOf(() => jobs.sesEvents(sesEvent('Bounce'))))).toEqual({ EmailsBounced: 1 });
    expect(counted(await emfLinesOf(() => jobs.sesEvents(sesEvent('Complaint'))))).toEqual({ EmailsComplained: 1 });
    // Delivered twice by EventBridge: the second is not recorded, so not counted.
    svc.recordMailEvent.mockResolvedValue(false);
    expect(await emfLinesOf(() => jobs.sesEvents(sesEvent('Bounce')))).toEqual([]);
    svc.findMessage.mockResolvedValue(undefined);
    expect(await emfLinesOf(() => jobs.sesEvents(sesEvent('Bounce')))).toEqual([]);
  });
});

describe('where the EMF lines go', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cv-metrics-'));
  });
  afterEach(async () => {
    delete process.env['LOCAL_METRICS_FILE'];
    await rm(dir, { recursive: true, force: true });
  });

  it('with LOCAL_METRICS_FILE (the local stack): appended to that file, nothing on stdout, the buffer cleared', async () => {
    const file = path.join(dir, 'metrics.jsonl');
    process.env['LOCAL_METRICS_FILE'] = file;
    const stdout = await emfLinesOf(async () => {
      countBusiness(BusinessMetric.DispatchesIssued);
      flushMetrics();
      countBusiness(BusinessMetric.EmailsSent, 2);
      flushMetrics();
    });
    expect(stdout).toEqual([]);
    const lines = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(counted(lines)).toEqual({ DispatchesIssued: 1, EmailsSent: 2 });
    expect(metrics.hasStoredMetrics()).toBe(false);
  });

  it('without it (Lambda): on stdout, where the function log takes it to CloudWatch', async () => {
    const lines = await emfLinesOf(async () => {
      countBusiness(BusinessMetric.Reports);
      flushMetrics();
    });
    expect(counted(lines)).toEqual({ Reports: 1 });
  });
});
