import { webPage } from './page-table';
import { invalid } from '../../shared/errors';
import { commentedTransitionSchema } from '../../shared/schemas/dispatch';
import { fieldErrors } from '../../shared/schemas/messages';
import { transition } from '../../shared/services/dispatches';
import { dispatchAction, versionOf } from '../../shared/web/dispatch-pages';
import { pageHandler } from '../../shared/web/page-http';

/** Return with a comment: the comment is checked by the API's own schema; its errors show next to it. */
export const handler = pageHandler(webPage('dispatch-return'), (req) =>
  dispatchAction(req, 'returned', (ctx) => {
    const parsed = commentedTransitionSchema.safeParse({ version: versionOf(req), comment: req.form['comment'] ?? '' }, { reportInput: true });
    if (!parsed.success) throw invalid(fieldErrors(parsed.error.issues, ''));
    return transition(ctx, req.params['dispatchId']!, 'return', parsed.data.version, parsed.data.comment);
  }),
);
