import { loadDirectory } from '../../shared/data/directory-repo';
import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { renderLetter } from '../../shared/pdf/render-letter';
import { pdfDownloadUrl } from '../../shared/pdf/store';
import { dispatchIdParams } from '../../shared/schemas/dispatch';
import { requireDispatch } from '../../shared/services/dispatches';
import { letterOf } from '../../shared/services/letter';

/**
 * The issued PDF is served from S3 through a short-lived link (302); before it exists (a draft, or
 * just after issuing) the letter is rendered on the fly as a preview marked "DỰ THẢO" while unnumbered.
 */
export const handler = httpHandler(route('dispatches-pdf'), { params: dispatchIdParams }, async ({ params }) => {
  const dispatch = await requireDispatch(params.dispatchId);
  if (dispatch.pdfKey) {
    const url = await pdfDownloadUrl(dispatch.pdfKey, `${dispatch.symbol ?? dispatch.id}.pdf`);
    return { status: 302, headers: { location: url } };
  }
  const pdf = await renderLetter(letterOf(dispatch, await loadDirectory()));
  return { raw: { body: Buffer.from(pdf).toString('base64'), contentType: 'application/pdf', isBase64Encoded: true } };
});
