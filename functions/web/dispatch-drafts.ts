import { webPage } from './page-table';
import { contextFor } from '../../shared/services/context';
import { copyToDraft, deleteDraft } from '../../shared/services/drafts';
import { dispatchAction, showDispatch, versionOf } from '../../shared/web/dispatch-pages';
import { fieldErrorsOf, pageHandler, redirect } from '../../shared/web/page-http';

/**
 * POST /app/dispatches/{id}/copy: a new draft from this dispatch's content and recipients, then its page.
 * Refused (the signer no longer signs, a cited directive withdrawn…): this dispatch's page again, naming why.
 */
export const copy = pageHandler(webPage('dispatch-copy'), async (req) => {
  try {
    const draft = await copyToDraft(contextFor(req.actor), req.params['dispatchId']!);
    return redirect(`/app/dispatches/${encodeURIComponent(draft.id)}?done=copiedNotice`);
  } catch (error) {
    const errors = fieldErrorsOf(error);
    if (!errors) throw error;
    return showDispatch(req, 400, { errors });
  }
});

/** POST /app/dispatches/{id}/delete (confirmed on its GET page): the draft goes; the list says so. */
export const remove = pageHandler(webPage('dispatch-delete'), async (req) => {
  let deleted = false;
  const refused = await dispatchAction(req, 'done', async (ctx) => {
    await deleteDraft(ctx, req.params['dispatchId']!, versionOf(req));
    deleted = true;
  });
  return deleted ? redirect('/app/dispatches?done=draftDeleted') : refused;
});
