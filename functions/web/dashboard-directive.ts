import { directiveData } from '../../shared/web/dashboard';
import { pageHandler, pageResult } from '../../shared/web/page-http';
import { directiveDashboardPage } from '../../templates/pages/app-dashboard';

/** GET /app/dashboard/directives/{id}: the directive's progress over every dispatch carrying it out. */
export const handler = pageHandler('dashboard-directive', async ({ lang, actor, csrf, params }) =>
  pageResult(200, directiveDashboardPage({ lang, actor, csrf }, await directiveData(params['directiveId']!, new Date()))),
);
