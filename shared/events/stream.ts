import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../logger';
import { withMetricsFlushed } from '../metrics';

/**
 * Runs a stream consumer's per-record work and reports the records that failed, so Lambda (and the
 * local runner) retries only those. A record whose work returns normally is done, even if it was a no-op.
 */
export function streamHandler(name: string, work: (image: Record<string, unknown>, record: DynamoDBRecord) => Promise<'retry' | unknown>) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => withMetricsFlushed(async () => {
    const failures: string[] = [];
    await Promise.all(
      event.Records.map(async (record) => {
        const image = record.dynamodb?.NewImage;
        if (!image) return;
        try {
          const outcome = await work(unmarshall(image as Record<string, AttributeValue>), record);
          if (outcome === 'retry') failures.push(record.dynamodb!.SequenceNumber!);
        } catch (error) {
          logger.error(`${name}: record failed`, { error: error as Error, sequence: record.dynamodb?.SequenceNumber });
          failures.push(record.dynamodb!.SequenceNumber!);
        }
      }),
    );
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  });
}
