import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { linkAction } from '../../shared/http/link-http';
import { requestAccounts } from '../../shared/services/link-actions';

/** POST from the link page's form (CSRF-checked); the unit comes from the token in the cookie only. */
export const handler = httpHandler(route('link-accounts'), {}, ({ event }) => linkAction(event, 'accounts', requestAccounts));
