import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { transactWrite, auditPut } from '../data/audit';
import { notFound } from '../errors';
import type { QueueDef } from '../queue/queue-def';
import { replayDeadLetters } from '../queue/replay';
import { queueUrl, sqs } from '../queue/sqs';
import { auditOf, type UseCaseContext } from './context';

/** The audit trail of operations on a queue (the replays) lives in its own partition. */
const queuePk = (queueId: string) => `QUEUE#${queueId}`;

/**
 * An administrator puts the messages parked in a queue's dead-letter queue back on the queue (SQS's
 * StartMessageMoveTask, found through the queue's RedrivePolicy), audited. Answers once the move has
 * finished or after a few seconds (it goes on in SQS): the status and how many moved so far.
 */
/** `def`: the queue's row of the edge's table (functions/queues.ts), undefined for an id it does not hold. */
export async function replayQueue(ctx: UseCaseContext, def: Pick<QueueDef, 'id'> | undefined) {
  if (!def) throw notFound({ vi: 'hàng đợi', en: 'Queue' });
  const attributes = (await sqs().send(new GetQueueAttributesCommand({ QueueUrl: queueUrl(def.id), AttributeNames: ['RedrivePolicy'] }))).Attributes ?? {};
  const deadLetterArn = attributes.RedrivePolicy ? (JSON.parse(attributes.RedrivePolicy) as { deadLetterTargetArn?: string }).deadLetterTargetArn : undefined;
  if (!deadLetterArn) throw new Error(`The ${def.id} queue has no dead-letter queue`);
  const result = await replayDeadLetters(sqs(), deadLetterArn, { timeoutMs: 5000, pollMs: 250 });
  await transactWrite([auditPut(queuePk(def.id), auditOf(ctx, 'queue.replayed', { details: { queueId: def.id, ...result } }))]);
  return { queueId: def.id, ...result };
}
