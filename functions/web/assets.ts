import { gzipSync } from 'node:zlib';
import type { PageFn } from '../../shared/web/page-http';
import { pdfjsFile, type PdfjsFile } from '../../shared/web/pdf-viewer-files';
import { appCss } from '../../templates/assets/app-css';
import { appJs } from '../../templates/assets/app-js';
import { faviconSvg } from '../../templates/assets/favicon';
import { letterPreviewCss } from '../../templates/pages/letter-preview';

/**
 * The staff pages' one stylesheet and one script, the site icon, the dispatch form's letter preview
 * stylesheet, and PDF.js (the letter drawn on phones): static, so they may be cached. PDF.js is 1.7 MB;
 * sent gzipped (about a third) to a browser that accepts it, the text of each file compressed once per process.
 */
type Asset = { body: () => string; contentType: string; maxAge: number };
const JS = 'text/javascript; charset=utf-8';
const pdfjs = (name: PdfjsFile): Asset => ({ body: () => pdfjsFile(name), contentType: JS, maxAge: 86400 });
const assets: Record<string, Asset> = {
  'app.css': { body: () => appCss, contentType: 'text/css; charset=utf-8', maxAge: 3600 },
  'app.js': { body: () => appJs, contentType: JS, maxAge: 3600 },
  // The dispatch form's letter preview, a page of its own inside the form's frame (issue 14).
  'letter-preview.css': { body: () => letterPreviewCss, contentType: 'text/css; charset=utf-8', maxAge: 3600 },
  'favicon.svg': { body: () => faviconSvg, contentType: 'image/svg+xml', maxAge: 86400 },
  'pdf.min.mjs': pdfjs('pdf.min.mjs'),
  'pdf.worker.min.mjs': pdfjs('pdf.worker.min.mjs'),
};

const gzipped = new Map<string, string>();
const gzipOf = (name: string, asset: Asset) => {
  let b64 = gzipped.get(name);
  if (b64 === undefined) gzipped.set(name, (b64 = gzipSync(asset.body()).toString('base64')));
  return b64;
};
/** Only the big files: the small ones are not worth a compression per cold start. */
const COMPRESS_OVER = 32 * 1024;

export const handler: PageFn = async (event) => {
  const name = event.pathParameters?.['name'] ?? '';
  const asset = Object.hasOwn(assets, name) ? assets[name] : undefined;
  if (!asset) return { status: 404, raw: { body: 'Not found', contentType: 'text/plain; charset=utf-8' } };
  const headers = { 'cache-control': `public, max-age=${asset.maxAge}`, vary: 'accept-encoding' };
  const body = asset.body();
  const acceptsGzip = /\bgzip\b/.test(event.headers?.['accept-encoding'] ?? '');
  if (acceptsGzip && body.length > COMPRESS_OVER) {
    return { raw: { body: gzipOf(name, asset), contentType: asset.contentType, isBase64Encoded: true }, headers: { ...headers, 'content-encoding': 'gzip' } };
  }
  return { raw: { body, contentType: asset.contentType }, headers };
};
