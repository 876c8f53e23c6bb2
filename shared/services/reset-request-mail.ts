import { randomUUID } from 'node:crypto';
import { claimCompletionMail, finishCompletionMail, getResetRequest, type ResetRequestRecord } from '../data/reset-request-repo';
import type { Mailer } from '../mail/mailer';
import type { Clock } from '../runtime';

/** The e-mail's subject and bodies, rendered by a template the edge passes in (services render no templates). */
export type ResetCompletionRenderer = (request: ResetRequestRecord) => { subject: string; text: string; html: string };

/** Emails the unit once when its reset request completes (run by the `reset-request-mailer` stream consumer; safe to repeat). */
export async function mailResetCompletion(
  requestId: string,
  deps: { mailer: Mailer; clock: Clock; render: ResetCompletionRenderer },
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
