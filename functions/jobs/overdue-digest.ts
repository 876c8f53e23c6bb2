import { sesMailer } from '../../shared/mail/mailer';
import { logger } from '../../shared/logger';
import { systemClock } from '../../shared/runtime';
import { staffNoticeMails } from '../../templates/email/staff-notices';
import { runOverdueDigest } from '../../shared/services/staff-notices';

/** Run by a schedule (EventBridge in AWS, a timer in the local stack): today's overdue digests to leaders who opted in. */
export const handler = async (): Promise<{ leaders: number; sent: number }> => {
  const result = await runOverdueDigest({ mailer: sesMailer, clock: systemClock, mails: staffNoticeMails });
  logger.info('overdue-digest', result);
  return result;
};
