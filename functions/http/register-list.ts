import { listRegister } from '../../shared/data/dispatch-repo';
import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { registerQuery } from '../../shared/schemas/dispatch';
import { listSearchOf } from '../../shared/schemas/search';
import { guardRegister } from '../../shared/services/dispatches';

/** Sổ văn bản đi: the issuer's outgoing register for one year, in number order, a page at a time (`cursor` continues it); `q`, `from`, `to` search it. */
export const handler = httpHandler(route('register-list'), { query: registerQuery }, async ({ query, actor }) => {
  await guardRegister(actor, query.issuer);
  const { items, cursor } = await listRegister(query.issuer, query.year, { limit: query.limit, cursor: query.cursor }, listSearchOf(query));
  return { body: { issuer: query.issuer, year: query.year, items, ...(cursor ? { cursor } : {}) } };
});
