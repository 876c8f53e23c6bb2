import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { directiveInputSchema } from '../../shared/schemas/directive';
import { contextFor } from '../../shared/services/context';
import { registerDirective } from '../../shared/services/directives';

export const handler = httpHandler(route('directives-create'), { body: directiveInputSchema }, async ({ body, actor }) => ({
  status: 201,
  body: await registerDirective(contextFor(actor), body),
}));
