import { logger } from '../../shared/logger';
import { closeDueDispatches } from '../../shared/services/open-dispatches';

/** Run by a schedule (EventBridge in AWS, the reminder timer locally): closes the dispatches whose links expired. */
export const handler = async (): Promise<{ checked: number; closed: number; dropped: number; adopted: number }> => {
  const result = await closeDueDispatches(new Date());
  logger.info('close dispatches', result);
  return result;
};
