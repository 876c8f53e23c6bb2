import { webPage } from './page-table';
import { imageOf } from '../../shared/web/image-pages';
import { pageHandler } from '../../shared/web/page-http';

/** GET /app/me/signature.png: the person's own stored signature image. */
export const handler = pageHandler(webPage('my-signature-image'), (req) => imageOf(req, 'signature', req.actor.userId));
