import { ChangeMessageVisibilityCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { queueUrlEnv, type QueueId } from './queue-def';
import { config } from '../config';
import { traced } from '../tracer';
import { sdkTimeouts } from '../sdk-timeouts';
import { withCurrentCorrelation } from '../correlation';

let client: SQSClient | undefined;

/** The SQS client, once per process, with timeouts (a duplicate send is harmless: every consumer is idempotent). */
export function sqs(): SQSClient {
  if (!client) {
    const { AWS_REGION, SQS_ENDPOINT } = config();
    client = traced(new SQSClient({ region: AWS_REGION, maxAttempts: 3, ...sdkTimeouts(5000), ...(SQS_ENDPOINT ? { endpoint: SQS_ENDPOINT } : {}) }));
  }
  return client;
}

/** A queue's URL, from the environment the stack gives the functions that use it. */
export function queueUrl(id: QueueId): string {
  const url = (config() as Record<string, unknown>)[queueUrlEnv(id)];
  if (typeof url !== 'string' || !url) throw new Error(`${queueUrlEnv(id)} is not set: this function may not use the ${id} queue`);
  return url;
}

/**
 * Sends messages in batches of ten (SQS's maximum), with an optional per-message delay. Entries SQS
 * refused are sent again once; what still fails throws, so the caller's own retry takes over.
 */
export async function sendAll(id: QueueId, bodies: readonly { body: unknown; delaySeconds?: number }[]): Promise<void> {
  const url = queueUrl(id);
  for (let i = 0; i < bodies.length; i += 10) {
    let entries = bodies.slice(i, i + 10).map((b, j) => ({
      Id: String(j),
      // The correlation id in scope travels in the body (the local SQS stand-in keeps no message attributes).
      MessageBody: JSON.stringify(withCurrentCorrelation(b.body)),
      ...(b.delaySeconds ? { DelaySeconds: Math.min(900, Math.max(0, Math.round(b.delaySeconds))) } : {}),
    }));
    for (let attempt = 1; entries.length; attempt++) {
      const out = await sqs().send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
      const failed = new Set((out.Failed ?? []).map((f) => f.Id));
      entries = entries.filter((e) => failed.has(e.Id));
      if (entries.length && attempt >= 2) throw new Error(`SendMessageBatch to ${id}: ${entries.length} message(s) refused (${JSON.stringify(out.Failed)})`);
    }
  }
}

/** Hides a received message for `seconds` more (0–43,200): how a message waits out its back-off. */
export async function delayMessage(id: QueueId, receiptHandle: string, seconds: number): Promise<void> {
  await sqs().send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl(id), ReceiptHandle: receiptHandle, VisibilityTimeout: Math.min(43_200, Math.max(0, Math.round(seconds))) }));
}
