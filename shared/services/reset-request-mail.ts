import { randomUUID } from 'node:crypto';
import { claimCompletionMail, finishCompletionMail, getResetRequest } from '../data/reset-request-repo';
import type { ResetCompletedRenderer } from '../domain/mail-content';
import type { Mailer } from '../mail/mailer';
import type { Clock } from '../runtime';

/** Emails the unit once when its reset request completes (run by the `reset-request-mailer` stream consumer; safe to repeat). */
export async function mailResetCompletion(
  requestId: string,
  deps: { mailer: Mailer; clock: Clock; render: ResetCompletedRenderer },
): Promise<'sent' | 'skipped'> {
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
