import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import { appendRotating } from './rotating-file';

/**
 * The business figures, as CloudWatch metrics in embedded metric format (EMF): a JSON line on stdout
 * that CloudWatch turns into a metric, no API call and no AWS access needed. Locally there is no
 * CloudWatch to read them, and one line per invocation would drown the stack's and the tests' output:
 * the local stack sends them to a file instead (LOCAL_METRICS_FILE, see flushMetrics). Names are the
 * dashboard's and the alarms' (infra/aws/monitoring.ts).
 */
export const BusinessMetric = {
  /** A dispatch got its number (the issue route's transaction committed). */
  DispatchesIssued: 'DispatchesIssued',
  /** A unit's link e-mail accepted by SES. */
  EmailsSent: 'EmailsSent',
  /** A send put off: no send slot within the wait, or SES throttled / failed transiently (retried). */
  EmailsThrottled: 'EmailsThrottled',
  /** A send given up for good (refused past the retry window): a clerk sees it as failed. */
  EmailsFailed: 'EmailsFailed',
  /** A unit acknowledged receipt through its link. */
  Acknowledgments: 'Acknowledgments',
  /** A unit sent (or corrected) its report through its link. */
  Reports: 'Reports',
  /** A unit sent an account reset / revoke request through its link. */
  ResetRequests: 'ResetRequests',
  /** A link request refused with 429 (per token or per address rate). */
  LinkRateLimited: 'LinkRateLimited',
  /** A link request with a token that is malformed, unknown, expired or revoked. */
  LinkBadToken: 'LinkBadToken',
  // What the scheduled jobs and the SES events function produce (functions/jobs.ts, shared/events/job.ts).
  /** The reminder job started a dispatch's reminder run (its e-mails are then counted as EmailsSent …). */
  ReminderRuns: 'ReminderRuns',
  /** The overdue digest e-mailed a leader. */
  DigestsSent: 'DigestsSent',
  /** A dispatch whose links expired was closed by the closing job. */
  DispatchesClosed: 'DispatchesClosed',
  /** The mail sweeper put a recipient's overdue mail back on the queue (mail the queue lost or held too long). */
  MailRequeued: 'MailRequeued',
  /** The daily audit seal signed this many chain heads. */
  AuditChainsSealed: 'AuditChainsSealed',
  /** SES reported a unit's e-mail delivered, bounced or complained about (events for other mail are not counted). */
  EmailsDelivered: 'EmailsDelivered',
  EmailsBounced: 'EmailsBounced',
  EmailsComplained: 'EmailsComplained',
} as const;
export type BusinessMetricName = (typeof BusinessMetric)[keyof typeof BusinessMetric];

export const METRICS_NAMESPACE = 'CongVan';
/**
 * The `service` dimension of every business metric. One value for the whole app, not one per function:
 * a figure such as link rejections comes from several functions, and an alarm or a dashboard line can
 * only read one series. Which function emitted a point is in the EMF line's `function` metadata
 * (Logs Insights), and the Logger's own `service` is the function's (POWERTOOLS_SERVICE_NAME).
 */
export const METRICS_SERVICE = 'cong-van';

/** One buffer per process: a Lambda runs one invocation at a time, and the wrappers flush it after each. */
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });

/** Counts one occurrence (or `count`) of a business event, where it happens; flushed at the end of the invocation. */
export function countBusiness(name: BusinessMetricName, count = 1): void {
  if (count > 0) metrics.addMetric(name, MetricUnit.Count, count);
}

/**
 * Writes what was counted, if anything. Powertools' own `logMetrics` middleware would also write a
 * warning line on every invocation that counted nothing (most of them), so the wrappers use this.
 */
export function flushMetrics(): void {
  if (!metrics.hasStoredMetrics()) return;
  // Powertools reads its switch when the module loads; the test stack sets it later (test/support/local-stack.ts):
  // there every function shares one process, and each line is a synchronous write to a pipe.
  if (process.env['POWERTOOLS_METRICS_DISABLED'] === 'true') {
    metrics.clearMetrics();
    return;
  }
  const fn = process.env['POWERTOOLS_SERVICE_NAME'] ?? process.env['AWS_LAMBDA_FUNCTION_NAME'];
  if (fn) metrics.addMetadata('function', fn);
  const file = process.env['LOCAL_METRICS_FILE'];
  if (!file) {
    // Lambda (and anything run without the local stack): Powertools prints the EMF line on stdout.
    metrics.publishStoredMetrics();
    return;
  }
  // The local stack: the same line, appended to its file (`<data dir>/metrics.jsonl`, moved to
  // `metrics.jsonl.1` at 10 MB so a long `npm start` does not fill the disk), and the buffer cleared as
  // publishStoredMetrics clears it.
  const line = JSON.stringify(metrics.serializeMetrics());
  metrics.clearMetrics();
  metrics.clearDimensions();
  metrics.clearMetadata();
  appendRotating(file, line);
}

/** The middy form of flushMetrics: after the handler, and after an error too (what was counted did happen). */
export const metricsFlusher = (): MiddlewareObj => ({
  after: async () => flushMetrics(),
  onError: async () => flushMetrics(),
});

/** For the wrappers that are plain functions (queue, stream, job handlers): flush however `run` ends. */
export async function withMetricsFlushed<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } finally {
    flushMetrics();
  }
}
