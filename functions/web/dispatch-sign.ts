import { webPage } from './page-table';
import { signDispatch } from '../../shared/services/signatures';
import { dispatchAction, versionOf } from '../../shared/web/dispatch-pages';
import { pageHandler, redirect } from '../../shared/web/page-http';

/**
 * Approve and sign: the same use case as POST /dispatches/{id}/sign (only the named signer may). Only
 * the confirmation page's form (confirm=yes) signs; any other post of this form (an old page, a
 * crafted one-tap form) is sent to that page, which names the letter first, and signs nothing.
 */
export const handler = pageHandler(webPage('dispatch-sign'), (req) => {
  if (req.form['confirm'] !== 'yes') return Promise.resolve(redirect(`/app/dispatches/${encodeURIComponent(req.params['dispatchId']!)}/sign`));
  return dispatchAction(req, 'signed', (ctx) => signDispatch(ctx, req.params['dispatchId']!, versionOf(req)));
});
