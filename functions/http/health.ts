import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';

export const handler = httpHandler(route('health'), {}, async () => ({ body: { status: 'ok' } }));
