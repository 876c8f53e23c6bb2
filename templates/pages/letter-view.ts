import { html, type Html } from '../html';
import { t, type Lang } from '../i18n';

/**
 * The letter as a page shows it, with exactly one request for its PDF. The server renders an empty
 * viewer naming the PDF's address; the page's script (templates/assets/app-js.ts) then either puts the
 * browser's own viewer in a frame (the desktop layout) or draws the pages with PDF.js into canvases at
 * the screen's width (below it: phone browsers leave a framed PDF blank), and frames it after all when
 * PDF.js cannot run. Without the script the frame inside <noscript> is what the browser shows, and only
 * then is it fetched. The links to open and download the PDF are always beside it.
 */
export function letterView(lang: Lang, pdfHref: string, downloadHref = pdfHref): Html {
  return html`<section class="letter-view" aria-label="${t(lang, 'letterHeading')}" data-pdf-viewer="${pdfHref}" data-frame-title="${t(lang, 'pdfFrameTitle')}" data-page-label="${t(lang, 'letterPageLabel')}" data-loading="${t(lang, 'letterDrawing')}">
<p class="pdf-status muted" role="status" hidden></p>
<div class="pdf-pages"></div>
<noscript><iframe class="pdf" src="${pdfHref}" title="${t(lang, 'pdfFrameTitle')}"></iframe></noscript>
</section>
${pdfLinks(lang, downloadHref)}`;
}

export const pdfLinks = (lang: Lang, pdfHref: string): Html =>
  html`<p class="pdf-download"><a href="${pdfHref}">${t(lang, 'openPdf')}</a><a href="${pdfHref}" download>${t(lang, 'downloadPdf')}</a></p>`;

/** What the viewer shows instead of a file too large to pass through a function (functions/web/dispatch-pdf.ts). */
export const letterTooLargePage = (lang: Lang): string =>
  html`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${t(lang, 'letterHeading')}</title></head><body><p>${t(lang, 'letterTooLarge')}</p></body></html>`.value;
