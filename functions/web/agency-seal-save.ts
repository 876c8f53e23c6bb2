import { webPage } from './page-table';
import { saveAgencySeal } from '../../shared/web/image-pages';
import { pageHandler } from '../../shared/web/page-http';

/** POST /app/agencies/{code}/seal: a new seal image (multipart), checked and audited like the API's upload. */
export const handler = pageHandler(webPage('agency-seal-save'), (req) => saveAgencySeal(req));
