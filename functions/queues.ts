/**
 * The one table of SQS queues and their consumers. CDK makes each queue (with its own dead-letter
 * queue) and an SQS event source for its consumer from a row here; the local stack creates the same
 * queues on the SQS stand-in and its queue runner (infra/local/queue-runner.ts) polls them the way
 * Lambda's event source mapping does, calling the same handler.
 *
 * Why queues and not the table's stream for mail: a stream shard is read one batch after another, and
 * every recipient of a dispatch lives in one partition (one shard), so a stream consumer cannot spread
 * or pace a dispatch's mail, nor delay one record without holding up the rest. A queue message per
 * recipient and step can wait out its own back-off (ChangeMessageVisibility) while the others go on.
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
 * One e-mail per message (`MailMessage` in shared/queue/messages.ts): issue mail, reminders, resends.
 * The send rate is paced across every concurrent batch by shared/mail/pacing.ts; failed sends come back
 * after their own back-off, for an hour at least (MAIL_RETRY_WINDOW_SECONDS), so the receive count
 * (pacing waits and back-offs each count one) is set well above what that can take.
 */
export const MAIL_QUEUE: QueueDef = {
  id: 'mail',
  entry: 'functions/queues/mail-sender.ts',
  batchSize: 10,
  maxConcurrency: 5,
  visibilityTimeoutSeconds: 180,
  maxReceiveCount: 200,
  // `enqueue`: a reminder run's fan-out page puts the run's reminders (and its next page) on this queue.
  needs: ['mail', 'enqueue'],
};

export const queues: readonly QueueDef[] = [MAIL_QUEUE];

export const queueById = (id: string): QueueDef | undefined => queues.find((q) => q.id === id);

/** The queue's name (and the dead-letter queue's, with `-dlq`) within one deployment. */
export const queueName = (prefix: string, id: QueueId) => `${prefix}-${id}`;

/** The environment variable that carries a queue's URL to the functions that send to it. */
export const queueUrlEnv = (id: QueueId) => `QUEUE_URL_${id.toUpperCase().replace(/-/g, '_')}` as const;
