import { webPage } from './page-table';
import { savePersonSignature } from '../../shared/web/image-pages';
import { pageHandler } from '../../shared/web/page-http';

/** POST /app/people/{personId}/signature: a new signature image for a person (multipart). */
export const handler = pageHandler(webPage('person-signature-save'), (req) => savePersonSignature(req));
