import { webPage } from './page-table';
import { transition } from '../../shared/services/dispatches';
import { dispatchAction, versionOf } from '../../shared/web/dispatch-pages';
import { pageHandler } from '../../shared/web/page-http';

export const handler = pageHandler(webPage('dispatch-submit'), (req) =>
  dispatchAction(req, 'submitted', (ctx) => transition(ctx, req.params['dispatchId']!, 'submit', versionOf(req))),
);
