import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { agencies } from '../../shared/services/people';

export const handler = httpHandler(route('agencies-list'), {}, async () => ({ body: { items: await agencies() } }));
