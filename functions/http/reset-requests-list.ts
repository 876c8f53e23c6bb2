import { httpHandler } from '../../shared/http/handler';
import { resetRequestsQuery } from '../../shared/schemas/progress';
import { resetRequestQueue } from '../../shared/services/reset-requests';

export const handler = httpHandler('reset-requests-list', { query: resetRequestsQuery }, async ({ query }) => ({
  body: await resetRequestQueue({ ...(query.status ? { status: query.status } : {}), ...(query.unitId ? { unitId: query.unitId } : {}), ...(query.dispatchId ? { dispatchId: query.dispatchId } : {}) }, new Date()),
}));
