import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { servePage } from '../web/serve';
import { handler as dispatchSign } from '../web/dispatch-sign';

/**
 * The signer's approve-and-sign form, in a function of its own: it is the only staff form that signs,
 * so only this function (not every form's) holds kms:Sign. API Gateway sends this path here rather
 * than to `POST /app/{path+}` because the more specific route wins.
 */
export const pages = { 'dispatch-sign': dispatchSign };

export const handler = httpHandler(route('web-sign'), {}, ({ event }) => servePage(event, pages));
