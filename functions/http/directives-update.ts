import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { directiveIdParams, updateDirectiveSchema } from '../../shared/schemas/directive';
import { contextFor } from '../../shared/services/context';
import { correctDirective } from '../../shared/services/directives';

export const handler = httpHandler(route('directives-update'), { params: directiveIdParams, body: updateDirectiveSchema }, async ({ params, body, actor }) => ({
  body: await correctDirective(contextFor(actor), params.directiveId, body.version, body.directive),
}));
