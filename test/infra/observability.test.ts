import { CfnElement } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_429_STORM, P99_TIMEOUT_SHARE, SES_BOUNCE_RATE_LIMIT, SES_COMPLAINT_RATE_LIMIT } from '../../infra/aws/dashboard';
import type { CongVanStack } from '../../infra/aws/stack';
import { BusinessMetric, METRICS_NAMESPACE } from '../../shared/metrics';
import { refTarget, removeOutdirs, resourcesOf, stubApp } from './support';

/**
 * Issue 11's monitoring, read from the synthesized template: throttles and p99 duration near the
 * timeout per function, DynamoDB throttling, the SES reputation rates, 429 storms on the links, and
 * the dashboard of the business figures (shared/metrics.ts).
 */
let stack: CongVanStack;
let template: Template;

beforeAll(() => {
  const built = stubApp();
  stack = built.stack;
  template = built.template();
}, 600_000);
afterAll(removeOutdirs);

type Props = Record<string, unknown>;
const alarms = () => Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties as Props);
const functionIds = () =>
  [...stack.handlers.values()].map((h) => {
    const element = h.fn.node.defaultChild as CfnElement;
    return element.stack.resolve(element.logicalId) as string;
  });
const watchedFunction = (a: Props) => refTarget((a['Dimensions'] as { Value: unknown }[])[0]!.Value);

describe('function alarms', () => {
  it('fire on throttles of every function', () => {
    const throttles = alarms().filter((a) => a['MetricName'] === 'Throttles' && a['Namespace'] === 'AWS/Lambda');
    expect(throttles.map(watchedFunction).sort()).toEqual(functionIds().sort());
    for (const a of throttles) expect(a).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it('fire when a function’s p99 duration nears its own timeout', () => {
    const durations = alarms().filter((a) => a['MetricName'] === 'Duration' && a['Namespace'] === 'AWS/Lambda');
    expect(durations.map(watchedFunction).sort()).toEqual(functionIds().sort());
    const functions = resourcesOf(template, 'AWS::Lambda::Function');
    for (const a of durations) {
      const timeoutSeconds = functions[watchedFunction(a)!]!.Properties.Timeout as number;
      expect(a).toMatchObject({ ExtendedStatistic: 'p99', Threshold: timeoutSeconds * 1000 * P99_TIMEOUT_SHARE, EvaluationPeriods: 3 });
    }
  });

  it('give every function its own service name for the Logger and Tracer', () => {
    for (const fn of Object.values(resourcesOf(template, 'AWS::Lambda::Function'))) {
      const env = (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
      if (!env?.['TABLE_NAME']) continue; // CDK's own helper functions
      expect(env['POWERTOOLS_SERVICE_NAME']).toMatch(/^[a-z0-9-]+$/);
    }
  });
});

describe('app-wide alarms', () => {
  it('fire on DynamoDB throttled requests of the table, whatever the operation', () => {
    const dynamo = alarms().filter((a) => JSON.stringify(a['Metrics'] ?? '').includes('ThrottledRequests'));
    expect(dynamo).toHaveLength(1);
    expect(dynamo[0]).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it('fire on the SES bounce rate above 5 % and the complaint rate above 0.1 %', () => {
    const ses = (name: string) => alarms().filter((a) => a['Namespace'] === 'AWS/SES' && a['MetricName'] === name);
    expect(ses('Reputation.BounceRate')).toEqual([expect.objectContaining({ Threshold: SES_BOUNCE_RATE_LIMIT, Statistic: 'Maximum', ComparisonOperator: 'GreaterThanThreshold' })]);
    expect(ses('Reputation.ComplaintRate')).toEqual([expect.objectContaining({ Threshold: SES_COMPLAINT_RATE_LIMIT, Statistic: 'Maximum' })]);
    expect(SES_BOUNCE_RATE_LIMIT).toBe(0.05);
    expect(SES_COMPLAINT_RATE_LIMIT).toBe(0.001);
  });

  it('fire on a 429 storm on the link routes (the EMF rejection metric)', () => {
    const storm = alarms().filter((a) => a['Namespace'] === METRICS_NAMESPACE && a['MetricName'] === BusinessMetric.LinkRateLimited);
    expect(storm).toEqual([expect.objectContaining({ Threshold: LINK_429_STORM, Statistic: 'Sum', EvaluationPeriods: 2, Dimensions: [{ Name: 'service', Value: 'cong-van' }] })]);
  });
});

describe('dashboard', () => {
  it('shows every business figure', () => {
    const dashboards = Object.values(resourcesOf(template, 'AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]!.Properties.DashboardBody);
    for (const name of Object.values(BusinessMetric)) expect(body, name).toContain(`\\"${name}\\"`);
    for (const name of ['Reputation.BounceRate', 'Reputation.ComplaintRate', 'ThrottledRequests', 'Throttles']) expect(body, name).toContain(name);
  });
});
