import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod/mini';
import { englishIssues } from '../schemas/english-issues';
import type { QueueId } from './queue-def';
import { logger } from '../logger';
import { withMetricsFlushed } from '../metrics';
import { correlationIdOf, withCorrelationId } from '../correlation';
import { backoffSeconds } from '../mail/pacing';
import { delayMessage } from './sqs';

/** What became of one message: done (deleted), or back to the queue after `retryAfterSeconds`. */
export type QueueOutcome = 'done' | { retryAfterSeconds: number };

/**
 * Runs a queue consumer's per-message work, the messages of a batch side by side, and reports the
 * ones to come again (ReportBatchItemFailures): the event source mapping deletes the others. A message
 * that asks to come back later is first hidden for that long (ChangeMessageVisibility), so it returns
 * after its own back-off rather than after the queue's visibility timeout. A message that threw comes
 * back after a jittered back-off on its receive count. A body that does not parse can never succeed:
 * logged and dropped, not retried.
 */
export function queueHandler<S extends z.ZodMiniType>(queue: QueueId, schema: S, work: (message: z.infer<S>, record: SQSRecord) => Promise<QueueOutcome>) {
  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => withMetricsFlushed(async () => {
    if (context) logger.addContext(context);
    const failures: string[] = [];
    await Promise.all(
      event.Records.map(async (record) => {
        let body: unknown;
        try {
          body = JSON.parse(record.body);
        } catch {
          body = undefined;
        }
        // Under the id of what sent it (the issue request, for a dispatch's mail): every line of this message carries it.
        await withCorrelationId(correlationIdOf(body), () => handleMessage(record, body));
      }),
    );
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };

    async function handleMessage(record: SQSRecord, body: unknown): Promise<void> {
      const parsed = schema.safeParse(body, { error: englishIssues() });
      if (!parsed.success) {
        logger.error(`${queue}: message dropped, its body is not a message of this queue`, { messageId: record.messageId, issues: parsed.error?.issues });
        return;
      }
      let outcome: QueueOutcome;
      try {
        outcome = await work(parsed.data, record);
      } catch (error) {
        logger.error(`${queue}: message failed`, { error: error as Error, messageId: record.messageId });
        const received = Number(record.attributes?.ApproximateReceiveCount ?? '1');
        outcome = { retryAfterSeconds: backoffSeconds(received, Math.random, { baseSeconds: 2, maxSeconds: 300 }) };
      }
      if (outcome === 'done') return;
      try {
        await delayMessage(queue, record.receiptHandle, outcome.retryAfterSeconds);
      } catch (error) {
        // It still comes back, after the queue's visibility timeout instead.
        logger.warn(`${queue}: could not set the message's back-off`, { error: error as Error, messageId: record.messageId });
      }
      failures.push(record.messageId);
    }
  });
}
