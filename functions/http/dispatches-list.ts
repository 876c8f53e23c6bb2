import { listDispatches } from '../../shared/data/dispatch-repo';
import { httpHandler } from '../../shared/http/handler';
import { listDispatchesQuery } from '../../shared/schemas/dispatch';
import { guardRegister, withSignerState } from '../../shared/services/dispatches';

/** An agency's dispatches (the caller's own unless `agency` names one below it), newest first. */
export const handler = httpHandler('dispatches-list', { query: listDispatchesQuery }, async ({ query, actor }) => {
  const { agency = actor.agencyCode, ...page } = query;
  await guardRegister(actor, agency);
  const { items, cursor } = await listDispatches({ ...page, agencyCode: agency });
  return { body: { items: await withSignerState(items), cursor } };
});
