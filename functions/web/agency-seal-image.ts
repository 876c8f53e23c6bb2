import { webPage } from './page-table';
import { imageOf } from '../../shared/web/image-pages';
import { pageHandler } from '../../shared/web/page-http';

/** GET /app/agencies/{code}/seal.png: the agency's stored seal image, for the edit form. */
export const handler = pageHandler(webPage('agency-seal-image'), (req) => imageOf(req, 'seal', req.params['code']!));
