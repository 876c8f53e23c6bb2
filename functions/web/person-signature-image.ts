import { webPage } from './page-table';
import { imageOf } from '../../shared/web/image-pages';
import { pageHandler } from '../../shared/web/page-http';

/** GET /app/people/{personId}/signature.png: a person's stored signature image, for the edit form. */
export const handler = pageHandler(webPage('person-signature-image'), (req) => imageOf(req, 'signature', req.params['personId']!));
