import { Duration, Validations } from 'aws-cdk-lib';
import { Rule, Schedule, type EventPattern } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { JobDef } from '../../functions/jobs';
import type { Monitoring } from './monitoring';

/** What starts a job: a daily time (UTC), a fixed rate, or a pattern of events on the default bus. */
export type JobTrigger = { daily: { hour: string; minute: string } } | { every: Duration } | { events: EventPattern };

export interface JobWiring {
  job: JobDef;
  fn: IFunction;
  trigger: JobTrigger;
  description: string;
  /** Lambda's own retries of an asynchronous invocation that failed (0–2). */
  retryAttempts: number;
  maxEventAge: Duration;
}

/**
 * A function EventBridge invokes asynchronously. Two ways a run can be lost, each with its own queue:
 * EventBridge cannot deliver the event to Lambda (the target's dead-letter queue), or Lambda ran it
 * and it failed after Lambda's own retries (the function's on-failure destination, which keeps the
 * event and the error). One failure queue per job, so a parked run says which job it was, and an
 * alarm on each.
 */
export class EventJob extends Construct {
  readonly failures: Queue;

  constructor(scope: Construct, id: string, wiring: JobWiring, monitoring: Monitoring) {
    super(scope, id);
    this.failures = new Queue(this, 'Failures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.failures).acknowledge(
      { id: 'AwsSolutions-SQS3', reason: `This queue is itself where failed runs of the ${wiring.job.id} job are parked (EventBridge's dead letters and Lambda's on-failure destination); it has no DLQ of its own.` },
      { id: 'Serverless-SQSRedrivePolicy', reason: `This queue is the terminal failure queue of the ${wiring.job.id} job, watched by a depth alarm; a redrive policy would only move failed runs one queue further.` },
    );
    wiring.fn.configureAsyncInvoke({
      onFailure: new SqsDestination(this.failures),
      retryAttempts: wiring.retryAttempts,
      maxEventAge: wiring.maxEventAge,
    });
    const target = new LambdaFunction(wiring.fn, { deadLetterQueue: this.failures, retryAttempts: 2, maxEventAge: wiring.maxEventAge });
    new Rule(this, 'Rule', {
      description: wiring.description,
      ...('daily' in wiring.trigger
        ? { schedule: Schedule.cron(wiring.trigger.daily) }
        : 'every' in wiring.trigger
          ? { schedule: Schedule.rate(wiring.trigger.every) }
          : { eventPattern: wiring.trigger.events }),
      targets: [target],
    });
    monitoring.alarm('FailuresParked', this.failures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }), {
      description: `Runs of the ${wiring.job.id} job failed after every retry and are parked in its failure queue`,
    }, this);
  }
}
