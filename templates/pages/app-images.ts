import type { SignatureImageKind } from '../../shared/domain/signature-image';
import { html, type Html } from '../html';
import { t } from '../i18n';
import { csrfField, layout, notice } from './app-layout';
import type { PageShell } from './app-layout';

/**
 * The upload card of a seal or signature image (Nghị định 30/2020): the image as stored, and a
 * multipart form for a new PNG. Shown on the agency and person edit forms (administrators) and on the
 * person's own page. Its texts are the `image…` keys of templates/text/staff.ts.
 */

export interface ImageCard {
  kind: SignatureImageKind;
  /** Where the stored PNG is served (a page under /app), and where the form posts. */
  imageUrl: string;
  action: string;
  /** Whether one is stored (else no <img>, which would only show a broken image). */
  stored: boolean;
}

export function imageUploadCard(p: PageShell, card: ImageCard): Html {
  const id = `img-${card.kind}`;
  const title = card.kind === 'seal' ? t(p.lang, 'imageSealTitle') : t(p.lang, 'imageSignatureTitle');
  return html`<section class="card" aria-labelledby="${id}-title"><h2 id="${id}-title">${title}</h2>
${card.stored ? html`<p><img src="${card.imageUrl}" alt="${t(p.lang, 'imageCurrent')}: ${title}" height="120"></p>` : html`<p class="muted">${t(p.lang, 'imageNone')}</p>`}
<form method="post" action="${card.action}" enctype="multipart/form-data">${csrfField(p.csrf)}
<div><label for="${id}-file">${t(p.lang, 'imageFile')}</label>
<input type="file" id="${id}-file" name="file" accept="image/png" required aria-describedby="${id}-hint">
<p class="muted" id="${id}-hint">${card.kind === 'seal' ? t(p.lang, 'imageSealHint') : t(p.lang, 'imageSignatureHint')}</p></div>
<div class="actions"><button type="submit">${t(p.lang, 'imageUpload')}</button></div></form></section>`;
}

/** GET /app/me/signature: the person's own signature image and its upload form. */
export function mySignaturePage(p: PageShell, d: { stored: boolean; saved: boolean }): string {
  const title = t(p.lang, 'imageMyTitle');
  return layout(
    { lang: p.lang, actor: p.actor, csrf: p.csrf, title },
    html`<h1>${title}</h1>${notice(d.saved ? t(p.lang, 'imageSaved') : undefined)}${imageUploadCard(p, { kind: 'signature', imageUrl: '/app/me/signature.png', action: '/app/me/signature', stored: d.stored })}`,
  );
}
