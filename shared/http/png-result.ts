import type { HttpResult } from './responses';

/** A stored PNG as the response body: binary through API Gateway (base64 in the event); the usual no-store headers apply. */
export const pngResult = (png: Uint8Array): HttpResult => ({
  raw: { body: Buffer.from(png).toString('base64'), contentType: 'image/png', isBase64Encoded: true },
});
