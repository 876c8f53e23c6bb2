import { webPage } from './page-table';
import { pageHandler, pageResult } from '../../shared/web/page-http';
import { homePage } from '../../templates/pages/app-dispatches';

/** GET /app: what the signed-in user's roles can do. */
export const handler = pageHandler(webPage('home'), async ({ lang, actor, csrf }) => pageResult(200, homePage({ lang, actor, csrf })));
