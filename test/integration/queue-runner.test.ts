import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueDef } from '../../shared/queue/queue-def';
import { quietLog } from '../../infra/local/log';
import { startQueueRunner, type QueueRunner } from '../../infra/local/queue-runner';
import { SQS_CREDENTIALS, startSqsLocal, type SqsLocal } from '../../infra/local/sqs-local';

/**
 * The local event source mapping against the real SQS stand-in (local-aws-sqs): batches of the batch
 * size, partial batch failures (the reported message comes back, the others are deleted), the
 * visibility a handler sets, redrive to the dead-letter queue after maxReceiveCount, at most
 * maxConcurrency batches at once, and a move back from the dead-letter queue (the replay).
 */
const REGION = 'ap-southeast-1';
const def: QueueDef = { id: 'mail', entry: '(test)', batchSize: 5, maxConcurrency: 2, visibilityTimeoutSeconds: 1, maxReceiveCount: 3, needs: [] };

let sqs: SqsLocal;
let client: SQSClient;
let runner: QueueRunner | undefined;
/** What the handler saw: every batch, with each message's body and receive count. */
const seen: { body: string; count: number }[][] = [];
let inFlight = 0;
let maxInFlight = 0;
/** Body → what the handler does with it. */
const behaviour = new Map<string, 'ok' | 'fail' | 'fail-once-delayed'>();
const failedOnce = new Set<string>();

async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  inFlight++;
  maxInFlight = Math.max(maxInFlight, inFlight);
  seen.push(event.Records.map((r) => ({ body: r.body, count: Number(r.attributes.ApproximateReceiveCount) })));
  await new Promise((resolve) => setTimeout(resolve, 100));
  inFlight--;
  const failures = event.Records.filter((r) => {
    const b = behaviour.get(r.body) ?? 'ok';
    if (b === 'fail') return true;
    if (b === 'fail-once-delayed' && !failedOnce.has(r.body)) return failedOnce.add(r.body);
    return false;
  });
  return { batchItemFailures: failures.map((r) => ({ itemIdentifier: r.messageId })) };
}

async function depth(url: string): Promise<number> {
  const out = await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] }));
  const a: Record<string, string | undefined> = out.Attributes ?? {};
  return ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'].reduce((n, k) => n + Number(a[k] ?? 0), 0);
}

async function send(bodies: string[]) {
  for (let i = 0; i < bodies.length; i += 10) {
    await client.send(new SendMessageBatchCommand({ QueueUrl: sqs.queues.mail.url, Entries: bodies.slice(i, i + 10).map((b, j) => ({ Id: String(j), MessageBody: b })) }));
  }
}

beforeAll(async () => {
  sqs = await startSqsLocal({ port: 0, defs: [def], region: REGION, log: quietLog('[sqs]') });
  client = new SQSClient({ endpoint: sqs.url, region: REGION, credentials: SQS_CREDENTIALS });
});
afterAll(async () => {
  await runner?.stop();
  client?.destroy();
  await sqs?.stop();
});

describe('local queue runner on local-aws-sqs', () => {
  it('delivers in batches, deletes what succeeded, brings a reported failure back, parks one that keeps failing', async () => {
    const bodies = Array.from({ length: 23 }, (_, i) => `m${i}`);
    behaviour.set('m3', 'fail-once-delayed');
    behaviour.set('m7', 'fail');
    await send(bodies);
    runner = startQueueRunner({
      endpoint: sqs.url,
      region: REGION,
      credentials: SQS_CREDENTIALS,
      consumers: [{ id: 'mail', queueUrl: sqs.queues.mail.url, queueArn: sqs.queues.mail.arn, batchSize: def.batchSize, maxConcurrency: def.maxConcurrency, load: async () => handler }],
      log: quietLog('[queue]'),
    });
    expect(await runner.whenIdle()).toBe(true);

    const all = seen.flat();
    expect(seen.every((batch) => batch.length <= def.batchSize)).toBe(true);
    expect(maxInFlight).toBeLessThanOrEqual(def.maxConcurrency);
    expect(maxInFlight).toBe(2);
    // Each message that succeeded was handled once; within a batch no message twice.
    for (const b of bodies.filter((b) => !behaviour.has(b))) expect(all.filter((m) => m.body === b), b).toHaveLength(1);
    for (const batch of seen) expect(new Set(batch.map((m) => m.body)).size).toBe(batch.length);
    // The one that failed once came back (after its visibility timeout) with a higher receive count, then was deleted.
    expect(all.filter((m) => m.body === 'm3').map((m) => m.count)).toEqual([1, 2]);
    // The one that always fails was received maxReceiveCount times, then the stand-in moved it to the DLQ.
    expect(all.filter((m) => m.body === 'm7').map((m) => m.count)).toEqual([1, 2, 3]);
    expect(await depth(sqs.queues.mail.url)).toBe(0);
    expect(await depth(sqs.queues.mail.dlqUrl)).toBe(1);
  });

  it('puts a parked message back with a move task (the replay), where it is handled again', async () => {
    behaviour.set('m7', 'ok');
    const before = seen.flat().filter((m) => m.body === 'm7').length;
    await client.send(new StartMessageMoveTaskCommand({ SourceArn: sqs.queues.mail.dlqArn }));
    // The move is asynchronous in SQS and in the stand-in: wait until the DLQ is empty.
    for (let i = 0; i < 600 && (await depth(sqs.queues.mail.dlqUrl)) > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await depth(sqs.queues.mail.dlqUrl)).toBe(0);
    await runner!.whenIdle();
    expect(seen.flat().filter((m) => m.body === 'm7').length).toBeGreaterThan(before);
    expect(await depth(sqs.queues.mail.url)).toBe(0);
  });

  it('stops promptly, with its long polls cut short', async () => {
    const started = Date.now();
    await runner!.stop();
    // Loose on purpose (the machine is shared): the stop must not hang on its polls, not be fast.
    expect(Date.now() - started).toBeLessThan(10_000);
    const left = await client.send(new ReceiveMessageCommand({ QueueUrl: sqs.queues.mail.url, WaitTimeSeconds: 0 }));
    expect(left.Messages ?? []).toEqual([]);
  });
});
