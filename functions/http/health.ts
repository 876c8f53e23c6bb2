import { httpHandler } from '../../shared/http/handler';

export const handler = httpHandler('health', {}, async () => ({ body: { status: 'ok' } }));
