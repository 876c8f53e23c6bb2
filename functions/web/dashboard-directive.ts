import { webPage } from './page-table';
import { directiveData } from '../../shared/web/dashboard';
import { agenciesReadableBy } from '../../shared/services/dispatches';
import { pageHandler, pageResult } from '../../shared/web/page-http';
import { directiveDashboardPage } from '../../templates/pages/app-dashboard';

/** GET /app/dashboard/directives/{id}: counts, bars, chart and the per-unit table over every dispatch carrying it out. */
export const handler = pageHandler(webPage('dashboard-directive'), async ({ lang, actor, csrf, params, query }) =>
  pageResult(200, directiveDashboardPage({ lang, actor, csrf }, await directiveData(params['directiveId']!, query, lang, new Date(), await agenciesReadableBy(actor)))),
);
