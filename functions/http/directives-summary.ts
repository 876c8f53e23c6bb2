import { httpHandler } from '../../shared/http/handler';
import { directiveSummaryParams, directiveSummaryQuery } from '../../shared/schemas/progress';
import { agenciesReadableBy } from '../../shared/services/dispatches';
import { summaryOfDirective } from '../../shared/services/progress-summary';

export const handler = httpHandler('directives-summary', { params: directiveSummaryParams, query: directiveSummaryQuery }, async ({ params, query, actor }) => ({
  body: await summaryOfDirective(params.directiveId, new Date(), await agenciesReadableBy(actor), query.units === 'true'),
}));
