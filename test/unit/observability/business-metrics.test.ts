import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { counted, emfLinesOf as emfLinesWrittenBy } from '../../support/emf';
import { dispatchIssuedMail } from '../../../templates/email/dispatch-issued';
import { exampleLetterContent } from '../../../infra/local/demo-data';
import type { DispatchRecord } from '../../../shared/data/dispatch-repo';
import type { RecipientRecord } from '../../../shared/data/recipient-repo';

/**
 * The business figures (shared/metrics.ts): each service counts its event where it happens, and the
 * handler wrappers write the counts as one EMF line per invocation. The data layer is replaced here,
 * so the test needs no table: what is checked is which metric a service records for which outcome.
 */
process.env['TABLE_NAME'] ??= 'unit-test';
process.env['PDF_BUCKET'] ??= 'unit-test';
process.env['MAIL_FROM'] ??= 'vanthu@thads.moj.gov.vn';
process.env['PUBLIC_BASE_URL'] ??= 'http://localhost:3000';

const data = vi.hoisted(() => ({
  useLink: vi.fn(),
  countWithin: vi.fn(),
  getRecipient: vi.fn(),
  getDispatch: vi.fn(),
  claimMail: vi.fn(),
  releaseForRetry: vi.fn(),
  markMailFailed: vi.fn(),
  markMailSent: vi.fn(),
  rememberAccepted: vi.fn(),
}));
vi.mock('../../../shared/data/link-repo', async (actual) => ({ ...(await actual<object>()), useLink: data.useLink }));
vi.mock('../../../shared/data/rate-limit-repo', async (actual) => ({ ...(await actual<object>()), countWithin: data.countWithin }));
vi.mock('../../../shared/data/dispatch-repo', async (actual) => ({ ...(await actual<object>()), getDispatch: data.getDispatch }));
// The mail consumer reads the dispatch and the recipient in one BatchGet (shared/data/mail-items.ts).
vi.mock('../../../shared/data/mail-items', () => ({
  readLetterItems: async () => ({ dispatch: await data.getDispatch(), recipient: await data.getRecipient(), auditHead: { entity: 'DISPATCH#d-1', chain: 'RECIPIENT#u-1', found: undefined }, extra: [] }),
}));
vi.mock('../../../shared/data/recipient-repo', async (actual) => ({
  ...(await actual<object>()),
  getRecipient: data.getRecipient,
  claimMail: data.claimMail,
  releaseForRetry: data.releaseForRetry,
  markMailFailed: data.markMailFailed,
  markMailSent: data.markMailSent,
  rememberAccepted: data.rememberAccepted,
}));

const { BusinessMetric, countBusiness, flushMetrics, metrics, METRICS_NAMESPACE } = await import('../../../shared/metrics');
const { resolveLink } = await import('../../../shared/services/link-session');
const { sendQueuedMail } = await import('../../../shared/services/mailing');

/** The EMF lines written while `run` runs, the counts flushed at its end as the handler wrappers do. */
const emfLinesOf = (run: () => Promise<unknown>) => emfLinesWrittenBy(run, flushMetrics);

const NOW = new Date('2026-11-20T03:00:00.000Z');

const dispatch = (): DispatchRecord =>
  ({
    id: 'd-1',
    state: 'issued',
    version: 4,
    agencyCode: 'TCTHADS',
    contentHash: 'x',
    createdAt: '2026-11-01T01:00:00.000Z',
    createdBy: 'u-vanthu',
    updatedAt: '2026-11-20T01:00:00.000Z',
    issuedOn: '2026-11-20',
    symbol: '12/TCTHADS-VP',
    content: exampleLetterContent(),
  }) as unknown as DispatchRecord;

const recipient = (over: Partial<RecipientRecord> = {}): RecipientRecord =>
  ({
    dispatchId: 'd-1',
    unitId: 'u-1',
    unitName: 'Cục THADS tỉnh A',
    email: 'a@example.vn',
    role: 'action',
    mailStatus: 'queued',
    mailAttempts: 0,
    ...over,
  }) as unknown as RecipientRecord;

const mailDeps = (send: () => Promise<{ messageId: string }>, slot = true) => ({
  mailer: { send },
  clock: { now: () => NOW },
  sendSlot: async () => slot,
  render: dispatchIssuedMail,
  random: () => 0.5,
});

beforeEach(() => {
  vi.clearAllMocks();
  metrics.clearMetrics();
  data.getDispatch.mockResolvedValue(dispatch());
  data.getRecipient.mockResolvedValue(recipient());
  data.claimMail.mockResolvedValue(true);
  data.rememberAccepted.mockResolvedValue(true);
});
afterEach(() => metrics.clearMetrics());

describe('the metrics module', () => {
  it('writes one EMF line in the CongVan namespace with what was counted, and nothing when nothing was', async () => {
    const lines = await emfLinesOf(async () => {
      countBusiness(BusinessMetric.DispatchesIssued);
      countBusiness(BusinessMetric.DispatchesIssued);
    });
    expect(lines).toHaveLength(1);
    const aws = lines[0]!['_aws'] as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
    expect(aws.CloudWatchMetrics[0]!.Namespace).toBe(METRICS_NAMESPACE);
    expect(aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service']]);
    expect(aws.CloudWatchMetrics[0]!.Metrics).toEqual([{ Name: 'DispatchesIssued', Unit: 'Count' }]);
    expect(counted(lines)).toEqual({ DispatchesIssued: 2 });
    expect(await emfLinesOf(async () => undefined)).toEqual([]);
  });
});

describe('link rejections', () => {
  it('a malformed token counts as a bad token', async () => {
    data.countWithin.mockResolvedValue(true);
    expect(counted(await emfLinesOf(() => resolveLink('not-a-token', '203.0.113.9', NOW)))).toEqual({ LinkBadToken: 1 });
  });

  it('an address over its rate counts as rate-limited (429), not as a bad token', async () => {
    data.countWithin.mockResolvedValue(false);
    expect(counted(await emfLinesOf(() => resolveLink(undefined, '203.0.113.9', NOW)))).toEqual({ LinkRateLimited: 1 });
  });
});

describe('e-mails', () => {
  it('an accepted send counts as sent', async () => {
    const lines = await emfLinesOf(() => sendQueuedMail({ dispatchId: 'd-1', unitId: 'u-1', step: 'issue' } as never, mailDeps(async () => ({ messageId: 'm-1' }))));
    expect(counted(lines)).toEqual({ EmailsSent: 1 });
  });

  it('no send slot counts as throttled', async () => {
    const lines = await emfLinesOf(() => sendQueuedMail({ dispatchId: 'd-1', unitId: 'u-1', step: 'issue' } as never, mailDeps(async () => ({ messageId: 'm-1' }), false)));
    expect(counted(lines)).toEqual({ EmailsThrottled: 1 });
  });

  it('SES throttling counts as throttled; a refusal past the retry window as failed', async () => {
    const throttling = Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } });
    expect(counted(await emfLinesOf(() => sendQueuedMail({ dispatchId: 'd-1', unitId: 'u-1', step: 'issue' } as never, mailDeps(async () => Promise.reject(throttling)))))).toEqual({ EmailsThrottled: 1 });

    data.getRecipient.mockResolvedValue(recipient({ mailStatus: 'retrying', mailAttempts: 5, firstAttemptAt: '2026-11-01T00:00:00.000Z' } as Partial<RecipientRecord>));
    const refused = Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected', $metadata: { httpStatusCode: 400 } });
    expect(counted(await emfLinesOf(() => sendQueuedMail({ dispatchId: 'd-1', unitId: 'u-1', step: 'issue' } as never, mailDeps(async () => Promise.reject(refused)))))).toEqual({ EmailsFailed: 1 });
  });
});
