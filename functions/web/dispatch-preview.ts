import { loadDirectory } from '../../shared/data/directory-repo';
import type { DispatchRecord } from '../../shared/data/dispatch-repo';
import type { HttpResult } from '../../shared/http/responses';
import { renderLetter } from '../../shared/pdf/render-letter';
import { letterOf } from '../../shared/services/letter';
import { contentFromForm, formValuesOf } from '../../shared/web/dispatch-form';
import { fieldErrorsOf, pageHandler, pageResult } from '../../shared/web/page-http';
import type { FieldError } from '../../shared/errors';
import type { DispatchContent } from '../../shared/schemas/dispatch';
import { contextFor } from '../../shared/services/context';
import { draftContent } from '../../shared/services/dispatches';
import { html } from '../../templates/html';
import { t } from '../../templates/i18n';
import { formErrors, layout } from '../../templates/pages/app-layout';

/**
 * POST /app/dispatches/preview: the letter as the form stands, rendered and not saved (marked as a
 * draft like every unnumbered letter), shown in the form's frame; until the form is complete, the list
 * of what is missing instead.
 */
export const handler = pageHandler('dispatch-preview', async ({ lang, actor, form, formAll }): Promise<HttpResult> => {
  const frameable = { 'content-security-policy': "default-src 'none'; style-src 'self'; frame-ancestors 'self'", 'x-frame-options': 'SAMEORIGIN' };
  const { content: input, errors } = contentFromForm(formValuesOf(form, formAll));
  const missing = (problems: FieldError[] | undefined) => pageResult(200, layout({ lang, title: t(lang, 'preview') }, html`${formErrors(lang, problems)}`), frameable);
  if (!input) return missing(errors);
  let content: DispatchContent;
  try {
    // Issuer and signature block as saving would resolve them, from the records.
    content = await draftContent(contextFor(actor), input);
  } catch (error) {
    const problems = fieldErrorsOf(error);
    if (!problems) throw error;
    return missing(problems);
  }
  const draft = { id: 'preview', state: 'draft', version: 0, agencyCode: actor.agencyCode, content, stats: { recipients: 0, mailSent: 0, mailFailed: 0 } } as unknown as DispatchRecord;
  const pdf = await renderLetter(letterOf(draft, await loadDirectory()));
  return { raw: { body: Buffer.from(pdf).toString('base64'), contentType: 'application/pdf', isBase64Encoded: true }, headers: { ...frameable, 'content-disposition': 'inline' } };
});
