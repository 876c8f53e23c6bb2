import { queueById } from '../queues';
import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { queueIdParams } from '../../shared/schemas/queues';
import { contextFor } from '../../shared/services/context';
import { replayQueue } from '../../shared/services/queue-admin';

/** Administrators: the messages parked in a queue's dead-letter queue go back on the queue (audited). */
export const handler = httpHandler(route('queues-replay'), { params: queueIdParams }, async ({ params, actor }) => ({
  body: await replayQueue(contextFor(actor), queueById(params.queueId)),
}));
