import { remindAllNow } from '../../shared/services/reminders';
import { dispatchAction } from '../../shared/web/dispatch-pages';
import { pageHandler } from '../../shared/web/page-http';

export const handler = pageHandler('dispatch-remind', (req) =>
  dispatchAction(req, 'remindQueued', (ctx) => remindAllNow(ctx, req.params['dispatchId']!)),
);
