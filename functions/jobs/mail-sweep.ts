import { jobHandler } from '../../shared/events/job';
import { BusinessMetric } from '../../shared/metrics';
import { sweepPendingMail } from '../../shared/services/mail-sweep';
import { sweepStalledReminderRuns } from '../../shared/services/reminder-sweep';

/**
 * Every few minutes (EventBridge in AWS, a timer in the local stack): mail the table says is overdue
 * goes on the queue again, and so does the next page or letter of a reminder run whose enqueuing
 * stopped. One function for both sweeps: the same schedule, the same queue, one function fewer to
 * provision and alarm (the nested stacks' resource budget is tight).
 */
export const handler = jobHandler(
  'mail sweep',
  async () => {
    const now = new Date();
    const { enqueued } = await sweepPendingMail(now);
    const { runs } = await sweepStalledReminderRuns(now);
    return { enqueued, reminderRuns: runs };
  },
  (r) => ({ [BusinessMetric.MailRequeued]: r.enqueued }),
  // Every five minutes, nearly always with nothing to do: only a sweep that found work is logged.
  (r) => r.enqueued === 0 && r.reminderRuns === 0,
);
