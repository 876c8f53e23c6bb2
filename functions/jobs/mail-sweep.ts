import { jobHandler } from '../../shared/events/job';
import { BusinessMetric } from '../../shared/metrics';
import { sweepPendingMail } from '../../shared/services/mail-sweep';

/** Every few minutes (EventBridge in AWS, a timer in the local stack): mail the table says is overdue goes on the queue again. */
export const handler = jobHandler(
  'mail sweep',
  () => sweepPendingMail(new Date()),
  (r) => ({ [BusinessMetric.MailRequeued]: r.enqueued }),
  // Every five minutes, nearly always with nothing to do: only a sweep that found mail is logged.
  (r) => r.enqueued === 0,
);
