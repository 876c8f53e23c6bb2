import type { Server } from 'node:http';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createSqsServer } from 'local-aws-sqs';
import { queueName, type QueueDef, type QueueId } from '../../shared/queue/queue-def';
import type { StackLog } from './log';
import { closeServer, LOOPBACK, PortInUseError } from './net';

/**
 * SQS stand-in: `local-aws-sqs`, in-process, on loopback. It speaks SQS's JSON and Query protocols and
 * creates the queues of functions/queues.ts, each with its dead-letter queue (`-dlq`) and RedrivePolicy.
 *
 * Checked against what the queue runner and the code need (test/integration/queue-runner.test.ts):
 * ReceiveMessage with long polling and ApproximateReceiveCount (only through the legacy `AttributeNames`,
 * not `MessageSystemAttributeNames`), DeleteMessageBatch, ChangeMessageVisibility, SendMessageBatch
 * with DelaySeconds, redrive to the DLQ after maxReceiveCount, StartMessageMoveTask (DLQ → source).
 * Where it differs from SQS:
 * - it keeps messages in memory: a restart (or kill -9) of `npm start` loses what was queued, which is
 *   why mail correctness never rests on the queue (the sweeper job re-enqueues from the table);
 * - a message goes to the DLQ when its visibility timeout ends with its receive count at the maximum
 *   (SQS moves it on the next receive instead): the same messages end up there;
 * - concurrent long polls can return one message to two pollers (or twice in one batch), where SQS
 *   would hide it from the second: the runner drops a copy of a message that is in a running batch or
 *   was just deleted (queue-runner.ts), and every consumer is idempotent anyway (SQS is at-least-once);
 * - `MessageSystemAttributeNames` is ignored: attributes come only with the legacy `AttributeNames`;
 * - queue ARNs carry its cosmetic region and account (us-east-1, 123456789012).
 */
export interface SqsLocal {
  readonly url: string;
  readonly port: number;
  /** Queue URLs and ARNs by id, and of their dead-letter queues. */
  readonly queues: Record<QueueId, { url: string; arn: string; dlqUrl: string; dlqArn: string }>;
  stop(): Promise<void>;
}

export const LOCAL_QUEUE_PREFIX = 'cong-van-local';
export const SQS_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export async function startSqsLocal(options: { port: number; defs: readonly QueueDef[]; region: string; log: StackLog }): Promise<SqsLocal> {
  let server: Server;
  try {
    server = await createSqsServer({ port: options.port, hostname: LOOPBACK, emulateQueueCreationLifecycle: false });
  } catch (error) {
    if ((error as { code?: string }).code === 'EADDRINUSE') throw new PortInUseError(options.port, 'SQS', 'SQS_PORT');
    throw error;
  }
  const address = server.address();
  if (!server.listening || !address || typeof address === 'string') {
    await closeServer(server).catch(() => {});
    throw new PortInUseError(options.port, 'SQS', 'SQS_PORT');
  }
  const url = `http://${LOOPBACK}:${address.port}`;
  const client = new SQSClient({ endpoint: url, region: options.region, credentials: SQS_CREDENTIALS });
  try {
    const queues = {} as SqsLocal['queues'];
    for (const def of options.defs) {
      const name = queueName(LOCAL_QUEUE_PREFIX, def.id);
      const dlqUrl = (await client.send(new CreateQueueCommand({ QueueName: `${name}-dlq`, Attributes: { MessageRetentionPeriod: String(14 * 24 * 3600) } }))).QueueUrl!;
      const dlqArn = await arnOf(client, dlqUrl);
      const queueUrl = (
        await client.send(
          new CreateQueueCommand({
            QueueName: name,
            Attributes: {
              VisibilityTimeout: String(def.visibilityTimeoutSeconds),
              RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: def.maxReceiveCount }),
            },
          }),
        )
      ).QueueUrl!;
      queues[def.id] = { url: queueUrl, arn: await arnOf(client, queueUrl), dlqUrl, dlqArn };
    }
    options.log.info(`SQS (local-aws-sqs): ${url}`);
    return {
      url,
      port: address.port,
      queues,
      async stop() {
        client.destroy();
        await closeServer(server);
      },
    };
  } catch (error) {
    client.destroy();
    await closeServer(server).catch(() => {});
    throw error;
  }
}

async function arnOf(client: SQSClient, url: string): Promise<string> {
  const out = await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return out.Attributes!['QueueArn']!;
}
