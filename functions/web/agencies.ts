import { webPage } from './page-table';
import { showAgencies } from '../../shared/web/admin-pages';
import { pageHandler } from '../../shared/web/page-http';

/** GET /app/agencies: the agencies, and a form to add one or edit the one in ?edit=. */
export const handler = pageHandler(webPage('agencies'), (req) => showAgencies(req));
