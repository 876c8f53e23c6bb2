/**
 * The public verification page (GET /verify/{dispatchId}, the URL printed on page 1 of every issued
 * công văn). Vietnamese first, English under it; no script; the staff pages' stylesheet and icon
 * (/app/assets, same origin), so it looks like the rest of the service.
 */
import { Html, html } from '../html';
import { viDate, viDateTime } from '../../shared/format/vi-time';
import type { SignatureView, VerificationReport } from '../../shared/domain/views/verification';

/**
 * Content-Security-Policy of the pages: our own stylesheet and icon, no script; the upload form may post
 * to this origin only.
 */
export const VERIFY_PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const page = (title: string, body: Html) => html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex">
<title>${title} · Theo dõi công văn</title>
<link rel="stylesheet" href="/app/assets/app.css"><link rel="icon" href="/app/assets/favicon.svg" type="image/svg+xml"></head>
<body class="verify-page"><header class="top"><span class="brand">Theo dõi công văn <span lang="en">/ Correspondence tracker</span></span></header>
<main id="main" class="link-page">${body}</main></body></html>`.value;

const yesNo = (v: boolean | null, yes: [string, string], no: [string, string]) => {
  const [vi, en] = v ? yes : no;
  return html`${vi} <span class="en" lang="en">/ ${en}</span>`;
};

/** dd/mm/yyyy of an ISO date, as Vietnamese readers expect. */

const REVOCATION: Record<'good' | 'revoked' | 'unknown', [string, string]> = {
  good: ['chưa bị thu hồi', 'not revoked'],
  revoked: ['đã bị thu hồi', 'revoked'],
  unknown: ['không có dữ liệu thu hồi', 'no revocation data'],
};
/** Who certified the key (issue 12 §3): until a CA's chain is imported, the system's own CA, and the page says so. */
const ISSUER_KIND: Record<NonNullable<SignatureView['issuerKind']>, [string, string]> = {
  internal: ['Chứng thư do CA nội bộ của hệ thống cấp (chưa phải CA chuyên dùng)', "certificate issued by the system's internal CA (not yet a government or licensed CA)"],
  external: ['Chứng thư do CA bên ngoài mà cơ quan đăng ký cấp', 'certificate issued by the external CA the agency registered'],
};
const commonNameOf = (subject: string) => subject.split('\n').find((l) => l.startsWith('CN='))?.slice(3) ?? subject;

/** PAdES level, time-stamp, chain and revocation status of one signature: what a verifier outside the system relies on. */
function longTermDetails(s: SignatureView): Html {
  const level = s.level
    ? html`Mức PAdES <span class="en" lang="en">/ PAdES level</span>: <strong>${s.level}</strong>`
    : html`Không đạt mức PAdES cơ bản <span class="en" lang="en">/ no PAdES baseline level</span>`;
  const ts = s.timestamp
    ? html`<br>Dấu thời gian <span class="en" lang="en">/ time-stamp</span>: ${viDateTime(s.timestamp.time, true)} (giờ Việt Nam), ${s.timestamp.authority}`
    : '';
  const chain = s.chain?.length
    ? html`<br>Chuỗi chứng thư <span class="en" lang="en">/ certificate chain</span>: ${s.chain.map((c, i) => html`${i ? ' → ' : ''}${commonNameOf(c.subject)}`)}`
    : '';
  const revocation = s.revocation?.length
    ? html`<br>Tình trạng thu hồi tại thời điểm ký <span class="en" lang="en">/ revocation status at signing time</span>: ${s.revocation.map(
        (r, i) => html`${i ? '; ' : ''}${commonNameOf(r.subject)}: ${REVOCATION[r.status][0]} <span class="en" lang="en">(${REVOCATION[r.status][1]}${r.source ? `, ${r.source.toUpperCase()}` : ''})</span>`,
      )}`
    : '';
  const issuer = s.issuerKind ? html`<br>${ISSUER_KIND[s.issuerKind][0]} <span class="en" lang="en">/ ${ISSUER_KIND[s.issuerKind][1]}</span>` : '';
  const whole = html`<br>${yesNo(s.coversWholeFile, ['Bao trùm toàn bộ tệp', 'covers the whole file'], ['Không bao trùm toàn bộ tệp (có phần thêm sau)', 'does not cover the whole file (later additions)'])}`;
  return html`<br><span class="en">${level}${ts}${chain}${issuer}${revocation}${whole}</span>`;
}

function signatureRow(s: SignatureView, i: number): Html {
  const who = s.documentTimestamp ? html`Dấu thời gian tài liệu <span class="en" lang="en">/ document time-stamp</span><br>${s.signer ?? s.timestamp?.authority ?? '?'}` : html`${s.signer ?? '?'}`;
  return html`<tr><td data-label="#">${i + 1}</td><td class="stack-title">${who}${s.organization && s.organization !== s.signer ? html`<br><span class="en">${s.organization}</span>` : ''}</td>
<td data-label="Thời điểm / Time">${s.signingTime ? `${viDateTime(s.signingTime, true)} (giờ Việt Nam)` : ''}</td><td data-label="Mục đích / Reason">${s.reason ?? ''}</td>
<td data-label="Kết quả / Result">${yesNo(s.valid && s.trusted, ['Hợp lệ', 'valid'], ['Không hợp lệ', 'not valid'])}${longTermDetails(s)}${s.problems.map((p) => html`<br>${p.vi} <span class="en" lang="en">${p.en}</span>`)}</td></tr>`;
}

export function verifyPage(report: VerificationReport): string {
  const d = report.document;
  const verdict = report.authentic
    ? html`<p class="ok"><strong>Văn bản do hệ thống ban hành, nguyên vẹn, chữ ký số hợp lệ.</strong><br><span class="en" lang="en">Issued by this system, unaltered, with valid digital signatures.</span></p>`
    : html`<p class="bad"><strong>Không xác thực được văn bản này.</strong><br><span class="en" lang="en">This document could not be verified.</span></p>`;
  const recalled = d?.state === 'recalled' ? html`<p class="bad">Văn bản đã bị thu hồi. <span class="en" lang="en">This document has been recalled.</span></p>` : '';
  return page(
    'Xác thực văn bản',
    html`<h1>Xác thực văn bản <span class="en" lang="en">/ Document verification</span></h1>
${verdict}${recalled}
${d
  ? html`<table class="facts">
<tr><th scope="row">Số, ký hiệu <span class="en">/ Number</span></th><td>${d.symbol ?? ''}</td></tr>
<tr><th scope="row">Ngày ban hành <span class="en">/ Date</span></th><td>${viDate(d.issuedOn)}</td></tr>
<tr><th scope="row">Cơ quan ban hành <span class="en">/ Issuer</span></th><td>${d.issuer.parent ? html`${d.issuer.parent}<br>` : ''}${d.issuer.name}</td></tr>
<tr><th scope="row">Trích yếu <span class="en">/ Subject</span></th><td>V/v ${d.subject}</td></tr>
<tr><th scope="row">Người ký <span class="en">/ Signed by</span></th><td>${d.signer.position} ${d.signer.name}</td></tr>
</table>`
  : ''}
<h2>Chữ ký số <span class="en" lang="en">/ Digital signatures</span></h2>
${report.signatures.length
  ? html`<div class="table-wrap"><table class="stack"><thead><tr><th scope="col">#</th><th scope="col">Người ký <span class="en">/ Signer</span></th><th scope="col">Thời điểm <span class="en">/ Time</span></th><th scope="col">Mục đích <span class="en">/ Reason</span></th><th scope="col">Kết quả <span class="en">/ Result</span></th></tr></thead>
<tbody>${report.signatures.map(signatureRow)}</tbody></table></div>`
  : html`<p>Tệp không có chữ ký số. <span class="en" lang="en">The file has no digital signature.</span></p>`}
<p>Mã băm SHA-256 khớp bản lưu: ${yesNo(report.matchesStoredSha256, ['có', 'the SHA-256 matches the stored copy'], ['không', 'the SHA-256 does not match the stored copy'])}<br>
<code>${report.sha256}</code>${report.auditIntact === null
  ? ''
  : html`<br>
Nhật ký thao tác nguyên vẹn: ${yesNo(report.auditIntact, ['có', 'the audit trail is intact'], [`không (sự kiện ${report.auditBreak?.seq ?? '?'})`, `the audit trail was tampered with (event ${report.auditBreak?.seq ?? '?'})`])}`}</p>
${uploadForm()}`,
  );
}

const uploadForm = () => html`<h2>Kiểm tra một tệp PDF <span class="en" lang="en">/ Check a PDF file</span></h2>
<form method="post" action="/verify" enctype="multipart/form-data">
<p><label for="file">Chọn tệp PDF (tối đa 4 MB) <span class="en" lang="en">/ Choose a PDF file (at most 4 MB)</span></label><br>
<input id="file" name="file" type="file" accept="application/pdf,.pdf" required></p>
<p><button type="submit">Kiểm tra <span lang="en">/ Check</span></button></p></form>`;

export function verifyFormPage(): string {
  return page(
    'Xác thực văn bản',
    html`<h1>Xác thực văn bản <span class="en" lang="en">/ Document verification</span></h1>
<p>Tải lên tệp PDF của công văn để biết văn bản có do hệ thống ban hành, còn nguyên vẹn và chữ ký số có hợp lệ hay không.</p>
<p class="en" lang="en">Upload the PDF of a dispatch to learn whether this system issued it, whether it is unaltered and whether its digital signatures are valid.</p>
${uploadForm()}`,
  );
}

export function verifyErrorPage(problem: { vi: string; en: string }): string {
  return page(
    'Không kiểm tra được tệp',
    html`<h1>Không kiểm tra được tệp <span class="en" lang="en">/ The file could not be checked</span></h1>
<p class="bad">${problem.vi}<br><span class="en" lang="en">${problem.en}</span></p>
${uploadForm()}`,
  );
}

export function verifyNotFoundPage(): string {
  return page(
    'Không tìm thấy văn bản',
    html`<h1>Không tìm thấy văn bản đã ban hành</h1>
<p>Không có văn bản nào đã ban hành với mã này. Vui lòng kiểm tra lại đường dẫn hoặc mã QR.</p>
<p class="en" lang="en">No issued document has this id. Please check the address or the QR code.</p>`,
  );
}
