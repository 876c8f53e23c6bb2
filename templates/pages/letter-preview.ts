import type { FormChoices, FormValues } from '../../shared/domain/views/dispatch-form';
import { html, type Html } from '../html';
import { t, type Lang, type TextKey } from '../i18n';

/**
 * The letter as the form stands, while it is not complete enough to render the PDF (issue 14): laid out
 * like the printed công văn (Nghị định 30/2020), with each missing required part marked in the letter
 * itself ("[Trích yếu chưa nhập]"). A page of its own: one stylesheet from our origin, no script, no
 * application header, so it can be framed under the preview's strict policy without a console error.
 * The letter's fixed wording is Vietnamese, as printed; the marks follow the user's language.
 */
export interface LetterPreviewInput {
  lang: Lang;
  form: FormValues;
  choices: Pick<FormChoices, 'agency' | 'groups' | 'units' | 'signers'>;
  year: number;
}

const blank = (s: string | undefined) => !s || !s.trim();
const paragraphs = (text: string | undefined): Html[] =>
  (text ?? '')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => html`<p>${p}</p>`);

/** The indices of a list's rows holding text in `field`, in order. */
function filledRows(values: Record<string, string>, list: string, field: string): number[] {
  const rows = new Set<number>();
  for (const [k, v] of Object.entries(values)) {
    const m = new RegExp(`^${list}\\.(\\d+)\\.${field}$`).exec(k);
    if (m && !blank(v)) rows.add(Number(m[1]));
  }
  return [...rows].sort((a, b) => a - b);
}

export function letterPreviewPage(p: LetterPreviewInput): string {
  const { lang, choices } = p;
  const v = p.form.values;
  const missing = (key: TextKey) => html`<mark class="missing">${t(lang, key)}</mark>`;
  const text = (name: string, key: TextKey): Html => (blank(v[name]) ? missing(key) : html`${v[name]!.trim()}`);

  const groups = new Map(choices.groups.map((g) => [g.id, g.name]));
  const units = new Map(choices.units.map((u) => [u.id, u.name]));
  const addressees = [
    ...p.form.addressees.map((a) => (a.startsWith('group:') ? groups.get(a.slice(6)) : units.get(a.replace(/^unit:/, '')))).filter((x): x is string => !!x),
    ...filledRows(v, 'externals', 'name').map((i) => v[`externals.${i}.name`]!.trim()),
  ];
  const requirements = filledRows(v, 'requirements', 'text');
  const copies = filledRows(v, 'copies', 'label');
  const archive = (v['archive'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const signer = choices.signers.find((s) => s.value === v['signer']);
  const agency = choices.agency;

  const kinhGui =
    addressees.length === 0
      ? html`<p class="kinh-gui">Kính gửi: ${missing('missingAddressees')}</p>`
      : addressees.length === 1
        ? html`<p class="kinh-gui">Kính gửi: ${addressees[0]}.</p>`
        : html`<div class="kinh-gui"><p>Kính gửi:</p><ul>${addressees.map((a, i) => html`<li>${a}${i === addressees.length - 1 ? '.' : ';'}</li>`)}</ul></div>`;

  const body = html`<main class="letter" aria-label="${t(lang, 'previewTitle')}">
<p class="note">${t(lang, 'previewMissingNote')}</p>
<div class="head">
<div class="issuer">${agency.parent ? html`<p>${agency.parent.toUpperCase()}</p>` : ''}<p><strong>${agency.name.toUpperCase()}</strong></p>
<p>Số: &nbsp;&nbsp;&nbsp;&nbsp;/${agency.code}-${text('draftingUnit', 'missingDraftingUnit')}</p>
<p class="subject">V/v ${text('subject', 'missingSubject')}</p></div>
<div class="nation"><p><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong></p><p><strong>Độc lập - Tự do - Hạnh phúc</strong></p>
<p class="date"><em>${agency.place}, ngày &nbsp;&nbsp; tháng &nbsp;&nbsp; năm ${p.year}</em></p></div>
</div>
<p class="draft-mark">${t('vi', 'previewDraft')}</p>
${kinhGui}
<div class="body">${paragraphs(v['opening'])}
${requirements.length
    ? requirements.map((i, k) => {
        const due = v[`requirements.${i}.dueDate`];
        return html`<p>${k + 1}. ${v[`requirements.${i}.text`]!.trim()}${blank(due) ? '' : html` ${t('vi', 'previewDue', { date: due!.split('-').reverse().join('/') })}`}</p>`;
      })
    : html`<p>${missing('missingRequirements')}</p>`}
${paragraphs(v['closing'])}</div>
<div class="foot">
<div class="recipients"><p><strong><em>${t('vi', 'previewRecipients')}</em></strong></p><ul>
<li>${t('vi', 'previewAsAbove')}</li>
${copies.map((i) => html`<li>${v[`copies.${i}.label`]!.trim()}${blank(v[`copies.${i}.purpose`]) ? '' : html` (${v[`copies.${i}.purpose`]!.trim()})`};</li>`)}
<li>${archive.length ? t('vi', 'previewArchive', { list: archive.join(', ') }) : html`Lưu: ${missing('missingArchive')}`}</li></ul></div>
<div class="signature">${signer
    ? html`${signer.authority ? html`<p><strong>${`${signer.authority}. ${signer.headTitle || ''}`.toUpperCase()}</strong></p>` : ''}<p><strong>${signer.position.toUpperCase()}</strong></p><p class="sign-space"></p><p><strong>${signer.name}</strong></p>`
    : html`<p>${missing('missingSigner')}</p>`}</div>
</div>
</main>`;

  return html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t(lang, 'previewTitle')}</title>
<link rel="stylesheet" href="/app/assets/letter-preview.css">
</head><body>
${body}
</body></html>`.value;
}

/** The preview page's stylesheet, served from /app/assets/letter-preview.css (the frame allows no inline style). */
export const letterPreviewCss = `
*{box-sizing:border-box}
body{margin:0;background:#fff;color:#111;font-family:"Times New Roman","Noto Serif",Georgia,serif;font-size:14px;line-height:1.45}
.letter{max-width:48rem;margin:0 auto;padding:1rem 1.2rem 2rem}
.letter p{margin:.2rem 0}
.note{font-family:"Noto Sans","Segoe UI",Roboto,Arial,sans-serif;font-size:13px;background:#f3f4f6;border:1px solid #d8dbe0;border-radius:4px;padding:.4rem .6rem;margin-bottom:1rem}
.head{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);gap:1rem;text-align:center}
.subject{margin-top:.4rem}
.date{margin-top:.6rem}
.draft-mark{text-align:center;font-weight:700;letter-spacing:.2em;color:#8a0f0f;margin:1rem 0}
.kinh-gui{text-align:center;margin:.6rem 0}.kinh-gui ul{list-style:none;margin:0;padding:0}
.body{text-align:justify}.body p{text-indent:1.5rem;margin:.4rem 0}
.foot{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1rem;margin-top:1.5rem}
.recipients{font-size:12px}.recipients ul{list-style:none;margin:0;padding:0}.recipients li::before{content:"- "}
.signature{text-align:center}.sign-space{height:4rem}
mark.missing{background:#fff2a8;color:#111;outline:1px dashed #8a6d00;padding:0 .15rem;font-family:"Noto Sans","Segoe UI",Roboto,Arial,sans-serif;font-size:.92em}
@media (max-width:480px){.head,.foot{grid-template-columns:1fr}.letter{padding:.6rem}}
`;
