import { streamHandler } from '../../shared/events/stream';
import { deliverDispatch } from '../../shared/services/delivery';

export const handler = streamHandler('dispatch-delivery', (image) => deliverDispatch(String(image['id'])));
