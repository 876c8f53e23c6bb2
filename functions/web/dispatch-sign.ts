import { signDispatch } from '../../shared/services/signatures';
import { dispatchAction, versionOf } from '../../shared/web/dispatch-pages';
import { pageHandler } from '../../shared/web/page-http';

/** Approve and sign: the same use case as POST /dispatches/{id}/sign (only the named signer may). */
export const handler = pageHandler('dispatch-sign', (req) =>
  dispatchAction(req, 'signed', (ctx) => signDispatch(ctx, req.params['dispatchId']!, versionOf(req))),
);
