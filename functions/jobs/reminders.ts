import { sesMailer } from '../../shared/mail/mailer';
import { logger } from '../../shared/logger';
import { runScheduledReminders } from '../../shared/services/reminders';

/** Run by a schedule (EventBridge in AWS, a timer in the local stack): today's reminder steps. */
export const handler = async (): Promise<{ dispatches: number; sent: number }> => {
  const result = await runScheduledReminders(new Date(), sesMailer);
  logger.info('reminders', result);
  return result;
};
