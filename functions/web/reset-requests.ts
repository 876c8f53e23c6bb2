import { webPage } from './page-table';
import { pageHandler } from '../../shared/web/page-http';
import { showQueue } from '../../shared/web/reset-queue';
import { t } from '../../templates/i18n';

/** GET /app/reset-requests: the IT Department's queue. */
export const handler = pageHandler(webPage('reset-requests'), (req) => showQueue(req, 200, req.query['done'] ? { notice: t(req.lang, 'accountMarked') } : {}));
