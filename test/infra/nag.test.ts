import { Stack, Validations } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, NagPack, NIST80053R5Checks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeOutdirs, stubApp } from './support';

/**
 * cdk-nag 3 runs as a CDK validation plugin: `cdk synth` fails on error-level findings, and cdk.json's
 * `@aws-cdk/core:strictCfnValidateErrors` makes warnings fail too. Here the packs are also run directly
 * (`validateScope`) so that any finding, error or warning, fails with a readable list, and the
 * acknowledgements themselves are checked: each has a reason and each still matches a finding.
 */
const packs = () => [new AwsSolutionsChecks(), new ServerlessChecks(), new NIST80053R5Checks()];

interface Finding {
  rule: string;
  severity: string;
  path: string;
}

function findings(scope: IConstruct): Finding[] {
  return packs().flatMap((pack) =>
    pack.validateScope(scope).violations.flatMap((v) =>
      v.violatingResources.map((r) => ({ rule: v.ruleName, severity: v.severity ?? 'error', path: r.constructPath ?? '?' })),
    ),
  );
}

/** Findings as if nothing were acknowledged. `isAcknowledged` is private to cdk-nag, hence the cast. */
function rawFindings(scope: IConstruct): Finding[] {
  const proto = NagPack.prototype as unknown as { isAcknowledged: (...args: unknown[]) => boolean };
  expect(typeof proto.isAcknowledged, 'cdk-nag internals changed: update this test').toBe('function');
  const original = proto.isAcknowledged;
  proto.isAcknowledged = () => false;
  try {
    return findings(scope);
  } finally {
    proto.isAcknowledged = original;
  }
}

interface Ack {
  path: string;
  rule: string;
  reason: string;
}

function acknowledgements(scope: IConstruct): Ack[] {
  return scope.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .map(([id, reason]) => ({ path: c.node.path, rule: id.replace(/^annotation::/i, ''), reason })),
  );
}

afterAll(removeOutdirs);

const show = (list: Finding[]) => list.map((f) => `${f.severity} ${f.rule} at ${f.path}`).join('\n');

describe('cdk-nag (AwsSolutions, Serverless and NIST 800-53 R5 packs)', () => {
  // With an alarm email, so the optional resources are checked too. The whole app: the main stack and
  // the WAF stack in us-east-1.
  let stack: IConstruct;
  beforeAll(() => {
    const built = stubApp({ alarmEmail: 'ops@example.gov.vn' });
    built.template(); // synthesizes: the plugins would throw on an error-level finding
    stack = built.app;
  });

  it('reports no unacknowledged finding, error or warning', () => {
    const open = findings(stack);
    expect(open, `unacknowledged findings:\n${show(open)}`).toEqual([]);
  });

  it('acknowledges findings only with a specific reason, and only findings that exist', () => {
    const acks = acknowledgements(stack);
    const raw = rawFindings(stack);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.reason.length, `${ack.rule} at ${ack.path}: reason too short`).toBeGreaterThan(60);
      const used = raw.some((f) => f.rule === ack.rule && (f.path === ack.path || f.path.startsWith(`${ack.path}/`)));
      expect(used, `stale acknowledgement ${ack.rule} at ${ack.path}`).toBe(true);
    }
  });

  it('are live in this test environment: a non-compliant resource is reported and fails synth', () => {
    const { app, stack: canaryStack } = stubApp();
    new Queue(canaryStack, 'Canary');
    expect(findings(canaryStack).map((f) => f.rule)).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4', 'Serverless-SQSRedrivePolicy']));
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
  });

  it('fail synth on a warning-level finding too (strict validation in cdk.json)', () => {
    const { app, stack: canaryStack } = stubApp();
    new LogGroup(canaryStack, 'Canary', { retention: RetentionDays.INFINITE });
    expect(() => app.synth()).toThrow(/CloudWatchLogGroupRetentionPeriod/);
    // After the synth attempt: references into the nested route stacks are parameters by then, as the
    // acknowledgements name them.
    const found = findings(canaryStack);
    expect(found.map((f) => `${f.severity} ${f.rule}`)).toContain('warning Serverless-CloudWatchLogGroupRetentionPeriod');
    // The NIST 800-53 R5 pack is live too: an unencrypted log group is one of its findings.
    expect(found.map((f) => f.rule)).toContain('NIST.800.53.R5-CloudWatchLogGroupEncrypted');
  });
});
