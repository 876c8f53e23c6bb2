import { showDirectives } from '../../shared/web/directive-pages';
import { pageHandler } from '../../shared/web/page-http';

/** GET /app/directives: incoming directives, newest first, with the clerk's registration form. */
export const handler = pageHandler('directives', (req) => showDirectives(req));
