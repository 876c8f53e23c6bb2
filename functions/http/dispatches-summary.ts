import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { dispatchIdParams } from '../../shared/schemas/dispatch';
import { summaryOfDispatch } from '../../shared/services/progress-summary';

/** Counts by state from the dispatch's own counters: one read for 10 or 10,000 recipients. */
export const handler = httpHandler(route('dispatches-summary'), { params: dispatchIdParams }, async ({ params }) => ({
  body: await summaryOfDispatch(params.dispatchId, new Date()),
}));
