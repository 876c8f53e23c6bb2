import type { StackLog } from './log';

/**
 * The local stand-in for the EventBridge schedule that runs the reminder job in AWS: the same handler
 * (functions/jobs/reminders.ts), on a timer. The job's steps are claimed per unit, so running it
 * more often than daily sends nothing twice.
 */
export const REMINDER_INTERVAL_MS = 60 * 60 * 1000;

export function startReminderTimer(log: StackLog, intervalMs = REMINDER_INTERVAL_MS): { stop(): void } {
  const run = async () => {
    try {
      const { handler } = await import('../../functions/jobs/reminders');
      const result = await handler();
      if (result.runs) log.info(`reminders: ${result.runs} run(s) started`);
    } catch (error) {
      log.warn(`reminders failed: ${(error as Error).message}`);
    }
  };
  // The leaders' overdue digest runs on the same timer: it is claimed per leader and day, so hourly runs send it once.
  const runDigest = async () => {
    try {
      const { handler } = await import('../../functions/jobs/overdue-digest');
      const result = await handler();
      if (result.sent) log.info(`overdue digest: ${result.sent} sent`);
    } catch (error) {
      log.warn(`overdue digest failed: ${(error as Error).message}`);
    }
  };
  // The audit seal (daily in AWS): sealing hourly here only makes truncation detectable sooner.
  const runSeal = async () => {
    try {
      const { handler } = await import('../../functions/jobs/audit-seal');
      await handler();
    } catch (error) {
      log.warn(`audit seal failed: ${(error as Error).message}`);
    }
  };
  // Closing (daily in AWS): hourly here closes a dispatch at most an hour after its links expired.
  const runClosing = async () => {
    try {
      const { handler } = await import('../../functions/jobs/close-dispatches');
      const result = await handler();
      if (result.closed) log.info(`closing: ${result.closed} dispatches closed`);
    } catch (error) {
      log.warn(`closing failed: ${(error as Error).message}`);
    }
  };
  const timer = setInterval(() => void runClosing().then(run).then(runDigest).then(runSeal), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * The local stand-in for the mail sweeper's five-minute schedule: once at start (mail queued before a
 * kill -9 of `npm start` was lost with the in-memory SQS stand-in) and then every `intervalMs`.
 */
export const MAIL_SWEEP_INTERVAL_MS = 60 * 1000;

export function startMailSweepTimer(log: StackLog, intervalMs = MAIL_SWEEP_INTERVAL_MS): { stop(): void; runNow(): Promise<void> } {
  const run = async () => {
    try {
      const { handler } = await import('../../functions/jobs/mail-sweep');
      const result = await handler();
      if (result.enqueued) log.info(`mail sweep: ${result.enqueued} re-enqueued`);
      if (result.reminderRuns) log.info(`mail sweep: ${result.reminderRuns} stalled reminder runs picked up again`);
    } catch (error) {
      log.warn(`mail sweep failed: ${(error as Error).message}`);
    }
  };
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), runNow: run };
}
