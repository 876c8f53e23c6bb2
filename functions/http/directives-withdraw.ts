import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { transitionResult } from '../../shared/http/responses';
import { directiveIdParams, withdrawDirectiveSchema } from '../../shared/schemas/directive';
import { contextFor } from '../../shared/services/context';
import { withdrawDirective } from '../../shared/services/directives';

export const handler = httpHandler(route('directives-withdraw'), { params: directiveIdParams, body: withdrawDirectiveSchema }, async ({ params, body, actor }) => {
  const { directive, replayed } = await withdrawDirective(contextFor(actor), params.directiveId, body.version, body.reason);
  return transitionResult({ dispatch: directive, replayed });
});
