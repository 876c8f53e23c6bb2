import type { DispatchIssuedMail, MailContent } from '../../shared/domain/mail-content';
import { viDate } from '../../shared/format/vi-time';
import { html } from '../html';

/** The email each unit receives when a dispatch is issued to it. Vietnamese first, English after. */
export function dispatchIssuedMail(m: DispatchIssuedMail): MailContent {
  const subject = `${m.reminder ? '[Nhắc việc] ' : ''}[Công văn ${m.symbol}] V/v ${m.subject}`;
  const actionVi =
    m.role === 'action'
      ? 'Đề nghị đơn vị mở đường liên kết dưới đây để xác nhận đã nhận và báo cáo kết quả thực hiện.'
      : 'Công văn được gửi để đơn vị biết. Đề nghị đơn vị mở đường liên kết dưới đây để xác nhận đã nhận.';
  const actionEn =
    m.role === 'action'
      ? 'Please open the link below to acknowledge receipt and report what your unit has done.'
      : 'This dispatch is sent for your information. Please open the link below to acknowledge receipt.';
  const due = m.dueDate ? `Hạn thực hiện: ${viDate(m.dueDate)}.` : '';
  const dueEn = m.dueDate ? `Due date: ${m.dueDate}.` : '';

  const text = [
    `Kính gửi: ${m.unitName}`,
    '',
    ...(m.reminder ? [m.reminder.vi, `(${m.reminder.en})`, ''] : []),
    `${m.issuerName} đã ban hành Công văn số ${m.symbol} ngày ${viDate(m.issuedOn)} V/v ${m.subject}.`,
    actionVi,
    due,
    '',
    m.link,
    '',
    `Đường liên kết dành riêng cho đơn vị, có hiệu lực đến hết ngày ${viDate(m.linkExpiresOn)}; không chuyển tiếp thư này. Hệ thống không bao giờ hỏi mật khẩu.`,
    '',
    '---',
    `To: ${m.unitName}`,
    `${m.issuerName} has issued dispatch No. ${m.symbol} of ${m.issuedOn} on: ${m.subject}.`,
    actionEn,
    dueEn,
    `The link is for your unit only and is valid until ${m.linkExpiresOn}; do not forward this email. We never ask for passwords.`,
  ]
    .filter((line, i, all) => !(line === '' && all[i - 1] === ''))
    .join('\n');

  const body = html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family: 'Times New Roman', Tinos, serif; font-size: 16px; line-height: 1.5; color: #111;">
<p>Kính gửi: <strong>${m.unitName}</strong></p>
${m.reminder ? html`<p><strong>${m.reminder.vi}</strong><br><span style="color:#555" lang="en">${m.reminder.en}</span></p>` : ''}
<p>${m.issuerName} đã ban hành Công văn số <strong>${m.symbol}</strong> ngày ${viDate(m.issuedOn)} V/v ${m.subject}.</p>
<p>${actionVi} ${due}</p>
<p><a href="${m.link}" style="display:inline-block;padding:10px 16px;background:#8b0000;color:#fff;text-decoration:none;border-radius:4px;">Mở công văn và xác nhận</a></p>
<p style="font-size:14px;color:#444;">Đường liên kết dành riêng cho đơn vị, có hiệu lực đến hết ngày ${viDate(m.linkExpiresOn)}; không chuyển tiếp thư này. Hệ thống không bao giờ hỏi mật khẩu.</p>
<hr>
<p lang="en" style="font-size:14px;color:#444;">${m.issuerName} has issued dispatch No. ${m.symbol} of ${m.issuedOn} on: ${m.subject}. ${actionEn} ${dueEn}
The link is for your unit only and is valid until ${m.linkExpiresOn}; do not forward this email. We never ask for passwords.</p>
</body></html>`;

  return { subject, text, html: body.value };
}
