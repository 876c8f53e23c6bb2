import { webPage } from './page-table';
import { saveAgencyForm } from '../../shared/web/admin-pages';
import { pageHandler } from '../../shared/web/page-http';

/** POST /app/agencies: creates (no version) or updates an agency; errors beside their fields. */
export const handler = pageHandler(webPage('agency-save'), (req) => saveAgencyForm(req));
