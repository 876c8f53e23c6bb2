import { listDirectives } from '../../shared/data/directive-repo';
import { searchTerms } from '../../shared/domain/search-text';
import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { listDirectivesQuery } from '../../shared/schemas/directive';
import { listSearchOf } from '../../shared/schemas/search';

export const handler = httpHandler(route('directives-list'), { query: listDirectivesQuery }, async ({ query }) => ({
  body: await listDirectives(query.limit, query.cursor, query.state, { ...listSearchOf(query), issuerTerms: searchTerms(query.issuer) }),
}));
