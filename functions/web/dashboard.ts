import { webPage } from './page-table';
import { dashboardData } from '../../shared/web/dashboard';
import { agenciesReadableBy } from '../../shared/services/dispatches';
import { pageHandler, pageResult } from '../../shared/web/page-http';
import { dashboardPage } from '../../templates/pages/app-dashboard';

/** GET /app/dashboard: every directive and every issued dispatch the person may read, with progress bars. */
export const handler = pageHandler(webPage('dashboard'), async ({ lang, actor, csrf }) => {
  const { directives, dispatches } = await dashboardData(new Date(), await agenciesReadableBy(actor));
  return pageResult(200, dashboardPage({ lang, actor, csrf }, directives, dispatches));
});
