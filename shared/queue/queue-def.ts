/**
 * The shape of a row of the queue table (functions/queues.ts, the edge's) and the names derived from it,
 * for the shared code that sends to, leases from or replays a queue without importing the table.
 */
export type QueueId = 'mail';

export interface QueueDef {
  readonly id: QueueId;
  /** Handler module, relative to the repository root; it exports `handler` (an SQSHandler returning batch item failures). */
  readonly entry: string;
  /** Messages per invocation (ReceiveMessage's MaxNumberOfMessages locally: at most 10). */
  readonly batchSize: number;
  /** Batches in flight at once (the event source mapping's maximum concurrency; AWS allows 2–1000). */
  readonly maxConcurrency: number;
  /**
   * Seconds a received message stays hidden. Longer than the handler may run (the function's timeout),
   * so a live attempt is never delivered twice; claims held while a message is hidden use it as their
   * lease (shared/services/mailing.ts), so a crashed attempt's claim runs out when its message reappears.
   */
  readonly visibilityTimeoutSeconds: number;
  /** Receives before the queue moves a message to its dead-letter queue: a safety net, not the retry policy. */
  readonly maxReceiveCount: number;
  readonly needs: readonly ('mail' | 'enqueue')[];
}

/**
 * The mail queue's visibility timeout: longer than the mail sender may run (its timeout), and so the
 * lease of a mail or reminder claim (shared/queue/mail-lease.ts) unless a deployment sets its own.
 */
export const MAIL_VISIBILITY_TIMEOUT_SECONDS = 180;

/** The queue's name (and the dead-letter queue's, with `-dlq`) within one deployment. */
export const queueName = (prefix: string, id: QueueId) => `${prefix}-${id}`;

/** The environment variable that carries a queue's URL to the functions that send to it. */
export const queueUrlEnv = (id: QueueId) => `QUEUE_URL_${id.toUpperCase().replace(/-/g, '_')}` as const;
