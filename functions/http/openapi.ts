import { httpHandler } from '../../shared/http/handler';
import { openApiDocument } from '../../shared/schemas/openapi';

export const handler = httpHandler('openapi', {}, async () => ({ body: openApiDocument() }));
