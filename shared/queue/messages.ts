import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { sendAll } from './sqs';
import { currentCorrelationId } from '../correlation';

/**
 * One mail message per recipient and step. `step` names the letter: `issue` for the dispatch itself,
 * a reminder step (shared/domain/reminders.ts) or `resend:<minute>` for a clerk's resend; the recipient
 * item remembers which steps were sent, so a message for a step already recorded as sent does nothing.
 * `scope: 'unit'`: the letter belongs to a clerk's run of one unit ("remind" or "resend link" on the
 * unit's row), counted on that run rather than on the dispatch-wide run of the step (a resend always is).
 */
export const letterMessageSchema = z.object({
  kind: z.enum(['issue', 'reminder', 'resend']),
  dispatchId: z.string().check(z.minLength(1), z.maxLength(100)),
  unitId: z.string().check(z.minLength(1), z.maxLength(200)),
  step: z.string().check(z.minLength(1), z.maxLength(200)),
  scope: z.optional(z.literal('unit')),
  correlationId: z.string().check(z.minLength(1), z.maxLength(200)),
});
export type LetterMessage = z.infer<typeof letterMessageSchema>;

/**
 * A "remind all" run's fan-out (shared/services/reminder-fanout.ts): one page of the dispatch's
 * recipients from `cursor` ('' = the first), a `reminder` message per laggard, then itself again with
 * the next cursor. On the mail queue rather than a queue of its own: it sends no e-mail and takes no
 * send slot, costs a page read and a few batch sends, and so needs no pacing nor concurrency of its
 * own; one queue fewer to provision, alarm and replay (its dead letters replay with the mail's).
 */
export const fanoutMessageSchema = z.object({
  kind: z.literal('fanout'),
  dispatchId: z.string().check(z.minLength(1), z.maxLength(100)),
  step: z.string().check(z.minLength(1), z.maxLength(200)),
  cursor: z.string().check(z.maxLength(2000)),
  correlationId: z.string().check(z.minLength(1), z.maxLength(200)),
});
export type FanoutMessage = z.infer<typeof fanoutMessageSchema>;

/**
 * An e-mail to one person that is not a dispatch's letter to a unit: a staff notice (a dispatch awaits
 * a signature, was returned or signed; a reset request arrived; the overdue digest) or the unit's
 * e-mail that its reset request was done (shared/services/queued-notices.ts). Rendered by its producer
 * and carried whole (a few KB; SQS takes 256 KiB): the consumer needs no template. Once per `event`
 * and `recipientId` (the notice claim, shared/data/notice-repo.ts). On the mail queue so it shares the
 * account's SES rate, its back-off, dead-letter queue and replay with every other e-mail.
 */
export const noticeMessageSchema = z.object({
  kind: z.literal('notice'),
  event: z.string().check(z.minLength(1), z.maxLength(300)),
  recipientId: z.string().check(z.minLength(1), z.maxLength(200)),
  noticeKind: z.string().check(z.minLength(1), z.maxLength(50)),
  to: z.string().check(z.minLength(3), z.maxLength(320)),
  mail: z.object({ subject: z.string().check(z.maxLength(2000)), text: z.string(), html: z.string() }),
  /** When it was first queued: a refused send is retried until this is MAIL_RETRY_WINDOW_SECONDS old. */
  queuedAt: z.string().check(z.minLength(1), z.maxLength(40)),
  correlationId: z.string().check(z.minLength(1), z.maxLength(200)),
});
export type NoticeMessage = z.infer<typeof noticeMessageSchema>;

export const mailMessageSchema = z.discriminatedUnion('kind', [letterMessageSchema, fanoutMessageSchema, noticeMessageSchema]);
export type MailMessage = z.infer<typeof mailMessageSchema>;

/** `correlationId`: by default the one in scope (shared/correlation.ts), so the mail logs under what caused it. */
export async function enqueueMail(messages: readonly (Omit<LetterMessage, 'correlationId'> | Omit<FanoutMessage, 'correlationId'> | Omit<NoticeMessage, 'correlationId'>)[], correlationId: string = currentCorrelationId() ?? randomUUID()): Promise<void> {
  await sendAll('mail', messages.map((m) => ({ body: { ...m, correlationId } })));
}
