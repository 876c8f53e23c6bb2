import { deflateSync, inflateSync } from 'node:zlib';

/**
 * Stands in for `pako` (1.x) in the Lambda bundles (an esbuild alias, infra/aws/bundle-options.ts). Its
 * users are pdf-lib (`deflate` for the streams it writes: content, images, our appearance streams), its
 * PNG encoder @pdf-lib/upng (`deflate`, with `{ level }`) and @pdf-lib/standard-fonts (`inflate`, never
 * bundled either: see standard-fonts.ts). Node's zlib does the same in native code; pako is a 46 KB
 * JavaScript port of it in every PDF function. The streams are still zlib deflate, but not always the
 * same bytes as pako's: nothing compares them (signatures cover whatever bytes were written). The local
 * stack and the tests run the source, with the real pako; test/infra/bundle-shims.test.ts checks that
 * each inflates what the other deflates and renders a letter with the bundle.
 */
const bytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export function deflate(data: Uint8Array | ArrayBuffer | string, options?: { level?: number }): Uint8Array {
  const input = typeof data === 'string' ? Buffer.from(data, 'utf8') : data instanceof ArrayBuffer ? new Uint8Array(data) : data;
  return bytes(deflateSync(input, options?.level === undefined ? undefined : { level: options.level }));
}

export function inflate(data: Uint8Array | ArrayBuffer): Uint8Array {
  return bytes(inflateSync(data instanceof ArrayBuffer ? new Uint8Array(data) : data));
}

export default { deflate, inflate };
