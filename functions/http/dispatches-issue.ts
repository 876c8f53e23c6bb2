import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { transitionResult } from '../../shared/http/responses';
import { dispatchIdParams, transitionSchema } from '../../shared/schemas/dispatch';
import { contextFor } from '../../shared/services/context';
import { issue } from '../../shared/services/dispatches';

export const handler = httpHandler(route('dispatches-issue'), { params: dispatchIdParams, body: transitionSchema }, async ({ params, body, actor }) => {
  return transitionResult(await issue(contextFor(actor), params.dispatchId, body.version));
});
