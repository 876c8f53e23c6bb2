import * as z from 'zod/mini';
import { id } from './common';

/** `POST /queues/{queueId}/replay`: an id of functions/queues.ts (an unknown one is a 404, not a 400). */
export const queueIdParams = z.strictObject({ queueId: id });
