import { randomUUID } from 'node:crypto';
import { getDispatch } from '../data/dispatch-repo';
import { getUnit } from '../data/directory-repo';
import { claimCompletionMail, finishCompletionMail, getResetRequest, setResetRequestPdf } from '../data/reset-request-repo';
import { vietnamDate, vietnamYear } from '../domain/time';
import type { ResetCompletedRenderer } from '../domain/mail-content';
import type { Mailer } from '../mail/mailer';
import { renderLetter } from '../pdf/render-letter';
import { putPdf } from '../pdf/store';
import type { Clock } from '../runtime';
import { sha256 } from './context';
import { resetLetterOf } from './reset-letter';

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

export async function mailResetCompletion(requestId: string, deps: { mailer: Mailer; clock: Clock; render: ResetCompletedRenderer }): Promise<'sent' | 'skipped'> {
  const claim = randomUUID();
  if (!(await claimCompletionMail(requestId, claim))) return 'skipped';
  const request = (await getResetRequest(requestId))!;
  try {
    await deps.mailer.send({ to: request.unitEmail, ...deps.render(request) });
  } catch (error) {
    await finishCompletionMail(requestId, claim, null);
    throw error;
  }
  await finishCompletionMail(requestId, claim, deps.clock.now().toISOString());
  return 'sent';
}
