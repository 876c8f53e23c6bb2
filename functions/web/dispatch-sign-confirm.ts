import { webPage } from './page-table';
import { requireDispatch } from '../../shared/services/dispatches';
import { pageHandler, pageResult, redirect } from '../../shared/web/page-http';
import { t } from '../../templates/i18n';
import { messagePage } from '../../templates/pages/app-layout';
import { signConfirmPage } from '../../templates/pages/app-sign-confirm';

/**
 * GET /app/dispatches/{id}/sign: the step between "Duyệt và ký số" and the signature, naming the letter
 * and showing it. Only the named signer of a dispatch awaiting signature sees it; anyone else is told
 * why, and a dispatch no longer awaiting a signature sends them back to its page.
 */
export const handler = pageHandler(webPage('dispatch-sign-confirm'), async (req) => {
  const dispatch = await requireDispatch(req.params['dispatchId']!);
  const href = `/app/dispatches/${encodeURIComponent(dispatch.id)}`;
  if (dispatch.state !== 'pending_signature') return redirect(href);
  if (dispatch.content.signer.userId !== req.actor.userId) {
    return pageResult(403, messagePage(req.lang, t(req.lang, 'forbiddenTitle'), t(req.lang, 'forbiddenText'), req.actor, req.csrf));
  }
  return pageResult(200, signConfirmPage({ lang: req.lang, actor: req.actor, csrf: req.csrf }, dispatch));
});
