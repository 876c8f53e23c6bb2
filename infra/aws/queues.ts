import { Duration, Validations } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueDef } from '../../shared/queue/queue-def';
import type { Monitoring } from './monitoring';

/**
 * One queue of functions/queues.ts: SQS-managed encryption, TLS only, its own dead-letter queue (14
 * days) that the queue's redrive policy fills after maxReceiveCount receives, an alarm on that depth,
 * and the consumer's SQS event source (batch size, maximum concurrency, partial batch failures).
 */
export class WorkQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, readonly def: QueueDef, monitoring: Monitoring) {
    super(scope, id);
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge(
      { id: 'Serverless-SQSRedrivePolicy', reason: `This queue is the terminal dead-letter queue of the ${def.id} queue, watched by a depth alarm and put back by npm run queue:replay or POST /queues/${def.id}/replay.` },
    );
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(def.visibilityTimeoutSeconds),
      // Longer than the mail retry window (an hour) with room to spare; the sweeper re-enqueues anyway.
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: def.maxReceiveCount },
    });
    monitoring.alarm('DeadLettersParked', this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }), {
      description: `Messages of the ${def.id} queue failed ${def.maxReceiveCount} receives and are parked in its dead-letter queue`,
    }, this);
  }

  /** The consumer: Lambda deletes what the handler did not report as failed (ReportBatchItemFailures). */
  attach(fn: IFunction): void {
    fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: this.def.batchSize,
        maxConcurrency: Math.max(2, this.def.maxConcurrency),
        reportBatchItemFailures: true,
      }),
    );
    const mapping = fn.node.children.find((c) => c.node.id.startsWith('SqsEventSource:'));
    if (mapping) {
      Validations.of(mapping).acknowledge({
        id: 'Serverless-LambdaEventSourceMappingDestination',
        reason: `An SQS event source mapping has no on-failure destination (Lambda supports them for streams and Kafka only): a message of the ${this.def.id} queue that keeps failing is moved by the queue's redrive policy to its own dead-letter queue, watched by an alarm.`,
      });
    }
    // The mapping's grant (receive, delete, ChangeMessageVisibility on this queue) also covers the
    // handler hiding a message for its back-off (shared/queue/sqs.ts delayMessage).
  }

  /** SendMessage (SendMessageBatch is authorised by it), and nothing else. */
  grantSend(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }));
  }

  /**
   * What the replay needs: the queue's RedrivePolicy (GetQueueAttributes), StartMessageMoveTask and
   * ListMessageMoveTasks on the dead-letter queue, which moves messages back to their source queue (SQS
   * requires ReceiveMessage, DeleteMessage and GetQueueAttributes on the DLQ and SendMessage on the source).
   */
  grantReplay(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['sqs:GetQueueAttributes'], resources: [this.queue.queueArn] }));
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['sqs:StartMessageMoveTask', 'sqs:ListMessageMoveTasks', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
        resources: [this.deadLetters.queueArn],
      }),
    );
    this.grantSend(grantee);
  }
}
