import { webPage } from './page-table';
import { createDraft } from '../../shared/services/dispatches';
import { contextFor } from '../../shared/services/context';
import { contentFromForm, formChoices, formValuesOf } from '../../shared/web/dispatch-form';
import { fieldErrorsOf, pageHandler, pageResult, redirect } from '../../shared/web/page-http';
import { t } from '../../templates/i18n';
import { dispatchFormPage } from '../../templates/pages/app-dispatch-form';

/** POST /app/dispatches/new: the same use case as POST /dispatches; on errors, the form again as typed. */
export const handler = pageHandler(webPage('dispatch-create'), async ({ lang, actor, csrf, form, formAll }) => {
  const values = formValuesOf(form, formAll);
  const { content, errors } = contentFromForm(values);
  let problems = errors;
  if (content) {
    try {
      const created = await createDraft(contextFor(actor), content);
      return redirect(`/app/dispatches/${encodeURIComponent(created.id)}?done=saved`);
    } catch (error) {
      problems = fieldErrorsOf(error);
      if (!problems) throw error;
    }
  }
  const page = dispatchFormPage({ lang, actor, csrf }, { action: '/app/dispatches/new', title: t(lang, 'newDispatch'), form: values, choices: await formChoices(actor), errors: problems! });
  return pageResult(400, page);
});
