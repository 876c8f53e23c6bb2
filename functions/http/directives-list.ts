import { listDirectives } from '../../shared/data/directive-repo';
import { httpHandler } from '../../shared/http/handler';
import { listDirectivesQuery } from '../../shared/schemas/directive';

export const handler = httpHandler('directives-list', { query: listDirectivesQuery }, async ({ query }) => ({
  body: await listDirectives(query.limit, query.cursor, query.state),
}));
