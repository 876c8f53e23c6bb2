import { webPage } from './page-table';
import { savePersonForm } from '../../shared/web/admin-pages';
import { pageHandler } from '../../shared/web/page-http';

/** POST /app/people: creates (no version) or updates a person; errors beside their fields. */
export const handler = pageHandler(webPage('person-save'), (req) => savePersonForm(req));
