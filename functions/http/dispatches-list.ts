import { listDispatches } from '../../shared/data/dispatch-repo';
import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { listDispatchesQuery } from '../../shared/schemas/dispatch';
import { listSearchOf } from '../../shared/schemas/search';
import { guardRegister, withSignerState } from '../../shared/services/dispatches';

/** An agency's dispatches (the caller's own unless `agency` names one below it), newest first; `q`, `from`, `to`, `due` search them. */
export const handler = httpHandler(route('dispatches-list'), { query: listDispatchesQuery }, async ({ query, actor }) => {
  const { agency = actor.agencyCode, q, from, to, due, ...page } = query;
  await guardRegister(actor, agency);
  const { items, cursor } = await listDispatches({ ...page, agencyCode: agency, search: listSearchOf({ q, from, to, due }) });
  return { body: { items: await withSignerState(items), cursor } };
});
