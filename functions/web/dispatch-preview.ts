import { webPage } from './page-table';
import { loadDirectory } from '../../shared/data/directory-repo';
import type { DispatchRecord } from '../../shared/data/dispatch-repo';
import type { HttpResult } from '../../shared/http/responses';
import { renderLetter } from '../../shared/pdf/render-letter';
import { letterOf } from '../../shared/services/letter';
import { contentFromForm, formChoices, formValuesOf } from '../../shared/web/dispatch-form';
import { vietnamYear } from '../../shared/domain/time';
import { letterPreviewPage } from '../../templates/pages/letter-preview';
import { fieldErrorsOf, pageHandler, pageResult } from '../../shared/web/page-http';
import type { DispatchContent } from '../../shared/schemas/dispatch';
import { contextFor } from '../../shared/services/context';
import { draftContent } from '../../shared/services/dispatches';

/**
 * POST /app/dispatches/preview: the letter as the form stands, rendered and not saved (marked as a
 * draft like every unnumbered letter), shown in the form's frame. Until the form is complete, the letter
 * as an HTML page of its own with what is missing marked in it (templates/pages/letter-preview.ts):
 * never the application page, and nothing the frame's policy would block.
 */
export const handler = pageHandler(webPage('dispatch-preview'), async ({ lang, actor, form, formAll }): Promise<HttpResult> => {
  const frameable = { 'content-security-policy': "default-src 'none'; style-src 'self'; frame-ancestors 'self'", 'x-frame-options': 'SAMEORIGIN' };
  const values = formValuesOf(form, formAll);
  const { content: input } = contentFromForm(values);
  const sketch = async () =>
    pageResult(200, letterPreviewPage({ lang, form: values, choices: await formChoices(actor), year: vietnamYear(new Date()) }), frameable);
  if (!input) return sketch();
  let content: DispatchContent;
  try {
    // Issuer and signature block as saving would resolve them, from the records.
    content = await draftContent(contextFor(actor), input);
  } catch (error) {
    if (!fieldErrorsOf(error)) throw error;
    return sketch();
  }
  const draft = { id: 'preview', state: 'draft', version: 0, agencyCode: actor.agencyCode, content, stats: { recipients: 0, mailSent: 0, mailFailed: 0 } } as unknown as DispatchRecord;
  const pdf = await renderLetter(letterOf(draft, await loadDirectory()));
  return { raw: { body: Buffer.from(pdf).toString('base64'), contentType: 'application/pdf', isBase64Encoded: true }, headers: { ...frameable, 'content-disposition': 'inline' } };
});
