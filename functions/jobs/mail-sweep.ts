import { logger } from '../../shared/logger';
import { sweepPendingMail } from '../../shared/services/mail-sweep';

/** Every few minutes (EventBridge in AWS, a timer in the local stack): mail the table says is overdue goes on the queue again. */
export const handler = async (): Promise<{ enqueued: number }> => {
  const result = await sweepPendingMail(new Date());
  if (result.enqueued) logger.info('mail sweep', result);
  return result;
};
