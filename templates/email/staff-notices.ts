import type { DispatchNoticeMail, MailContent as Mail, OverdueDigestMail, OverdueDispatch, ResetRequestArrivedMail, StaffNoticeMails } from '../../shared/domain/mail-content';
import { viDate } from '../../shared/format/vi-time';
import { html, type Html } from '../html';

/**
 * E-mails to staff (§6 "Staff are told"): a letter awaits its signer, a letter is returned to or signed
 * for its clerks, a unit's reset request reaches the IT Department, and a leader's daily digest of
 * overdue units. Vietnamese first, English after; each links to the page to act on.
 */
interface Parts {
  subject: string;
  to: string;
  vi: string[];
  en: string[];
  link: string;
  button: string;
  /** Extra HTML between the Vietnamese text and the button (a quoted comment, a list). */
  extraHtml?: Html;
  /** The same extra as plain-text lines. */
  extraText?: string[];
}

function compose(p: Parts): Mail {
  const text = [`Kính gửi: ${p.to}`, '', ...p.vi, ...(p.extraText ?? []), '', p.link, '', '---', `To: ${p.to}`, ...p.en, p.link].join('\n');
  const body = html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${p.subject}</title></head>
<body style="font-family: 'Times New Roman', Tinos, serif; font-size: 16px; line-height: 1.5; color: #111;">
<p>Kính gửi: <strong>${p.to}</strong></p>
${p.vi.map((line) => html`<p>${line}</p>`)}
${p.extraHtml ?? ''}
<p><a href="${p.link}" style="display:inline-block;padding:10px 16px;background:#8b0000;color:#fff;text-decoration:none;border-radius:4px;">${p.button}</a></p>
<hr>
<div lang="en" style="font-size:14px;color:#444;">${p.en.map((line) => html`<p>${line}</p>`)}</div>
</body></html>`;
  return { subject: p.subject, text, html: body.value };
}

export function awaitingSignatureMail(m: DispatchNoticeMail): Mail {
  return compose({
    subject: `[Công văn chờ ký] V/v ${m.subject}`,
    to: m.toName,
    vi: [`${m.clerkName} (${m.agencyName}) đã trình dự thảo công văn V/v ${m.subject}, chờ đồng chí xem xét, ký.`, 'Đồng chí mở đường liên kết dưới đây để ký hoặc trả lại kèm ý kiến.'],
    en: [`${m.clerkName} (${m.agencyName}) has submitted the draft dispatch on: ${m.subject} for your signature.`, 'Open the link below to sign it or return it with a comment.'],
    link: m.link,
    button: 'Xem và ký công văn',
  });
}

export function returnedMail(m: DispatchNoticeMail & { comment: string }): Mail {
  return compose({
    subject: `[Công văn bị trả lại] V/v ${m.subject}`,
    to: m.toName,
    vi: [`${m.signerName} đã trả lại dự thảo công văn V/v ${m.subject} với ý kiến:`],
    extraText: [`«${m.comment}»`, '', 'Đề nghị chỉnh sửa dự thảo theo ý kiến trên và trình ký lại.'],
    extraHtml: html`<blockquote style="margin:0 0 1em 0;padding:8px 12px;border-left:4px solid #8b0000;background:#f6f6f6;">${m.comment}</blockquote>
<p>Đề nghị chỉnh sửa dự thảo theo ý kiến trên và trình ký lại.</p>`,
    en: [`${m.signerName} has returned the draft dispatch on: ${m.subject} with this comment:`, `“${m.comment}”`, 'Please revise the draft and submit it again.'],
    link: m.link,
    button: 'Sửa dự thảo',
  });
}

export function signedMail(m: DispatchNoticeMail): Mail {
  return compose({
    subject: `[Công văn đã ký] V/v ${m.subject}`,
    to: m.toName,
    vi: [`${m.signerName} đã ký công văn V/v ${m.subject}.`, 'Công văn sẵn sàng để cấp số và ban hành.'],
    en: [`${m.signerName} has signed the dispatch on: ${m.subject}.`, 'It is ready to be numbered and issued.'],
    link: m.link,
    button: 'Cấp số và ban hành',
  });
}

export function resetRequestArrivedMail(m: ResetRequestArrivedMail): Mail {
  const due = m.dueDate ? ` Hạn xử lý: ${viDate(m.dueDate)}.` : '';
  return compose({
    subject: `[Đề nghị cấp lại tài khoản] ${m.unitName} – Công văn ${m.dispatchSymbol}`,
    to: m.toName,
    vi: [
      `${m.unitName} đã gửi đề nghị cấp lại mật khẩu, thu hồi ${m.accounts} tài khoản theo Công văn số ${m.dispatchSymbol} (người gửi: ${m.contactName}, ${m.contactPosition}).${due}`,
      'Danh sách tài khoản và văn bản đề nghị có trong hàng đợi của Cục Công nghệ thông tin.',
    ],
    en: [
      `${m.unitName} has asked to reset or revoke ${m.accounts} account(s) under dispatch ${m.dispatchSymbol} (sent by ${m.contactName}, ${m.contactPosition}).${m.dueDate ? ` Due: ${m.dueDate}.` : ''}`,
      'The accounts and the request letter are in the IT Department queue.',
    ],
    link: m.link,
    button: 'Mở hàng đợi đề nghị',
  });
}

const unitList = (d: OverdueDispatch) => {
  const more = d.overdue - d.units.length;
  return {
    vi: `${d.units.join(', ')}${more > 0 ? ` và ${more} đơn vị khác` : ''}`,
    en: `${d.units.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
  };
};

export function overdueDigestMail(m: OverdueDigestMail): Mail {
  const total = m.dispatches.reduce((n, d) => n + d.overdue, 0);
  return compose({
    subject: `[Tổng hợp quá hạn] ${total} lượt đơn vị quá hạn – ngày ${viDate(m.date)}`,
    to: m.toName,
    vi: [`Đến ngày ${viDate(m.date)}, ${m.dispatches.length} công văn do ${m.agencyName} và các cơ quan trực thuộc ban hành có đơn vị quá hạn chưa thực hiện:`],
    extraText: m.dispatches.flatMap((d) => [`- Công văn số ${d.symbol} V/v ${d.subject} (hạn ${viDate(d.deadline)}): ${d.overdue} đơn vị quá hạn: ${unitList(d).vi}`, `  ${d.link}`]),
    extraHtml: html`<ul>${m.dispatches.map(
      (d) => html`<li><a href="${d.link}">Công văn số ${d.symbol}</a> V/v ${d.subject} (hạn ${viDate(d.deadline)}): <strong>${d.overdue}</strong> đơn vị quá hạn: ${unitList(d).vi}</li>`,
    )}</ul>`,
    en: [
      `As of ${m.date}, ${m.dispatches.length} dispatch(es) issued by ${m.agencyName} and the agencies under it have overdue units:`,
      ...m.dispatches.map((d) => `${d.symbol} on: ${d.subject} (due ${d.deadline}): ${d.overdue} overdue: ${unitList(d).en}`),
      'You receive this digest because you opted in; it is sent only on days when something is overdue.',
    ],
    link: m.link,
    button: 'Mở bảng theo dõi',
  });
}

/** The renderers the staff-notice services are given (by functions/events and functions/jobs). */
export const staffNoticeMails: StaffNoticeMails = {
  awaitingSignature: awaitingSignatureMail,
  returned: returnedMail,
  signed: signedMail,
  resetRequestArrived: resetRequestArrivedMail,
  overdueDigest: overdueDigestMail,
};
