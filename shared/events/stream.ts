import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../logger';
import { withMetricsFlushed } from '../metrics';
import { correlationIdOf, withCorrelationId } from '../correlation';

/**
 * Runs a stream consumer's per-record work and reports the records that failed, so Lambda (and the
 * local runner) retries only those. A record whose work returns normally is done, even if it was a no-op.
 */
export function streamHandler(name: string, work: (image: Record<string, unknown>, record: DynamoDBRecord) => Promise<'retry' | unknown>) {
  return async (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> => withMetricsFlushed(async () => {
    if (context) logger.addContext(context);
    const failures: string[] = [];
    await Promise.all(
      event.Records.map(async (record) => {
        const image = record.dynamodb?.NewImage;
        if (!image) return;
        const item = unmarshall(image as Record<string, AttributeValue>);
        // An item written under a correlation id (a dispatch, by its issue request) keeps it in scope for its work.
        await withCorrelationId(correlationIdOf(item), async () => {
          try {
            const outcome = await work(item, record);
            if (outcome === 'retry') failures.push(record.dynamodb!.SequenceNumber!);
          } catch (error) {
            logger.error(`${name}: record failed`, { error: error as Error, sequence: record.dynamodb?.SequenceNumber });
            failures.push(record.dynamodb!.SequenceNumber!);
          }
        });
      }),
    );
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  });
}
