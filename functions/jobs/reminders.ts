import { jobHandler } from '../../shared/events/job';
import { BusinessMetric } from '../../shared/metrics';
import { runScheduledReminders } from '../../shared/services/reminders';

/**
 * Time kept back at the end of a run: the walk stops before the next dispatch once less than this is
 * left (of the one-minute job timeout), saving its place, so the dispatch in hand finishes in time.
 */
const STOP_MARGIN_MS = 20_000;

/**
 * Run by a schedule (EventBridge in AWS, a timer in the local stack): today's reminder steps over the
 * open dispatches, one reminder run each (its e-mails go out from the mail queue). A run that stops early leaves its place; the schedule's next run continues there.
 */
export const handler = jobHandler(
  'reminders',
  (_event, context) =>
    runScheduledReminders(new Date(), {
      ...(context ? { shouldStop: () => context.getRemainingTimeInMillis() < STOP_MARGIN_MS } : {}),
    }),
  (r) => ({ [BusinessMetric.ReminderRuns]: r.runs }),
);
