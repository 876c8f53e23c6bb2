import { listDispatches } from '../../shared/data/dispatch-repo';
import { httpHandler } from '../../shared/http/handler';
import { listDispatchesQuery } from '../../shared/schemas/dispatch';

export const handler = httpHandler('dispatches-list', { query: listDispatchesQuery }, async ({ query }) => ({
  body: await listDispatches(query),
}));
