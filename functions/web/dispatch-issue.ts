import { webPage } from './page-table';
import { issue } from '../../shared/services/dispatches';
import { dispatchAction, versionOf } from '../../shared/web/dispatch-pages';
import { pageHandler } from '../../shared/web/page-http';

/** Number and issue; the emails go out from the stream, and the page then follows their progress. */
export const handler = pageHandler(webPage('dispatch-issue'), (req) =>
  dispatchAction(req, 'issuedNotice', (ctx) => issue(ctx, req.params['dispatchId']!, versionOf(req))),
);
