import { Duration, Names, Stack } from 'aws-cdk-lib';
import { AlarmStatusWidget, Dashboard, GraphWidget, Metric, TextWidget, type IAlarm, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { Operation, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BusinessMetric, METRICS_NAMESPACE, METRICS_SERVICE, type BusinessMetricName } from '../../shared/metrics';
import type { HandlerFunction } from './handler-function';
import type { Monitoring } from './monitoring';

/** An alarm fires when a function's p99 duration passes this share of its timeout: it is about to time out. */
export const P99_TIMEOUT_SHARE = 0.8;
/** SES reviews an account whose bounce rate passes 5 % or complaint rate 0.1 %; the alarms fire there. */
export const SES_BOUNCE_RATE_LIMIT = 0.05;
export const SES_COMPLAINT_RATE_LIMIT = 0.001;
/**
 * Link requests refused with 429 in five minutes that make a storm. The per-token limit is a few
 * dozen a minute and the per-address one bounds guessing: a few hundred refusals is a flood or a
 * script, not a unit's clerk pressing reload.
 */
export const LINK_429_STORM = 200;

/** A business figure of shared/metrics.ts (EMF, one series for the app). */
export const businessMetric = (name: BusinessMetricName, period = Duration.minutes(5)): Metric =>
  new Metric({ namespace: METRICS_NAMESPACE, metricName: name, dimensionsMap: { service: METRICS_SERVICE }, statistic: 'Sum', period });

/**
 * Every function's throttles and p99 duration near its timeout, in `scope` (a nested stack of their own:
 * the route stacks have no room for two more resources a route).
 */
export function functionHealthAlarms(monitoring: Monitoring, handler: HandlerFunction, what: string, scope: Construct): void {
  const fn = handler.fn;
  const id = Names.uniqueId(handler);
  monitoring.alarm(`${id}Throttles`, fn.metricThrottles({ period: Duration.minutes(5) }), {
    description: `${what}: invocations throttled (concurrency limit reached). Requests got 429/503 or events wait; see the infra README, "Observability".`,
  }, scope);
  const timeout = fn.timeout ?? Duration.seconds(3);
  monitoring.alarm(`${id}DurationNearTimeout`, fn.metricDuration({ statistic: 'p99', period: Duration.minutes(5) }), {
    description: `${what}: p99 duration above ${P99_TIMEOUT_SHARE * 100} % of its ${timeout.toSeconds()} s timeout for 15 minutes.`,
    above: timeout.toMilliseconds() * P99_TIMEOUT_SHARE,
    evaluationPeriods: 3,
  }, scope);
}

export interface ObservabilityProps {
  readonly monitoring: Monitoring;
  readonly table: ITable;
  readonly httpApi: HttpApi;
  /** The work queues and every dead-letter / failure queue, by name for the widgets. */
  readonly queues: readonly { readonly name: string; readonly queue: IQueue }[];
  readonly deadLetters: readonly { readonly name: string; readonly queue: IQueue }[];
}

/**
 * The app-wide alarms (DynamoDB throttling, SES reputation, 429 storms on the links) and the CloudWatch
 * dashboard of the business figures beside them. What each means and what to do: infra/aws/README.md,
 * "Observability".
 */
export class Observability extends Construct {
  readonly dashboard: Dashboard;
  readonly alarms: IAlarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { monitoring, table, httpApi } = props;
    const five = Duration.minutes(5);

    // The ten operations the code issues (an alarm's math may sum at most ten metrics).
    const operations = [Operation.GET_ITEM, Operation.PUT_ITEM, Operation.UPDATE_ITEM, Operation.DELETE_ITEM, Operation.QUERY, Operation.SCAN, Operation.BATCH_GET_ITEM, Operation.BATCH_WRITE_ITEM, Operation.TRANSACT_WRITE_ITEMS, Operation.TRANSACT_GET_ITEMS];
    const dynamoThrottles = table.metricThrottledRequestsForOperations({ operations, period: five });
    this.alarms.push(
      monitoring.alarm('DynamoDbThrottled', dynamoThrottles, { description: 'DynamoDB throttled requests on the data table (on-demand capacity ramping, or a hot partition).' }, this),
    );

    const bounceRate = new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', statistic: 'Maximum', period: Duration.hours(1) });
    const complaintRate = new Metric({ namespace: 'AWS/SES', metricName: 'Reputation.ComplaintRate', statistic: 'Maximum', period: Duration.hours(1) });
    this.alarms.push(
      monitoring.alarm('SesBounceRate', bounceRate, { description: `SES bounce rate above ${SES_BOUNCE_RATE_LIMIT * 100} %: SES puts the account under review at 5 % and may pause sending at 10 %.`, above: SES_BOUNCE_RATE_LIMIT }, this),
      monitoring.alarm('SesComplaintRate', complaintRate, { description: `SES complaint rate above ${SES_COMPLAINT_RATE_LIMIT * 100} %: SES puts the account under review at 0.1 % and may pause sending at 0.5 %.`, above: SES_COMPLAINT_RATE_LIMIT }, this),
    );

    const linkRateLimited = businessMetric(BusinessMetric.LinkRateLimited);
    this.alarms.push(
      monitoring.alarm('Link429Storm', linkRateLimited, { description: `More than ${LINK_429_STORM} link requests refused with 429 in 5 minutes, twice in a row: a flood or token guessing.`, above: LINK_429_STORM, evaluationPeriods: 2 }, this),
    );

    const m = (name: BusinessMetricName) => businessMetric(name, Duration.hours(1));
    const lambda = (metricName: string, statistic = 'Sum') => new Metric({ namespace: 'AWS/Lambda', metricName, statistic, period: five });
    const queueWidget = (title: string, list: readonly { name: string; queue: IQueue }[]) =>
      new GraphWidget({ title, width: 12, left: list.map(({ name, queue }) => queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum', label: name })) });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-cong-van`,
      defaultInterval: Duration.days(1),
    });
    this.dashboard.addWidgets(
      new TextWidget({ markdown: '# Công văn: hoạt động / activity\nBusiness figures (namespace `CongVan`), hourly sums. Meanings and what to do: infra/aws/README.md, "Observability".', width: 24, height: 2 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Dispatches issued / Công văn đã phát hành', width: 8, left: [m(BusinessMetric.DispatchesIssued)] }),
      new GraphWidget({ title: 'E-mails / Thư điện tử', width: 8, left: [m(BusinessMetric.EmailsSent), m(BusinessMetric.EmailsThrottled), m(BusinessMetric.EmailsFailed)] }),
      new GraphWidget({ title: 'Unit responses / Phản hồi của đơn vị', width: 8, left: [m(BusinessMetric.Acknowledgments), m(BusinessMetric.Reports), m(BusinessMetric.ResetRequests)] }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Mail outcomes (SES events) / Kết quả gửi thư', width: 8, left: [m(BusinessMetric.EmailsDelivered), m(BusinessMetric.EmailsBounced), m(BusinessMetric.EmailsComplained)] }),
      new GraphWidget({ title: 'Scheduled jobs / Việc định kỳ', width: 8, left: [m(BusinessMetric.ReminderRuns), m(BusinessMetric.DigestsSent), m(BusinessMetric.DispatchesClosed), m(BusinessMetric.AuditChainsSealed)] }),
      new GraphWidget({ title: 'Mail put back by the sweeper / Thư gửi lại hàng đợi', width: 8, left: [m(BusinessMetric.MailRequeued)] }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Link rejections (5 min) / Liên kết bị từ chối', width: 8, left: [businessMetric(BusinessMetric.LinkRateLimited), businessMetric(BusinessMetric.LinkBadToken)], leftAnnotations: [{ value: LINK_429_STORM, label: '429 storm' }] }),
      new GraphWidget({ title: 'SES reputation', width: 8, left: [bounceRate, complaintRate], leftAnnotations: [{ value: SES_BOUNCE_RATE_LIMIT, label: 'bounce 5 %' }, { value: SES_COMPLAINT_RATE_LIMIT, label: 'complaint 0.1 %' }] }),
      new GraphWidget({ title: 'HTTP API', width: 8, left: [httpApi.metricClientError({ period: five }), httpApi.metricServerError({ period: five })], right: [httpApi.metricLatency({ period: five, statistic: 'p99' })] }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Lambda (all functions)', width: 8, left: [lambda('Errors'), lambda('Throttles')], right: [lambda('ConcurrentExecutions', 'Maximum')] }),
      new GraphWidget({ title: 'DynamoDB', width: 8, left: [dynamoThrottles as IMetric], right: [table.metricConsumedReadCapacityUnits({ period: five }), table.metricConsumedWriteCapacityUnits({ period: five })] }),
      new AlarmStatusWidget({ title: 'App-wide alarms', width: 8, alarms: this.alarms }),
    );
    this.dashboard.addWidgets(queueWidget('Work queues (visible)', props.queues), queueWidget('Dead letters and failures (visible)', props.deadLetters));
  }
}
