import { webPage } from './page-table';
import { invalid } from '../../shared/errors';
import { commentedTransitionSchema } from '../../shared/schemas/dispatch';
import { fieldErrors } from '../../shared/schemas/messages';
import { transition } from '../../shared/services/dispatches';
import { dispatchAction, versionOf } from '../../shared/web/dispatch-pages';
import { pageHandler } from '../../shared/web/page-http';

/** Take a letter awaiting signature back to draft (the same use case as POST /dispatches/{id}/withdraw), with the reason. */
export const handler = pageHandler(webPage('dispatch-withdraw'), (req) =>
  dispatchAction(req, 'withdrawn', (ctx) => {
    const parsed = commentedTransitionSchema.safeParse({ version: versionOf(req), comment: req.form['comment'] ?? '' }, { reportInput: true });
    if (!parsed.success) throw invalid(fieldErrors(parsed.error.issues, ''));
    return transition(ctx, req.params['dispatchId']!, 'withdraw', parsed.data.version, parsed.data.comment);
  }),
);
