import { randomUUID } from 'node:crypto';
import { claimCompletionMail, finishCompletionMail, getResetRequest } from '../data/reset-request-repo';
import type { ResetCompletedRenderer } from '../domain/mail-content';
import type { Mailer } from '../mail/mailer';
import type { Clock } from '../runtime';
import { noticeSettled, resetDoneEvent, type QueuedNotice } from './queued-notices';

/**
 * Emails the unit once when its reset request completes (run by the `reset-request-mailer` stream
 * consumer; safe to repeat). With `queue` (what the function passes) the e-mail is rendered here and put
 * on the mail queue, which claims it once, paces it within the account's SES rate and retries it like
 * every other e-mail (shared/services/queued-notices.ts); with a `mailer` it is claimed and sent here.
 */
export async function mailResetCompletion(
  requestId: string,
  deps: { mailer?: Mailer; queue?: (notice: QueuedNotice) => Promise<void>; clock: Clock; render: ResetCompletedRenderer },
): Promise<'sent' | 'queued' | 'skipped'> {
  if (deps.queue) {
    const request = await getResetRequest(requestId);
    if (!request || request.status !== 'completed' || request.completionMailSentAt) return 'skipped';
    const event = resetDoneEvent(requestId);
    if (await noticeSettled(event, 'unit')) return 'skipped';
    await deps.queue({ event, recipientId: 'unit', noticeKind: 'reset-completed', to: request.unitEmail, mail: deps.render(request) });
    return 'queued';
  }
  if (!deps.mailer) throw new Error('mailResetCompletion: neither a mailer nor a queue');
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
