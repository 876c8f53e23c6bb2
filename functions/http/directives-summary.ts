import { httpHandler } from '../../shared/http/handler';
import { directiveSummaryParams, directiveSummaryQuery } from '../../shared/schemas/progress';
import { summaryOfDirective } from '../../shared/services/progress-summary';

export const handler = httpHandler('directives-summary', { params: directiveSummaryParams, query: directiveSummaryQuery }, async ({ params, query }) => ({
  body: await summaryOfDirective(params.directiveId, new Date(), query.units === 'true'),
}));
