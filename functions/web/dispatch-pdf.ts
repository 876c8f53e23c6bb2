import { webPage } from './page-table';
import { loadDirectory } from '../../shared/data/directory-repo';
import { renderLetter } from '../../shared/pdf/render-letter';
import { pdfDownloadUrl } from '../../shared/pdf/store';
import { requireDispatch } from '../../shared/services/dispatches';
import { letterOf } from '../../shared/services/letter';
import type { HttpResult } from '../../shared/http/responses';
import { pageHandler } from '../../shared/web/page-http';

/**
 * The dispatch's PDF for the staff pages (same as GET /dispatches/{id}/pdf, with the session cookie):
 * the issued file through a short-lived link, otherwise the preview, which our own page may frame.
 */
export const handler = pageHandler(webPage('dispatch-pdf'), async ({ params }): Promise<HttpResult> => {
  const dispatch = await requireDispatch(params['dispatchId']!);
  if (dispatch.pdfKey) return { status: 302, headers: { location: await pdfDownloadUrl(dispatch.pdfKey, `${dispatch.symbol ?? dispatch.id}.pdf`) } };
  const pdf = await renderLetter(letterOf(dispatch, await loadDirectory()));
  return {
    raw: { body: Buffer.from(pdf).toString('base64'), contentType: 'application/pdf', isBase64Encoded: true },
    headers: { 'content-security-policy': "default-src 'none'; frame-ancestors 'self'", 'x-frame-options': 'SAMEORIGIN', 'content-disposition': 'inline' },
  };
});
