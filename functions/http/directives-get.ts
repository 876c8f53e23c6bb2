import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { directiveIdParams } from '../../shared/schemas/directive';
import { directiveWithDispatches } from '../../shared/services/directives';

export const handler = httpHandler(route('directives-get'), { params: directiveIdParams }, async ({ params }) => ({
  body: await directiveWithDispatches(params.directiveId),
}));
