import { listRegister } from '../../shared/data/dispatch-repo';
import { httpHandler } from '../../shared/http/handler';
import { registerQuery } from '../../shared/schemas/dispatch';
import { guardRegister } from '../../shared/services/dispatches';

/** Sổ văn bản đi: the issuer's outgoing register for one year, in number order, a page at a time (`cursor` continues it). */
export const handler = httpHandler('register-list', { query: registerQuery }, async ({ query, actor }) => {
  await guardRegister(actor, query.issuer);
  const { items, cursor } = await listRegister(query.issuer, query.year, { limit: query.limit, cursor: query.cursor });
  return { body: { issuer: query.issuer, year: query.year, items, ...(cursor ? { cursor } : {}) } };
});
