import { dashboardData } from '../../shared/web/dashboard';
import { pageHandler, pageResult } from '../../shared/web/page-http';
import { dashboardPage } from '../../templates/pages/app-dashboard';

/** GET /app/dashboard: every directive and every issued dispatch with its progress bars. */
export const handler = pageHandler('dashboard', async ({ lang, actor, csrf }) => {
  const { directives, dispatches } = await dashboardData(new Date());
  return pageResult(200, dashboardPage({ lang, actor, csrf }, directives, dispatches));
});
