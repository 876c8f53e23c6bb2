import { webPage } from './page-table';
import { dispatchDashboardData } from '../../shared/web/dashboard';
import { pageHandler, pageResult } from '../../shared/web/page-http';
import { dispatchDashboardPage } from '../../templates/pages/app-dashboard';

/** GET /app/dashboard/dispatches/{id}: counts, bars, chart and the per-unit table (sortable, filterable). */
export const handler = pageHandler(webPage('dashboard-dispatch'), async ({ lang, actor, csrf, params, query }) =>
  pageResult(200, dispatchDashboardPage({ lang, actor, csrf }, await dispatchDashboardData(params['dispatchId']!, query, lang, new Date()))),
);
