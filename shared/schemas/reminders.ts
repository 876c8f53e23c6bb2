import * as z from 'zod/mini';

/**
 * Response shapes of the reminder routes, for the OpenAPI document (shared/schemas/openapi.ts): a
 * reminder run (shared/data/reminder-run-repo.ts) with its progress, as "remind all", a unit's
 * "remind" or "resend link", and GET …/reminder-runs answer it.
 */
export const reminderRunSchema = z
  .object({
    dispatchId: z.string(),
    step: z.string().register(z.globalRegistry, { description: 'Bước nhắc: `before3:<ngày>`, `due:<ngày>`, `manual:<phút>`, `resend:<phút>` / The step: a due-date step, a clerk\'s minute, or a resend\'s minute' }),
    unitId: z.optional(z.string()).register(z.globalRegistry, { description: 'Chỉ có ở lượt của một đơn vị / Only on a run of one unit ("remind" or "resend link" of that unit)' }),
    actor: z.string(),
    actorName: z.optional(z.string()),
    createdAt: z.string(),
    cursor: z.optional(z.string()).register(z.globalRegistry, { description: 'Trang đơn vị nhận đang xếp hàng tiếp / The recipient page the fan-out continues from' }),
    fannedOut: z.boolean().register(z.globalRegistry, { description: 'Mọi đơn vị cần nhắc đã vào hàng đợi / Every laggard\'s letter is on the mail queue' }),
    queued: z.number().check(z.int()),
    sent: z.number().check(z.int()),
    failed: z.number().check(z.int()),
    skipped: z.number().check(z.int()),
    done: z.boolean().register(z.globalRegistry, { description: 'Mọi thư đã có kết quả (gửi, lỗi, bỏ qua) / Every queued letter has an outcome (sent, failed, skipped)' }),
  })
  .register(z.globalRegistry, { id: 'ReminderRun' });

export const remindAllAnswerSchema = z.object({ dispatchId: z.string(), run: reminderRunSchema }).register(z.globalRegistry, { id: 'RemindAllAnswer' });

export const unitLetterAnswerSchema = z
  .object({
    dispatchId: z.string(),
    unitId: z.string(),
    queued: z.boolean().register(z.globalRegistry, { description: 'true: lần gọi này đã xếp thư vào hàng đợi; false: trả lời lượt đã có (bấm hai lần) / true: this call queued the letter; false: it answered the run already started (a double click)' }),
    run: reminderRunSchema,
  })
  .register(z.globalRegistry, { id: 'UnitLetterAnswer' });

export const reminderRunsSchema = z.object({ dispatchId: z.string(), items: z.array(reminderRunSchema) }).register(z.globalRegistry, { id: 'ReminderRuns' });
