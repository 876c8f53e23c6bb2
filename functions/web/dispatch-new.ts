import { webPage } from './page-table';
import { formChoices, newFormValues } from '../../shared/web/dispatch-form';
import { pageHandler, pageResult } from '../../shared/web/page-http';
import { t } from '../../templates/i18n';
import { dispatchFormPage } from '../../templates/pages/app-dispatch-form';

/** GET /app/dispatches/new: an empty dispatch form in the clerk's agency (signer as on its newest dispatch). */
export const handler = pageHandler(webPage('dispatch-new'), async ({ lang, actor, csrf }) => {
  const [form, choices] = await Promise.all([newFormValues(actor), formChoices(actor)]);
  return pageResult(200, dispatchFormPage({ lang, actor, csrf }, { action: '/app/dispatches/new', title: t(lang, 'newDispatch'), form, choices }));
});
