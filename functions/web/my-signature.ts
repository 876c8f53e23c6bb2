import { webPage } from './page-table';
import { showMySignature } from '../../shared/web/image-pages';
import { pageHandler } from '../../shared/web/page-http';

/** GET /app/me/signature: the person's own signature image and its upload form. */
export const handler = pageHandler(webPage('my-signature'), (req) => showMySignature(req));
