import { webPage } from './page-table';
import { updateDraft } from '../../shared/services/dispatches';
import { contextFor } from '../../shared/services/context';
import { versionOf } from '../../shared/web/dispatch-pages';
import { contentFromForm, formChoices, formValuesOf } from '../../shared/web/dispatch-form';
import { fieldErrorsOf, pageHandler, pageResult, redirect } from '../../shared/web/page-http';
import { t } from '../../templates/i18n';
import { dispatchFormPage } from '../../templates/pages/app-dispatch-form';

/** POST /app/dispatches/{id}/edit: the same use case as PUT /dispatches/{id}; a stale version is a 409 shown on the form. */
export const handler = pageHandler(webPage('dispatch-update'), async (req) => {
  const { lang, actor, csrf, form, formAll, params } = req;
  const id = params['dispatchId']!;
  const values = formValuesOf(form, formAll);
  const { content, errors } = contentFromForm(values);
  let problems = errors;
  let status = 400;
  if (content) {
    try {
      await updateDraft(contextFor(actor), id, versionOf(req), content);
      return redirect(`/app/dispatches/${encodeURIComponent(id)}?done=saved`);
    } catch (error) {
      problems = fieldErrorsOf(error);
      if (!problems) throw error;
      if ((error as { code?: string }).code === 'conflict') status = 409;
    }
  }
  const action = `/app/dispatches/${encodeURIComponent(id)}/edit`;
  const version = Number(form['version']) || undefined;
  const page = dispatchFormPage({ lang, actor, csrf }, { action, title: t(lang, 'editDispatch'), form: values, choices: await formChoices(actor), errors: problems!, ...(version ? { version } : {}) });
  return pageResult(status, page);
});
