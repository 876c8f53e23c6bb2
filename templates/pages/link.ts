import { viClock, viDate } from '../../shared/domain/time';
import { html, type Html } from '../html';

/**
 * Pages behind the emailed link. Plain, readable on a phone, Vietnamese first; no script at all. They
 * share the staff pages' stylesheet (/app/assets/app.css), so units see the same look.
 */
const layout = (title: string, body: Html) => html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="stylesheet" href="/app/assets/app.css">
</head>
<body><header class="top"><span class="brand">Theo dõi công văn</span></header>
<main class="link-page">${body}</main></body></html>`;

const message = (title: string, vi: string, en: string) =>
  layout(title, html`<h1>${title}</h1><p>${vi}</p><p class="muted" lang="en">${en}</p>`).value;

export function linkInvalidPage(): string {
  return layout(
    'Liên kết không hợp lệ',
    html`<h1>Đường liên kết không hợp lệ</h1>
<p>Đường liên kết này không hợp lệ hoặc đã hết hiệu lực. Vui lòng liên hệ văn thư của cơ quan ban hành để được gửi lại.</p>
<p class="muted" lang="en">This link is not valid or has expired. Please ask the issuing office to send it again.</p>`,
  ).value;
}

export const linkRateLimitedPage = () =>
  message('Quá nhiều yêu cầu', 'Có quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau ít phút.', 'Too many requests in a short time. Please try again in a few minutes.');

export const linkStalePage = () =>
  message(
    'Trang đã cũ',
    'Trang này đã cũ hoặc không được mở từ đường liên kết của đơn vị. Vui lòng mở lại đường liên kết trong thư và thao tác lại.',
    'This page is out of date or was not opened from your unit’s link. Please open the link in the email again.',
  );

export interface LinkPageData {
  csrf: string;
  unitName: string;
  role: 'action' | 'information';
  symbol: string;
  issuedOn: string;
  issuerName: string;
  subject: string;
  requirements: { n: number; text: string; dueDate?: string; response: string }[];
  reportable: { n: number; text: string }[];
  asksForAccounts: boolean;
  /** YYYY-MM-DD: reports can be corrected until the end of this day. */
  deadline?: string;
  canReport: boolean;
  linkExpiresOn: string;
  owes: { acknowledge: boolean; report: boolean; accounts: boolean };
  acknowledgment?: { name: string; position: string; at: string };
  report?: { version: number; at: string; items: { n: number; status: string; note?: string; doneOn?: string }[] };
  resetRequest?: { createdAt: string; status: string; accounts: { email: string; action: string; status: string; reason?: string }[] };
  notice?: { vi: string; en: string };
  errors?: { field: string; vi: string; en: string }[];
  /** What was typed, to fill the form again after an error. */
  form?: Record<string, string>;
}

/** "14:05 ngày 03/12/2026", in Vietnam time. */
const viTime = (iso: string) => `${viClock(iso)} ngày ${viDate(iso)}`;

const statusVi: Record<string, string> = { done: 'Đã thực hiện', partly: 'Thực hiện một phần', not_done: 'Chưa thực hiện' };
const accountStatusVi: Record<string, string> = { pending: 'Đang xử lý', reset: 'Đã cấp lại mật khẩu', revoked: 'Đã thu hồi', rejected: 'Từ chối' };
const actionVi: Record<string, string> = { reset: 'Cấp lại mật khẩu', revoke: 'Thu hồi' };

const csrfField = (csrf: string) => html`<input type="hidden" name="csrf" value="${csrf}">`;

function owesList(d: LinkPageData): Html {
  const items = [
    d.owes.acknowledge ? html`<li>Xác nhận đã nhận công văn</li>` : '',
    d.owes.report ? html`<li>Báo cáo kết quả thực hiện${d.deadline ? html` (hạn ${viDate(d.deadline)})` : ''}</li>` : '',
    d.owes.accounts ? html`<li>Gửi danh sách tài khoản đề nghị cấp lại mật khẩu hoặc thu hồi</li>` : '',
  ].filter(Boolean);
  return items.length
    ? html`<h2>Đơn vị còn phải thực hiện</h2><ul>${items}</ul>`
    : html`<h2>Đơn vị đã hoàn thành các việc được yêu cầu</h2><p class="muted" lang="en">Your unit has done everything asked.</p>`;
}

function acknowledgeSection(d: LinkPageData): Html {
  if (d.acknowledgment) {
    return html`<h2>Xác nhận đã nhận</h2><p>Đã xác nhận lúc ${viTime(d.acknowledgment.at)} bởi <strong>${d.acknowledgment.name}</strong>, ${d.acknowledgment.position}.</p>`;
  }
  const f = d.form ?? {};
  return html`<h2>Xác nhận đã nhận <span class="muted">/ Acknowledge receipt</span></h2>
<form method="post" action="/l/acknowledge">${csrfField(d.csrf)}
<label for="ack-name">Họ và tên người xác nhận</label><input type="text" id="ack-name" name="name" maxlength="200" required value="${f['name'] ?? ''}">
<label for="ack-position">Chức vụ</label><input type="text" id="ack-position" name="position" maxlength="200" required value="${f['position'] ?? ''}">
<button type="submit">Xác nhận đã nhận</button></form>`;
}

function reportSection(d: LinkPageData): Html {
  if (d.role !== 'action' || !d.reportable.length) return html``;
  const last = d.report;
  const previous = last
    ? html`<p>Báo cáo đã gửi (lần ${last.version}, lúc ${viTime(last.at)}):</p><ul>${last.items.map(
        (i) => html`<li>Yêu cầu ${i.n}: <strong>${statusVi[i.status] ?? i.status}</strong>${i.doneOn ? html`, ngày ${viDate(i.doneOn)}` : ''}${i.note ? html` — ${i.note}` : ''}</li>`,
      )}</ul>`
    : html``;
  if (!d.canReport) return html`<h2>Báo cáo kết quả</h2>${previous}<p class="muted">Đã quá thời hạn, không thể gửi hoặc sửa báo cáo.</p>`;
  const prefill = (n: number, key: string) => d.form?.[`${key}.${n}`] ?? (key === 'status' ? last?.items.find((i) => i.n === n)?.status : key === 'note' ? last?.items.find((i) => i.n === n)?.note : last?.items.find((i) => i.n === n)?.doneOn) ?? '';
  return html`<h2>Báo cáo kết quả <span class="muted">/ Report</span></h2>${previous}
<form method="post" action="/l/report">${csrfField(d.csrf)}
${d.reportable.map(
  (r) => html`<fieldset><legend>Yêu cầu ${r.n}</legend><p class="muted pre">${r.text.length > 300 ? `${r.text.slice(0, 300)}…` : r.text}</p>
<label for="status-${r.n}">Kết quả</label><select id="status-${r.n}" name="status.${r.n}" required>
<option value="">— chọn —</option>${(['done', 'partly', 'not_done'] as const).map(
    (s) => html`<option value="${s}"${prefill(r.n, 'status') === s ? html` selected` : ''}>${statusVi[s]}</option>`,
  )}</select>
<label for="doneOn-${r.n}">Ngày thực hiện</label><input type="date" id="doneOn-${r.n}" name="doneOn.${r.n}" value="${prefill(r.n, 'doneOn')}">
<label for="note-${r.n}">Ghi chú</label><textarea id="note-${r.n}" name="note.${r.n}" maxlength="2000" rows="3">${prefill(r.n, 'note')}</textarea></fieldset>`,
)}
<button type="submit">${last ? 'Gửi báo cáo sửa đổi' : 'Gửi báo cáo kết quả'}</button>
${d.deadline ? html`<p class="muted">Có thể sửa báo cáo đến hết ngày ${viDate(d.deadline)}; mọi lần sửa đều được lưu lại.</p>` : ''}</form>`;
}

function accountsSection(d: LinkPageData): Html {
  if (d.role !== 'action' || !d.asksForAccounts) return html``;
  if (d.resetRequest) {
    const rr = d.resetRequest;
    return html`<h2>Đề nghị gửi Cục Công nghệ thông tin</h2>
<p>Gửi lúc ${viTime(rr.createdAt)}. Trạng thái: <strong>${rr.status === 'completed' ? 'Đã xử lý xong' : 'Đang xử lý'}</strong>.</p>
<table><tr><th>Tài khoản</th><th>Đề nghị</th><th>Kết quả</th></tr>${rr.accounts.map(
      (a) => html`<tr><td>${a.email}</td><td>${actionVi[a.action] ?? a.action}</td><td>${accountStatusVi[a.status] ?? a.status}${a.reason ? html` — ${a.reason}` : ''}</td></tr>`,
    )}</table>`;
  }
  const f = d.form ?? {};
  return html`<h2>Tài khoản đề nghị Cục Công nghệ thông tin xử lý <span class="muted">/ Accounts for the IT Department</span></h2>
<p>Liệt kê tài khoản thư công vụ (mỗi dòng một địa chỉ). <strong>Không nhập mật khẩu</strong>: hệ thống không bao giờ hỏi, lưu hay hiển thị mật khẩu.</p>
<form method="post" action="/l/accounts">${csrfField(d.csrf)}
<label for="reset">Tài khoản bị lộ, đề nghị cấp lại mật khẩu</label><textarea id="reset" name="reset" rows="4">${f['reset'] ?? ''}</textarea>
<label for="revoke">Tài khoản không còn sử dụng, đề nghị thu hồi</label><textarea id="revoke" name="revoke" rows="4">${f['revoke'] ?? ''}</textarea>
<label for="acc-name">Họ và tên người đề nghị</label><input type="text" id="acc-name" name="name" maxlength="200" required value="${f['name'] ?? ''}">
<label for="acc-position">Chức vụ</label><input type="text" id="acc-position" name="position" maxlength="200" required value="${f['position'] ?? ''}">
<button type="submit">Gửi đề nghị</button></form>`;
}

export function linkDispatchPage(d: LinkPageData): string {
  return layout(
    `Công văn ${d.symbol}`,
    html`<p class="muted">Đơn vị nhận: <strong>${d.unitName}</strong>${d.role === 'information' ? ' (nhận để biết)' : ''}</p>
${d.notice ? html`<p class="notice" role="status">${d.notice.vi}<br><span class="muted" lang="en">${d.notice.en}</span></p>` : ''}
${d.errors?.length ? html`<div class="errors" role="alert"><p>Vui lòng sửa các mục sau / Please correct:</p><ul>${d.errors.map((e) => html`<li data-field="${e.field}">${e.vi}<br><span class="muted" lang="en">${e.en}</span></li>`)}</ul></div>` : ''}
<h1>Công văn số ${d.symbol} ngày ${viDate(d.issuedOn)}</h1>
<p>${d.issuerName}<br>V/v ${d.subject}</p>
<p><a href="/l/pdf" rel="noreferrer">Xem bản công văn (PDF)</a></p>
<h2>Nội dung yêu cầu</h2>
<ol class="requirements">${d.requirements.map((r) => html`<li value="${r.n}">${r.text}${r.dueDate ? html` <span class="muted">(hạn: ${viDate(r.dueDate)})</span>` : ''}</li>`)}</ol>
${owesList(d)}
${acknowledgeSection(d)}
${reportSection(d)}
${accountsSection(d)}
<p class="muted">Đường liên kết dành riêng cho đơn vị, có hiệu lực đến hết ngày ${viDate(d.linkExpiresOn)}. Không chuyển tiếp thư chứa đường liên kết.</p>`,
  ).value;
}
