import { MAIL_VISIBILITY_TIMEOUT_SECONDS, type QueueDef } from '../shared/queue/queue-def';

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
  visibilityTimeoutSeconds: MAIL_VISIBILITY_TIMEOUT_SECONDS,
  maxReceiveCount: 200,
  // `enqueue`: a reminder run's fan-out page puts the run's reminders (and its next page) on this queue.
  needs: ['mail', 'enqueue'],
};

export const queues: readonly QueueDef[] = [MAIL_QUEUE];

export const queueById = (id: string): QueueDef | undefined => queues.find((q) => q.id === id);
