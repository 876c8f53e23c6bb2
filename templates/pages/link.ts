import { html, type Html } from '../html';

/** Pages behind the emailed link. Plain, readable on a phone, Vietnamese first. */
const layout = (title: string, body: Html) => html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>body{font-family:Tinos,'Times New Roman',serif;max-width:46rem;margin:0 auto;padding:1rem;line-height:1.5;color:#111}
h1{font-size:1.3rem}.muted{color:#555;font-size:.95rem}li{margin:.4rem 0}</style></head>
<body>${body}</body></html>`;

export function linkInvalidPage(): string {
  return layout(
    'Liên kết không hợp lệ',
    html`<h1>Đường liên kết không hợp lệ</h1>
<p>Đường liên kết này không hợp lệ hoặc đã hết hiệu lực. Vui lòng liên hệ văn thư của cơ quan ban hành để được gửi lại.</p>
<p class="muted" lang="en">This link is not valid or has expired. Please ask the issuing office to send it again.</p>`,
  ).value;
}

export interface LinkPageData {
  unitName: string;
  symbol: string;
  issuedOn: string;
  issuerName: string;
  subject: string;
  requirements: { n: number; text: string; dueDate?: string }[];
}

const viDate = (iso: string) => iso.split('-').reverse().join('/');

export function linkDispatchPage(d: LinkPageData): string {
  return layout(
    `Công văn ${d.symbol}`,
    html`<p class="muted">Đơn vị nhận: <strong>${d.unitName}</strong></p>
<h1>Công văn số ${d.symbol} ngày ${viDate(d.issuedOn)}</h1>
<p>${d.issuerName}<br>V/v ${d.subject}</p>
<h2>Nội dung yêu cầu</h2>
<ol>${d.requirements.map((r) => html`<li value="${r.n}">${r.text}${r.dueDate ? html` <span class="muted">(hạn: ${viDate(r.dueDate)})</span>` : ''}</li>`)}</ol>`,
  ).value;
}
