import { getDispatch } from '../data/dispatch-repo';
import { getUnit } from '../data/directory-repo';
import { getResetRequest, setResetRequestPdf } from '../data/reset-request-repo';
import { vietnamDate, vietnamYear } from '../domain/time';
import { renderLetter } from '../pdf/render-letter';
import { putPdf } from '../pdf/store';
import { sha256 } from './context';
import { resetLetterOf } from './reset-letter';

// The completion e-mail is its own module, so that the mailer's function does not bundle the letter's renderer.
export { mailResetCompletion } from './reset-request-mail';

/**
 * Slow work after a reset request changes, run by stream consumers and safe to repeat: rendering the
 * request's letter (the same PDF overwrites itself), and emailing the unit once when it completes.
 */
export async function storeResetLetter(requestId: string): Promise<'done' | 'skipped'> {
  const request = await getResetRequest(requestId);
  if (!request || request.pdfStatus === 'done') return 'skipped';
  const [unit, dispatch] = await Promise.all([getUnit(request.unitId), getDispatch(request.dispatchId)]);
  const created = new Date(request.createdAt);
  const pdf = await renderLetter(resetLetterOf(request, unit, dispatch, vietnamDate(created)));
  const hash = sha256(pdf);
  const key = `reset-requests/${vietnamYear(created)}/${request.unitId}/${request.id}.pdf`;
  await putPdf(key, pdf, hash);
  await setResetRequestPdf(request.id, key, hash);
  return 'done';
}
