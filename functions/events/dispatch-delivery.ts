import { logger } from '../../shared/logger';
import { streamHandler } from '../../shared/events/stream';
import { deliverDispatch } from '../../shared/services/delivery';

export const handler = streamHandler('dispatch-delivery', async (image) => {
  const outcome = await deliverDispatch(String(image['id']));
  if (outcome === 'done') logger.info('dispatch delivered: PDF stored, units queued for mail', { dispatchId: image['id'] });
  return outcome;
});
