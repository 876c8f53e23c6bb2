import { randomUUID } from 'node:crypto';
import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaContext } from './lambda-context';
import type { StackLog } from './log';
import { delay, TIMED_OUT, withTimeout } from './timing';

/**
 * The local SQS event source mapping: polls each queue of functions/queues.ts on the SQS stand-in the
 * way Lambda's mapping does and calls the same handler with an `SQSEvent`.
 * - ReceiveMessage with the consumer's batch size and long polling; at most `maxConcurrency` batches
 *   of one queue in flight at once (one poller each);
 * - ReportBatchItemFailures: the messages not reported are deleted; the reported ones are left to
 *   reappear after their visibility timeout (or the delay the handler set on them); a batch that threw
 *   or timed out is left whole. The stand-in moves a message to its dead-letter queue after its
 *   maxReceiveCount receives (the redrive policy), as SQS does.
 * Nothing here is kept on disk: the queues live in the stand-in's memory (see sqs-local.ts).
 */
export type QueueHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface QueueConsumer {
  readonly id: string;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly batchSize: number;
  readonly maxConcurrency: number;
  /** The function's timeout: a batch running longer is treated as failed (its messages reappear). */
  readonly handlerTimeoutMs?: number;
  readonly load: () => Promise<QueueHandler>;
}

export interface QueueRunnerOptions {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  consumers: readonly QueueConsumer[];
  log: StackLog;
  /** Long-poll wait of each ReceiveMessage (Lambda uses 20 s; shorter here so stop() is prompt). */
  waitTimeSeconds?: number;
}

export interface QueueRunner {
  /**
   * Resolves once every queue, checked after this call, holds no message (visible, in flight or delayed)
   * and no batch is running. Answers whether any batch ran meanwhile (so a caller also waiting on the
   * stream runner knows to look there again).
   */
  whenIdle(): Promise<boolean>;
  /** Batches handled so far, per consumer id (for tests). */
  invocations(): Record<string, number>;
  stop(): Promise<void>;
}

export function startQueueRunner(options: QueueRunnerOptions): QueueRunner {
  const { log, region } = options;
  const client = new SQSClient({ endpoint: options.endpoint, region, credentials: options.credentials });
  const waitTimeSeconds = options.waitTimeSeconds ?? 1;
  const stopController = new AbortController();
  let stopped = false;
  let running = 0;
  const invocations: Record<string, number> = {};
  let totalInvocations = 0;

  /**
   * The stand-in's concurrent long polls can hand one message to two pollers at once, or twice to one
   * (sqs-local.ts), and it then holds two copies, where SQS would hide the message from the second
   * poll. A copy of a message deleted as done in the last 15 minutes is deleted too; a copy of a
   * message in a running batch is put back for two seconds (by then it is done, or has failed and is
   * due again). So each message reaches one batch at a time, as in SQS, and no stray copy keeps the
   * queue busy for a whole visibility timeout.
   */
  const inBatch = new Set<string>();
  const done = new Map<string, number>();
  async function firstDeliveries(consumer: QueueConsumer, messages: Message[]): Promise<Message[]> {
    const now = Date.now();
    for (const [id, at] of done) if (now - at > 15 * 60_000) done.delete(id);
    const fresh: Message[] = [];
    const ofDone: Message[] = [];
    const ofRunning: Message[] = [];
    for (const m of messages) {
      if (!m.MessageId) continue;
      if (done.has(m.MessageId)) ofDone.push(m);
      else if (inBatch.has(m.MessageId)) ofRunning.push(m);
      else {
        inBatch.add(m.MessageId);
        fresh.push(m);
      }
    }
    try {
      if (ofDone.length) await client.send(new DeleteMessageBatchCommand({ QueueUrl: consumer.queueUrl, Entries: ofDone.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
      if (ofRunning.length) {
        await client.send(
          new ChangeMessageVisibilityBatchCommand({ QueueUrl: consumer.queueUrl, Entries: ofRunning.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: 2 })) }),
        );
      }
    } catch (error) {
      log.warn(`Queue ${consumer.id}: could not settle duplicate copies (${(error as Error).message})`);
    }
    return fresh;
  }

  async function poll(consumer: QueueConsumer): Promise<void> {
    while (!stopped) {
      let messages: Message[];
      try {
        const out = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: consumer.queueUrl,
            MaxNumberOfMessages: consumer.batchSize,
            WaitTimeSeconds: waitTimeSeconds,
            // The stand-in answers ApproximateReceiveCount only through the legacy AttributeNames.
            AttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: stopController.signal },
        );
        messages = await firstDeliveries(consumer, out.Messages ?? []);
      } catch (error) {
        if (stopped) return;
        log.warn(`Queue ${consumer.id}: ReceiveMessage failed (${(error as Error).message}); trying again`);
        await delay(1000, { unref: true });
        continue;
      }
      if (!messages.length) continue;
      running++;
      try {
        await invoke(consumer, messages);
      } finally {
        for (const m of messages) inBatch.delete(m.MessageId!);
        running--;
        invocations[consumer.id] = (invocations[consumer.id] ?? 0) + 1;
        totalInvocations++;
      }
    }
  }

  async function invoke(consumer: QueueConsumer, messages: Message[]): Promise<void> {
    const records = messages.map((m) => toRecord(m, consumer.queueArn, region));
    const timeoutMs = consumer.handlerTimeoutMs ?? 60_000;
    let response: SQSBatchResponse | void | typeof TIMED_OUT;
    try {
      const handler = await consumer.load();
      const context = lambdaContext({ functionName: consumer.id, requestId: randomUUID(), timeoutMs, region });
      response = await withTimeout(handler({ Records: records }, context), timeoutMs);
    } catch (error) {
      log.error(`Queue → ${consumer.id} threw; its ${records.length} message(s) come back after their visibility timeout`, error);
      return;
    }
    if (response === TIMED_OUT) {
      log.error(`Queue → ${consumer.id} timed out after ${timeoutMs} ms; its messages come back after their visibility timeout`);
      return;
    }
    const failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    // As Lambda: an empty or unknown identifier fails the whole batch.
    if ([...failed].some((id) => !id || !records.some((r) => r.messageId === id))) {
      log.error(`Queue → ${consumer.id}: batchItemFailures named an unknown itemIdentifier; the whole batch comes back`);
      return;
    }
    const succeeded = messages.filter((m) => !failed.has(m.MessageId!));
    for (const m of succeeded) done.set(m.MessageId!, Date.now());
    for (let i = 0; i < succeeded.length; i += 10) {
      const entries = succeeded.slice(i, i + 10).map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle! }));
      try {
        await client.send(new DeleteMessageBatchCommand({ QueueUrl: consumer.queueUrl, Entries: entries }));
      } catch (error) {
        // Not deleted: the messages come again, as in AWS; the consumers are idempotent.
        log.warn(`Queue ${consumer.id}: DeleteMessageBatch failed (${(error as Error).message})`);
      }
    }
  }

  async function queueEmpty(consumer: QueueConsumer): Promise<boolean> {
    const out = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl: consumer.queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
      }),
    );
    const a: Record<string, string | undefined> = out.Attributes ?? {};
    return ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'].every((k) => Number(a[k] ?? '0') === 0);
  }

  const pollers = options.consumers.flatMap((consumer) => Array.from({ length: consumer.maxConcurrency }, () => poll(consumer)));
  log.info(`Queue runner: ${options.consumers.map((c) => `${c.id} (×${c.maxConcurrency})`).join(', ') || '(no queues)'}`);

  return {
    async whenIdle() {
      const before = totalInvocations;
      for (;;) {
        if (stopped) return totalInvocations > before;
        if (running === 0) {
          const empty = await Promise.all(options.consumers.map(queueEmpty));
          if (empty.every(Boolean) && running === 0) return totalInvocations > before;
        }
        await delay(50, { unref: true });
      }
    },
    invocations: () => ({ ...invocations }),
    async stop() {
      if (stopped) return;
      stopped = true;
      stopController.abort();
      await Promise.allSettled(pollers);
      client.destroy();
    },
  };
}


function toRecord(m: Message, queueArn: string, region: string): SQSRecord {
  const a = m.Attributes ?? {};
  return {
    messageId: m.MessageId!,
    receiptHandle: m.ReceiptHandle!,
    body: m.Body ?? '',
    attributes: {
      ApproximateReceiveCount: a['ApproximateReceiveCount'] ?? '1',
      SentTimestamp: a['SentTimestamp'] ?? String(Date.now()),
      SenderId: a['SenderId'] ?? 'local',
      ApproximateFirstReceiveTimestamp: a['ApproximateFirstReceiveTimestamp'] ?? String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: m.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}
