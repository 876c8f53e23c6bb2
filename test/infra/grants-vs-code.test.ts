import type { CfnElement } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumers } from '../../functions/consumers';
import { AUDIT_SEAL_JOB, CLOSING_JOB, DIGEST_JOB, MAIL_SWEEP_JOB, REMINDER_JOB, SES_EVENTS_JOB } from '../../functions/jobs';
import { queues } from '../../functions/queues';
import { routes } from '../../functions/routes';
import type { CongVanStack } from '../../infra/aws/stack';
import { actionsOf as sdkActionsOf, sdkUsageOf } from './sdk-usage';
import { actionsOf, refTarget, removeOutdirs, resourcesOf, statementsByRole, stubApp } from './support';

/**
 * Least privilege, read from both ends: the IAM actions the synthesized template grants each function's
 * role, and the AWS SDK commands its code imports (following imports from its handler entry). A granted
 * action that no imported command calls fails here, by name.
 */
const entries = [
  ...routes.map((r) => ({ id: r.id, entry: r.entry })),
  ...consumers.map((c) => ({ id: c.id, entry: c.entry })),
  ...queues.map((q) => ({ id: `queue:${q.id}`, entry: q.entry })),
  ...[REMINDER_JOB, DIGEST_JOB, SES_EVENTS_JOB, AUDIT_SEAL_JOB, CLOSING_JOB, MAIL_SWEEP_JOB].map((j) => ({ id: j.id, entry: j.entry })),
];

/**
 * Granted by the wiring, not called by the code: logs and traces of every function, the reads of the
 * event source mappings (stream and queue consumers; Lambda's poller calls them with the function's
 * role), sending to the function's own failure queue (Lambda's on-failure destination sends with the
 * function's role), and what an SDK call needs besides its own action.
 */
const WIRING = [/^logs:/, /^xray:/, /^dynamodb:(DescribeStream|GetRecords|GetShardIterator|ListStreams)$/, /^sqs:(ReceiveMessage|DeleteMessage|ChangeMessageVisibility|GetQueueAttributes|GetQueueUrl)$/];
/** StartMessageMoveTask moves messages with the caller's permissions: receive and delete on the source, send to the destination. */
const IMPLIED: Readonly<Record<string, readonly string[]>> = {
  'sqs:StartMessageMoveTask': ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:SendMessage'],
};

let stack: CongVanStack;
let template: Template;
beforeAll(() => {
  const built = stubApp();
  stack = built.stack;
  template = built.template();
});
afterAll(removeOutdirs);

describe('grants against the code', () => {
  it('covers every function of the stack', () => {
    expect(entries.map((e) => e.id).sort()).toEqual([...stack.handlers.keys()].sort());
  });

  it('grants no action that the function’s code never calls (names each one)', () => {
    const byRole = statementsByRole(template);
    // The failure queues of stream consumers and EventBridge jobs (infra/aws/stream-consumers.ts, jobs.ts).
    const failureQueues = new Set(Object.keys(resourcesOf(template, 'AWS::SQS::Queue')).filter((id) => /Failures[0-9A-F]{8}$/.test(id)));
    expect(failureQueues.size).toBeGreaterThan(0);
    const unused: string[] = [];
    for (const { id, entry } of entries) {
      const role = stack.handlers.get(id)!.role.node.defaultChild as CfnElement;
      const roleId = role.stack.resolve(role.logicalId) as string;
      const used = sdkActionsOf(sdkUsageOf(entry).commands);
      for (const action of [...used]) for (const implied of IMPLIED[action] ?? []) used.add(implied);
      const toFailureQueue = (s: Parameters<typeof actionsOf>[0]) => failureQueues.has(refTarget(s.Resource) ?? '');
      const granted = new Set((byRole.get(roleId) ?? []).flatMap((s) => actionsOf(s).filter((a) => !(a === 'sqs:SendMessage' && toFailureQueue(s)))));
      for (const action of granted) {
        if (used.has(action) || WIRING.some((w) => w.test(action))) continue;
        unused.push(`${id}: ${action}`);
      }
    }
    expect(unused, `granted but never called:\n${unused.join('\n')}`).toEqual([]);
  });

  it('reads the code as the bundler would: a handler that signs imports SignCommand, one that never sends mail no SendEmailCommand', () => {
    expect([...sdkUsageOf('functions/http/dispatches-sign.ts').commands]).toContain('@aws-sdk/client-kms:SignCommand');
    const mailer = sdkUsageOf(consumers.find((c) => c.id === 'recipient-mailer')!.entry);
    expect([...mailer.commands].some((c) => c.startsWith('@aws-sdk/lib-dynamodb:'))).toBe(false);
  });
});
