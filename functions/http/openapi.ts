import { route, routes } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { openApiDocument } from '../../shared/schemas/openapi';

export const handler = httpHandler(route('openapi'), {}, async () => ({ body: openApiDocument(routes) }));
