import { webPage } from './page-table';
import { loadDirectory } from '../../shared/data/directory-repo';
import { renderLetter } from '../../shared/pdf/render-letter';
import { getPdf, pdfDownloadUrl } from '../../shared/pdf/store';
import { requireDispatch } from '../../shared/services/dispatches';
import { letterOf } from '../../shared/services/letter';
import type { HttpResult } from '../../shared/http/responses';
import { pageHandler } from '../../shared/web/page-http';
import { letterTooLargePage } from '../../templates/pages/letter-view';

/** Our own pages may frame the PDF (and nothing in it runs). */
const FRAMEABLE = { 'content-security-policy': "default-src 'none'; frame-ancestors 'self'", 'x-frame-options': 'SAMEORIGIN' };

/**
 * A Lambda answer is at most 6 MB and a binary body travels base64 (4/3): 4 MiB of PDF fit with room.
 * A letter with its signatures is some hundred KB; a file above this is only offered for download.
 */
export const INLINE_PDF_MAX_BYTES = 4 * 1024 * 1024;

const pdfResult = (pdf: Uint8Array): HttpResult => ({
  raw: { body: Buffer.from(pdf).toString('base64'), contentType: 'application/pdf', isBase64Encoded: true },
  headers: { ...FRAMEABLE, 'content-disposition': 'inline' },
});

/**
 * The dispatch's PDF for the staff pages (same as GET /dispatches/{id}/pdf, with the session cookie):
 * the issued file through a short-lived link to storage, otherwise the preview, which our own page may
 * frame. `?view=inline` is the letter viewer's address (templates/pages/letter-view.ts): the issued file
 * itself from our origin, because the pages' policy lets them frame and fetch only their own origin
 * (frame-src / connect-src 'self'; a redirect to storage would be refused).
 */
export const handler = pageHandler(webPage('dispatch-pdf'), async ({ lang, params, query }): Promise<HttpResult> => {
  const dispatch = await requireDispatch(params['dispatchId']!);
  if (dispatch.pdfKey) {
    if (query['view'] !== 'inline') return { status: 302, headers: { location: await pdfDownloadUrl(dispatch.pdfKey, `${dispatch.symbol ?? dispatch.id}.pdf`) } };
    const pdf = await getPdf(dispatch.pdfKey);
    if (pdf.byteLength > INLINE_PDF_MAX_BYTES) return { raw: { body: letterTooLargePage(lang), contentType: 'text/html; charset=utf-8' }, headers: FRAMEABLE };
    return pdfResult(pdf);
  }
  return pdfResult(await renderLetter(letterOf(dispatch, await loadDirectory())));
});
