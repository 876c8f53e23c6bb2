import { parseArgs } from 'node:util';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { queueById, queues } from '../../functions/queues';
import { queueName } from '../../shared/queue/queue-def';
import { replayDeadLetters } from '../../shared/queue/replay';
import { sdkTimeouts } from '../../shared/sdk-timeouts';
import { LOCAL_QUEUE_PREFIX, SQS_CREDENTIALS } from './sqs-local';

/**
 * `npm run queue:replay -- <queue-id>`: puts the messages parked in a queue's dead-letter queue back on
 * the queue (SQS's StartMessageMoveTask), on the running local stack (SQS_PORT, 9324 by default).
 * `npm run queue:replay -- <queue-id> --queue-url <url of the deployed queue>`: the same on AWS, with
 * the caller's credentials (the dead-letter queue is found through the queue's RedrivePolicy).
 * Exit 0 when the move finished, 1 when it failed, 2 on bad usage.
 */
const usage =
  'Cách dùng / Usage: npm run queue:replay -- <mã hàng đợi/queue id> [--queue-url <URL hàng đợi trên AWS/deployed queue URL>]\n' +
  `  hàng đợi / queues: ${queues.map((q) => q.id).join(', ')}`;

function fail(message: string, code = 2): never {
  console.error(`✖ ${message}\n${usage}`);
  process.exit(code);
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { 'queue-url': { type: 'string' } } });
  const id = positionals[0];
  if (!id || positionals.length > 1) fail('Cần đúng một mã hàng đợi / Exactly one queue id is needed');
  const def = queueById(id);
  if (!def) fail(`Không có hàng đợi "${id}" / There is no queue "${id}"`);

  const awsUrl = values['queue-url'];
  const port = Number(process.env['SQS_PORT'] ?? 9324);
  const client = awsUrl
    ? new SQSClient({ ...sdkTimeouts(10_000), ...(process.env['AWS_REGION'] ? {} : { region: new URL(awsUrl).hostname.split('.')[1] }) })
    : new SQSClient({ region: 'ap-southeast-1', endpoint: `http://127.0.0.1:${port}`, credentials: SQS_CREDENTIALS, maxAttempts: 1 });
  try {
    let queueUrl = awsUrl;
    if (!queueUrl) {
      try {
        queueUrl = (await client.send(new GetQueueUrlCommand({ QueueName: queueName(LOCAL_QUEUE_PREFIX, def.id) }))).QueueUrl!;
      } catch (error) {
        fail(`Không kết nối được SQS cục bộ (cổng ${port}); hãy chạy npm start trước. / Cannot reach the local SQS (port ${port}); run npm start first. (${(error as Error).name})`, 1);
      }
    }
    const attributes = (await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['RedrivePolicy'] }))).Attributes ?? {};
    const dlqArn = attributes.RedrivePolicy ? (JSON.parse(attributes.RedrivePolicy) as { deadLetterTargetArn?: string }).deadLetterTargetArn : undefined;
    if (!dlqArn) fail(`Hàng đợi ${queueUrl} không có hàng đợi thư chết / The queue ${queueUrl} has no dead-letter queue`, 1);
    const result = await replayDeadLetters(client, dlqArn);
    const line = `${def.id}: ${result.status}, đã chuyển lại / moved back ${result.moved}${result.toMove !== undefined ? ` / ${result.toMove}` : ''}${result.failureReason ? ` (${result.failureReason})` : ''}`;
    if (result.status === 'FAILED') fail(line, 1);
    console.log(`✔ ${line}`);
  } finally {
    client.destroy();
  }
}

await main();
