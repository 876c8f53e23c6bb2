import { webPage } from './page-table';
import { readableDispatch } from '../../shared/services/dispatches';
import { formChoices, formFromContent } from '../../shared/web/dispatch-form';
import { pageHandler, pageResult } from '../../shared/web/page-http';
import { t } from '../../templates/i18n';
import { dispatchFormPage } from '../../templates/pages/app-dispatch-form';

/** GET /app/dispatches/{id}/edit: the draft (or returned dispatch) in the form, with its version. */
export const handler = pageHandler(webPage('dispatch-edit'), async ({ lang, actor, csrf, params }) => {
  const dispatch = await readableDispatch(actor, params['dispatchId']!);
  const action = `/app/dispatches/${encodeURIComponent(dispatch.id)}/edit`;
  const page = dispatchFormPage({ lang, actor, csrf }, { action, title: t(lang, 'editDispatch'), form: formFromContent(dispatch.content), choices: await formChoices(actor), version: dispatch.version });
  return pageResult(200, page);
});
