import { Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, StartingPosition, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ConsumerDef, StreamFilter } from '../../functions/consumers';
import type { Monitoring } from './monitoring';

/**
 * The event filter of a consumer, as Lambda event-source filter criteria: the same rule as
 * `matchesFilter` in functions/consumers.ts (event name in the list, and each listed top-level string
 * attribute of the new image equal to one of its values).
 */
export function filterPattern(filter: StreamFilter): Record<string, unknown> {
  const newImage = Object.fromEntries(Object.entries(filter.newImage).map(([attr, values]) => [attr, { S: [...values] }]));
  return { eventName: [...filter.eventName], dynamodb: { NewImage: newImage } };
}

/**
 * One stream consumer's source and its failure queue: the consumer reads the table's stream with its
 * filter, batch size and attempts; a record that still fails after them is parked in the consumer's
 * own queue (Lambda sends the record's stream coordinates, from which it can be replayed while the
 * stream keeps it, 24 hours), so a parked record says which consumer failed it, and each queue has a
 * depth alarm.
 */
export class StreamConsumerSource extends Construct {
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: { fn: IFunction; consumer: ConsumerDef; table: ITable; monitoring: Monitoring }) {
    super(scope, id);
    const { fn, consumer, table, monitoring } = props;
    this.failures = new Queue(this, 'Failures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.failures).acknowledge(
      { id: 'AwsSolutions-SQS3', reason: `This queue is itself the on-failure destination of the ${consumer.id} stream consumer, where its records that failed every attempt are parked; it has no DLQ of its own.` },
      { id: 'Serverless-SQSRedrivePolicy', reason: `This queue is the terminal failure queue of the ${consumer.id} stream consumer, watched by a depth alarm; a redrive policy would only move failed records one queue further.` },
    );
    fn.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: consumer.batchSize,
        // maxAttempts counts the first attempt; Lambda's retryAttempts counts only the retries.
        retryAttempts: consumer.maxAttempts - 1,
        // Split a failing batch to isolate the bad record; handlers also report item failures so
        // the records before it are not processed again.
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.failures),
        filters: [FilterCriteria.filter(filterPattern(consumer.filter))],
      }),
    );
    monitoring.alarm('FailuresParked', this.failures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }), {
      description: `Stream records failed every attempt of the ${consumer.id} consumer and are parked in its failure queue`,
    }, this);
  }
}

/** Why a consumer's role has `dynamodb:ListStreams` on `*` (granted with the stream read). */
export const LIST_STREAMS_REASON =
  'dynamodb:ListStreams, which the stream event-source mapping needs, supports no resource-level permissions, so its resource must be *; the stream reads themselves are scoped to this table\'s stream.';
