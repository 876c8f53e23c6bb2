import { streamHandler } from '../../shared/events/stream';
import { storeResetLetter } from '../../shared/services/reset-request-events';

export const handler = streamHandler('reset-request-letter', (image) => storeResetLetter(String(image['id'])));
