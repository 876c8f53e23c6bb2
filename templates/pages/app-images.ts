import type { SignatureImageKind } from '../../shared/data/signature-image-store';
import { html, type Html } from '../html';
import type { Lang } from '../i18n';
import { csrfField, layout, notice } from './app-layout';
import type { PageShell } from './app-dispatches';

/**
 * The upload card of a seal or signature image (Nghị định 30/2020): the image as stored, and a
 * multipart form for a new PNG. Shown on the agency and person edit forms (administrators) and on the
 * person's own page. Texts are kept here, in both languages, beside the only markup that uses them.
 */
const TEXT = {
  sealTitle: { vi: 'Hình ảnh con dấu', en: 'Seal image' },
  signatureTitle: { vi: 'Hình ảnh chữ ký', en: 'Signature image' },
  sealHint: {
    vi: 'Tệp PNG màu đỏ, nền trong suốt, đúng kích thước thật của dấu (ghi trong tệp, pHYs), tối đa 512 KB. Dấu được đặt trùm khoảng 1/3 hình ảnh chữ ký của người ký về bên trái.',
    en: 'A red PNG with a transparent background, at the seal’s real size (stated in the file, pHYs), at most 512 KB. It is placed over about the left third of the signer’s signature image.',
  },
  signatureHint: {
    vi: 'Tệp PNG màu xanh, nền trong suốt, tối đa 512 KB. Được đặt giữa chức vụ và họ tên người ký; chưa có ảnh thì in họ tên và thời gian ký.',
    en: 'A blue PNG with a transparent background, at most 512 KB. Placed between the signer’s position and name; without one, the name and signing time are printed.',
  },
  current: { vi: 'Ảnh đang dùng', en: 'Current image' },
  none: { vi: 'Chưa có ảnh', en: 'No image yet' },
  file: { vi: 'Tệp PNG mới', en: 'New PNG file' },
  upload: { vi: 'Tải lên', en: 'Upload' },
  saved: { vi: 'Đã lưu hình ảnh.', en: 'Image saved.' },
  myTitle: { vi: 'Chữ ký của tôi', en: 'My signature' },
} as const;

export interface ImageCard {
  kind: SignatureImageKind;
  /** Where the stored PNG is served (a page under /app), and where the form posts. */
  imageUrl: string;
  action: string;
  /** Whether one is stored (else no <img>, which would only show a broken image). */
  stored: boolean;
}

export function imageUploadCard(p: PageShell, card: ImageCard): Html {
  const l = (k: keyof typeof TEXT) => TEXT[k][p.lang as Lang];
  const id = `img-${card.kind}`;
  const title = card.kind === 'seal' ? l('sealTitle') : l('signatureTitle');
  return html`<section class="card" aria-labelledby="${id}-title"><h2 id="${id}-title">${title}</h2>
${card.stored ? html`<p><img src="${card.imageUrl}" alt="${l('current')}: ${title}" height="120"></p>` : html`<p class="muted">${l('none')}</p>`}
<form method="post" action="${card.action}" enctype="multipart/form-data">${csrfField(p.csrf)}
<div><label for="${id}-file">${l('file')}</label>
<input type="file" id="${id}-file" name="file" accept="image/png" required aria-describedby="${id}-hint">
<p class="muted" id="${id}-hint">${card.kind === 'seal' ? l('sealHint') : l('signatureHint')}</p></div>
<div class="actions"><button type="submit">${l('upload')}</button></div></form></section>`;
}

/** GET /app/me/signature: the person's own signature image and its upload form. */
export function mySignaturePage(p: PageShell, d: { stored: boolean; saved: boolean }): string {
  const title = TEXT.myTitle[p.lang as Lang];
  return layout(
    { lang: p.lang, actor: p.actor, csrf: p.csrf, title },
    html`<h1>${title}</h1>${notice(d.saved ? TEXT.saved[p.lang as Lang] : undefined)}${imageUploadCard(p, { kind: 'signature', imageUrl: '/app/me/signature.png', action: '/app/me/signature', stored: d.stored })}`,
  );
}
