import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { sendAll } from './sqs';

/**
 * One mail message per recipient and step. `step` names the letter: `issue` for the dispatch itself,
 * a reminder step (shared/domain/reminders.ts) or `resend:<id>` for a clerk's resend; the recipient
 * item remembers which steps were sent, so a message for a step already recorded as sent does nothing.
 */
export const mailMessageSchema = z.object({
  kind: z.enum(['issue', 'reminder', 'resend']),
  dispatchId: z.string().min(1).max(100),
  unitId: z.string().min(1).max(200),
  step: z.string().min(1).max(200),
  correlationId: z.string().min(1).max(200),
});
export type MailMessage = z.infer<typeof mailMessageSchema>;

export async function enqueueMail(messages: readonly Omit<MailMessage, 'correlationId'>[], correlationId: string = randomUUID()): Promise<void> {
  await sendAll('mail', messages.map((m) => ({ body: { ...m, correlationId } satisfies MailMessage })));
}
