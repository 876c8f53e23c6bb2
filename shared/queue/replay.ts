import { ListMessageMoveTasksCommand, StartMessageMoveTaskCommand, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * Puts the messages parked in a dead-letter queue back on the queue they came from, with SQS's own
 * message move task (StartMessageMoveTask: SQS moves each message back to its source queue). The
 * local SQS stand-in implements it too (test/integration/queue-runner.test.ts), so one code path
 * serves both. Waits until the task has finished, up to `timeoutMs`, and answers what it moved.
 */
export async function replayDeadLetters(
  client: Pick<SQSClient, 'send'>,
  deadLetterArn: string,
  options: { timeoutMs?: number; pollMs?: number } = {},
): Promise<{ status: string; moved: number; toMove: number | undefined; failureReason?: string }> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const pollMs = options.pollMs ?? 500;
  const started = await client.send(new StartMessageMoveTaskCommand({ SourceArn: deadLetterArn }));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tasks = (await client.send(new ListMessageMoveTasksCommand({ SourceArn: deadLetterArn, MaxResults: 10 }))).Results ?? [];
    const task = tasks.find((t) => t.TaskHandle === started.TaskHandle) ?? tasks[0];
    const status = task?.Status ?? 'UNKNOWN';
    if (status !== 'RUNNING' || Date.now() > deadline) {
      return {
        status,
        moved: task?.ApproximateNumberOfMessagesMoved ?? 0,
        toMove: task?.ApproximateNumberOfMessagesToMove,
        ...(task?.FailureReason ? { failureReason: task.FailureReason } : {}),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
