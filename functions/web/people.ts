import { webPage } from './page-table';
import { showPeople } from '../../shared/web/admin-pages';
import { pageHandler } from '../../shared/web/page-http';

/** GET /app/people: people (?agency= filters), a form to add one or edit ?edit=, and what waits for a signer who can no longer sign. */
export const handler = pageHandler(webPage('people'), (req) => showPeople(req));
