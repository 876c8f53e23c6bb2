import { html, type Html } from '../html';
import { t, type Lang } from '../i18n';

/**
 * The letter as a page shows it: on a desktop the PDF in a frame (the browser's own viewer); below the
 * desktop layout the page's script draws it with PDF.js into canvases at the screen's width and removes
 * the frame (templates/assets/app-js.ts), because phone browsers leave a framed PDF blank. Without the
 * script the frame stays. The links to open and download the PDF are always beside it.
 */
export function letterView(lang: Lang, pdfHref: string): Html {
  return html`<section class="letter-view" aria-label="${t(lang, 'letterHeading')}" data-pdf-viewer="${pdfHref}" data-page-label="${t(lang, 'letterPageLabel')}" data-loading="${t(lang, 'letterDrawing')}">
<p class="pdf-status muted" role="status" hidden></p>
<div class="pdf-pages"></div>
<iframe class="pdf" src="${pdfHref}" title="${t(lang, 'pdfFrameTitle')}"></iframe>
</section>
${pdfLinks(lang, pdfHref)}`;
}

export const pdfLinks = (lang: Lang, pdfHref: string): Html =>
  html`<p class="pdf-download"><a href="${pdfHref}">${t(lang, 'openPdf')}</a><a href="${pdfHref}" download>${t(lang, 'downloadPdf')}</a></p>`;
