import { logger } from '../../shared/logger';
import { sealAuditChains } from '../../shared/services/audit-verification';

/** Run by a schedule (EventBridge in AWS, the reminder timer locally): a signed seal of every audit chain head. */
export const handler = async (): Promise<{ key: string; heads: number; digest: string }> => {
  const result = await sealAuditChains(new Date());
  logger.info('audit seal', result);
  return result;
};
