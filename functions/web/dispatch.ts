import { webPage } from './page-table';
import { showDispatch } from '../../shared/web/dispatch-pages';
import { pageHandler } from '../../shared/web/page-http';

/** GET /app/dispatches/{id}: the dispatch, its PDF, the actions of its state, and its recipients once issued. */
export const handler = pageHandler(webPage('dispatch'), (req) => showDispatch(req));
