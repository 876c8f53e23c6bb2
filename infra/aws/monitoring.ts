import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface MonitoringProps {
  /** Optional address to notify; without it, subscribe the topic elsewhere (chat, paging). */
  readonly alarmEmail?: string;
}

export interface AlarmOptions {
  readonly description: string;
  /** The alarm fires when the metric is above this value (default 0: any occurrence). */
  readonly above?: number;
  readonly evaluationPeriods?: number;
}

/**
 * The alarm topic and a helper creating alarms on it. The topic is encrypted with its own KMS key:
 * the AWS managed SNS key cannot be used because its key policy does not let CloudWatch encrypt
 * the notifications it publishes.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);

    const key = new Key(this, 'TopicKey', {
      description: 'Encrypts the alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');

    this.topic = new Topic(this, 'AlarmTopic', { masterKey: key, enforceSSL: true, displayName: 'Cong van alarms' });
    this.action = new SnsAction(this.topic);

    if (props.alarmEmail) {
      // Notifications SNS cannot deliver to the address are kept here rather than dropped.
      const undelivered = new Queue(this, 'UndeliveredAlarms', {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      Validations.of(undelivered).acknowledge(
        { id: 'AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter queue of the alarm email subscription.' },
        { id: 'Serverless-SQSRedrivePolicy', reason: 'This queue is itself the dead-letter queue of the alarm email subscription; a redrive policy would only move the problem one queue further.' },
      );
      this.topic.addSubscription(new EmailSubscription(props.alarmEmail, { deadLetterQueue: undelivered }));
    }
  }

  /** `scope`: where the alarm lives, e.g. the nested stack of the function it watches (default: here). */
  alarm(id: string, metric: IMetric, options: AlarmOptions, scope: Construct = this): Alarm {
    const alarm = new Alarm(scope, id, {
      metric,
      alarmDescription: options.description,
      threshold: options.above ?? 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      // No data means no requests or no failures, not trouble.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    return alarm;
  }
}
