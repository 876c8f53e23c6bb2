import type { PageFn } from '../../shared/web/page-http';
import { appCss } from '../../templates/assets/app-css';
import { appJs } from '../../templates/assets/app-js';
import { letterPreviewCss } from '../../templates/pages/letter-preview';

/** The staff pages' one stylesheet and one script: static, so they may be cached for an hour. */
const assets: Record<string, { body: string; contentType: string }> = {
  'app.css': { body: appCss, contentType: 'text/css; charset=utf-8' },
  'app.js': { body: appJs, contentType: 'text/javascript; charset=utf-8' },
  // The dispatch form's letter preview, a page of its own inside the form's frame (issue 14).
  'letter-preview.css': { body: letterPreviewCss, contentType: 'text/css; charset=utf-8' },
};

export const handler: PageFn = async (event) => {
  const asset = assets[event.pathParameters?.['name'] ?? ''];
  if (!asset) return { status: 404, raw: { body: 'Not found', contentType: 'text/plain; charset=utf-8' } };
  return { raw: asset, headers: { 'cache-control': 'public, max-age=3600' } };
};
