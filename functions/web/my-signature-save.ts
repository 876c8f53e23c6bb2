import { webPage } from './page-table';
import { saveMySignature } from '../../shared/web/image-pages';
import { pageHandler } from '../../shared/web/page-http';

/** POST /app/me/signature: the person uploads their own signature image (multipart). */
export const handler = pageHandler(webPage('my-signature-save'), (req) => saveMySignature(req));
