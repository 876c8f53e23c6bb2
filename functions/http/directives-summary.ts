import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { directiveSummaryParams, directiveSummaryQuery } from '../../shared/schemas/progress';
import { agenciesReadableBy } from '../../shared/services/dispatches';
import { summaryOfDirective } from '../../shared/services/progress-summary';

/** The counts over the dispatches citing a directive; with `units=true`, a page of their units (`cursor` continues it). */
export const handler = httpHandler(route('directives-summary'), { params: directiveSummaryParams, query: directiveSummaryQuery }, async ({ params, query, actor }) => ({
  body: await summaryOfDirective(params.directiveId, new Date(), await agenciesReadableBy(actor), query.units === 'true' && { limit: query.limit, cursor: query.cursor }),
}));
