import { listRegister } from '../../shared/data/dispatch-repo';
import { httpHandler } from '../../shared/http/handler';
import { registerQuery } from '../../shared/schemas/dispatch';

/** Sổ văn bản đi: the issuer's outgoing register for one year, in number order. */
export const handler = httpHandler('register-list', { query: registerQuery }, async ({ query }) => ({
  body: { issuer: query.issuer, year: query.year, items: await listRegister(query.issuer, query.year) },
}));
