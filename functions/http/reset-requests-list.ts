import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { resetRequestsQuery } from '../../shared/schemas/progress';
import { resetRequestQueue } from '../../shared/services/reset-requests';

/** The IT Department's queue, oldest first, a page at a time (`cursor` continues it with the same filters). */
export const handler = httpHandler(route('reset-requests-list'), { query: resetRequestsQuery }, async ({ query }) => {
  const { status, unitId, dispatchId, limit, cursor } = query;
  return { body: await resetRequestQueue({ ...(status ? { status } : {}), ...(unitId ? { unitId } : {}), ...(dispatchId ? { dispatchId } : {}) }, new Date(), { limit, cursor }) };
});
