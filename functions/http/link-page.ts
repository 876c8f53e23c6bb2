import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { showLinkPage } from '../../shared/http/link-http';

/** The unit's page behind the emailed link; the unit comes from the token in the cookie only. */
export const handler = httpHandler(route('link-page'), {}, ({ event }) => showLinkPage(event));
