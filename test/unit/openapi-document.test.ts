import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { OPENAPI_DOCUMENT_GZIP_BASE64 } from '../../functions/http/openapi-document.generated';
import { routes } from '../../functions/routes';
import { GENERATED_FILE, generatedSource } from '../../infra/build/openapi-generate';
import { openApiDocument } from '../../shared/schemas/openapi';

/** The `openapi` function serves a generated copy of the document (issue 11's budget): it must be the current one. */
describe('generated OpenAPI document', () => {
  it('is the document the route table and schemas build now (else run `npm run openapi:generate`)', async () => {
    const served = gunzipSync(Buffer.from(OPENAPI_DOCUMENT_GZIP_BASE64, 'base64')).toString('utf8');
    expect(served, 'functions/http/openapi-document.generated.ts is stale: run `npm run openapi:generate`').toBe(JSON.stringify(openApiDocument(routes)));
  });

  it('is the file the generator writes', async () => {
    const onDisk = await readFile(GENERATED_FILE, 'utf8');
    const fresh = generatedSource();
    // gzip bytes may differ between zlib builds; the header and the content must not.
    expect(onDisk.split('\n').slice(0, 4)).toEqual(fresh.split('\n').slice(0, 4));
  });
});
