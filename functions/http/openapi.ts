import { gunzipSync } from 'node:zlib';
import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { OPENAPI_DOCUMENT_GZIP_BASE64 } from './openapi-document.generated';

/**
 * The document is generated from the route table and the schemas (`npm run openapi:generate`), not built
 * here: that bundled zod-to-openapi and every route's schemas (issue 11's budget). Read once per process.
 */
let document: object | undefined;
const openApiDocument = () => (document ??= JSON.parse(gunzipSync(Buffer.from(OPENAPI_DOCUMENT_GZIP_BASE64, 'base64')).toString('utf8')) as object);

export const handler = httpHandler(route('openapi'), {}, async () => ({ body: openApiDocument() }));
