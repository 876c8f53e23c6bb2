/**
 * Functions invoked by EventBridge rather than by HTTP or the table stream. The CDK app gives each a
 * rule; the local stack runs the same handlers on a timer (reminders) or from a dev route (SES events).
 */
export interface JobDef {
  readonly id: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly needs: readonly ('pdfRead' | 'pdfWrite' | 'mail' | 'enqueue')[];
}

/**
 * Reminders to units that still owe something: hourly from 08:00 to 17:00 in Vietnam (01:00–10:00 UTC).
 * The first run of the day does the work; later runs continue a walk that stopped before its timeout
 * and catch steps of dispatches issued since (reminders are claimed per unit and step: never twice).
 */
export const REMINDER_JOB: JobDef = { id: 'reminders', entry: 'functions/jobs/reminders.ts', needs: ['enqueue'] };

/** The opt-in digest of overdue units to leaders: daily, 08:00 in Vietnam (01:00 UTC), at most once per leader and day. */
// Its e-mails go on the mail queue (paced and retried there: shared/services/queued-notices.ts).
export const DIGEST_JOB: JobDef = { id: 'overdue-digest', entry: 'functions/jobs/overdue-digest.ts', needs: ['enqueue'] };

/** SES bounce, complaint and delivery events of the configuration set every email is sent with. */
export const SES_EVENTS_JOB: JobDef = { id: 'ses-events', entry: 'functions/events/ses-events.ts', needs: [] };

/**
 * The seal of every audit chain head (issue 13): daily, 00:30 UTC. Its grants (the seal key, the seal
 * bucket: infra/aws/audit-seals.ts) are its own, given by the stack, so `needs` stays empty.
 */
export const AUDIT_SEAL_JOB: JobDef = { id: 'audit-seal', entry: 'functions/jobs/audit-seal.ts', needs: [] };

/**
 * Closing (issue 10): daily, 00:00 UTC (07:00 in Vietnam, before the reminders), every open dispatch
 * whose links expired is closed (archived) and leaves the open set the reminder job walks.
 */
export const CLOSING_JOB: JobDef = { id: 'close-dispatches', entry: 'functions/jobs/close-dispatches.ts', needs: [] };

/**
 * The mail sweeper (shared/services/mail-sweep.ts): every five minutes, recipients whose mail the table
 * says is overdue go on the mail queue again, so no mail rests on the queue's durability alone; and a
 * reminder run whose enqueuing stopped is picked up again (shared/services/reminder-sweep.ts).
 */
export const MAIL_SWEEP_JOB: JobDef = { id: 'mail-sweep', entry: 'functions/jobs/mail-sweep.ts', needs: ['enqueue'] };

/** Every job: one function each in the CDK app. */
export const jobs: readonly JobDef[] = [REMINDER_JOB, DIGEST_JOB, SES_EVENTS_JOB, AUDIT_SEAL_JOB, CLOSING_JOB, MAIL_SWEEP_JOB];
