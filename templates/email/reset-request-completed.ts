import type { MailContent, ResetCompletedMail } from '../../shared/domain/mail-content';
import { html } from '../html';

/** Tells the unit that the IT Department has finished its request, account by account. */
const outcomeVi: Record<string, string> = { reset: 'đã cấp lại mật khẩu', revoked: 'đã thu hồi', rejected: 'không xử lý', pending: 'đang xử lý' };
const outcomeEn: Record<string, string> = { reset: 'reset', revoked: 'revoked', rejected: 'rejected', pending: 'pending' };

export function resetRequestCompletedMail(r: ResetCompletedMail): MailContent {
  const subject = `[Công văn ${r.dispatchSymbol}] Cục Công nghệ thông tin đã xử lý đề nghị của đơn vị`;
  const lines = r.accounts.map((a) => `- ${a.email}: ${outcomeVi[a.status] ?? a.status}${a.reason ? ` (${a.reason})` : ''}`);
  const text = [
    `Kính gửi: ${r.unitName}`,
    '',
    `Cục Công nghệ thông tin đã xử lý xong đề nghị của đơn vị theo Công văn số ${r.dispatchSymbol}:`,
    ...lines,
    '',
    'Mật khẩu mới (nếu có) được gửi trực tiếp cho người sử dụng tài khoản, không qua thư này. Hệ thống không bao giờ hỏi mật khẩu.',
    '',
    '---',
    `To: ${r.unitName}`,
    `The IT Department has completed your unit's request under dispatch ${r.dispatchSymbol}:`,
    ...r.accounts.map((a) => `- ${a.email}: ${outcomeEn[a.status] ?? a.status}`),
    'New passwords, if any, go straight to each account holder, never through this email. We never ask for passwords.',
  ].join('\n');
  const body = html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family: 'Times New Roman', Tinos, serif; font-size: 16px; line-height: 1.5; color: #111;">
<p>Kính gửi: <strong>${r.unitName}</strong></p>
<p>Cục Công nghệ thông tin đã xử lý xong đề nghị của đơn vị theo Công văn số ${r.dispatchSymbol}:</p>
<ul>${r.accounts.map((a) => html`<li>${a.email}: ${outcomeVi[a.status] ?? a.status}${a.reason ? html` (${a.reason})` : ''}</li>`)}</ul>
<p>Mật khẩu mới (nếu có) được gửi trực tiếp cho người sử dụng tài khoản, không qua thư này. Hệ thống không bao giờ hỏi mật khẩu.</p>
<hr><p lang="en" style="color:#555">The IT Department has completed your unit's request. New passwords, if any, go straight to each account holder. We never ask for passwords.</p>
</body></html>`;
  return { subject, text, html: body.value };
}
