import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../../shared/logger';
import { withCorrelationId } from '../../shared/correlation';
import { enqueueMail } from '../../shared/queue/messages';

/**
 * Recipients whose e-mail is queued → one message each on the mail queue (functions/queues.ts), ten
 * per SendMessageBatch. Sending, pacing and retries happen there. A failed enqueue fails the whole
 * batch (reported from its first record), so it is enqueued again: a message twice is harmless, as the
 * mail consumer claims each recipient's step once.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const records = event.Records.filter((r) => r.dynamodb?.NewImage);
  // Grouped by the dispatch's correlation id, which the recipient item carries (a batch may hold several dispatches).
  const byCorrelation = new Map<string | undefined, { kind: 'issue'; dispatchId: string; unitId: string; step: string }[]>();
  for (const r of records) {
    const id = r.dynamodb!.NewImage!['correlationId']?.S;
    const group = byCorrelation.get(id) ?? [];
    group.push({ kind: 'issue', dispatchId: String(r.dynamodb!.NewImage!['dispatchId']?.S), unitId: String(r.dynamodb!.NewImage!['unitId']?.S), step: 'issue' });
    byCorrelation.set(id, group);
  }
  try {
    for (const [id, messages] of byCorrelation) {
      await withCorrelationId(id, async () => {
        logger.info('recipients queued for mail', { dispatchId: messages[0]!.dispatchId, count: messages.length });
        await enqueueMail(messages);
      });
    }
    return { batchItemFailures: [] };
  } catch (error) {
    logger.error('recipient-mailer: enqueue failed', { error: error as Error, records: records.length });
    const first = records[0]?.dynamodb?.SequenceNumber;
    return { batchItemFailures: first ? [{ itemIdentifier: first }] : [] };
  }
};
