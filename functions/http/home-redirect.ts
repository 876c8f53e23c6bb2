import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';

/**
 * `GET /`: people type the address without a path; send them to the staff pages' home (which asks
 * them to sign in first if needed). Units never come here: their emailed link is the whole way in.
 */
export const handler = httpHandler(route('home-redirect'), {}, async () => ({ status: 303, headers: { location: '/app/home', 'cache-control': 'no-store' } }));
