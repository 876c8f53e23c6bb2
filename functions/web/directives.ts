import { webPage } from './page-table';
import { showDirectives } from '../../shared/web/directive-pages';
import { withoutBlankFields } from '../../shared/web/list-search';
import { pageHandler, redirect } from '../../shared/web/page-http';

/** GET /app/directives: incoming directives, newest first, with the clerk's registration form. */
export const handler = pageHandler(webPage('directives'), async (req) => {
  // A search form's blank fields leave the address (shared/web/list-search.ts).
  const clean = withoutBlankFields('/app/directives', req.query, ['q', 'from', 'to', 'due', 'issuer']);
  return clean ? redirect(clean) : showDirectives(req);
});
