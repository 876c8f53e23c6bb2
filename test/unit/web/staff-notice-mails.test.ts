import { describe, expect, it } from 'vitest';
import { awaitingSignatureMail, overdueDigestMail, resetRequestArrivedMail, returnedMail, signedMail } from '../../../templates/email/staff-notices';
import { layout, showNavCounts } from '../../../templates/pages/app-layout';
import { html } from '../../../templates/html';

const base = {
  toName: 'Nguyễn Văn Lực',
  subject: 'tăng cường bảo đảm an toàn thông tin',
  agencyName: 'Tổng cục Thi hành án dân sự',
  clerkName: 'Trần Thị Hương',
  signerName: 'Nguyễn Văn Lực',
  link: 'https://cv.example/app/dispatches/d1',
};

describe('staff e-mails', () => {
  it('a letter awaiting signature names the clerk and the agency, Vietnamese first, and links to the dispatch', () => {
    const m = awaitingSignatureMail(base);
    expect(m.subject).toBe('[Công văn chờ ký] V/v tăng cường bảo đảm an toàn thông tin');
    expect(m.text.startsWith('Kính gửi: Nguyễn Văn Lực')).toBe(true);
    expect(m.text).toContain('Trần Thị Hương (Tổng cục Thi hành án dân sự) đã trình dự thảo công văn');
    expect(m.text.indexOf('chờ đồng chí xem xét, ký')).toBeLessThan(m.text.indexOf('for your signature'));
    expect(m.text).toContain(base.link);
    expect(m.html).toContain(`href="${base.link}"`);
  });

  it('a returned letter quotes the comment (escaped in HTML) and links to the edit page', () => {
    const m = returnedMail({ ...base, toName: 'Trần Thị Hương', comment: 'Sửa đoạn 2 <gấp>', link: 'https://cv.example/app/dispatches/d1/edit' });
    expect(m.subject).toBe('[Công văn bị trả lại] V/v tăng cường bảo đảm an toàn thông tin');
    expect(m.text).toContain('Nguyễn Văn Lực đã trả lại dự thảo công văn');
    expect(m.text).toContain('«Sửa đoạn 2 <gấp>»');
    expect(m.html).toContain('Sửa đoạn 2 &lt;gấp&gt;');
    expect(m.html).not.toContain('<gấp>');
    expect(m.text).toContain('/edit');
  });

  it('a signed letter tells the clerk it is ready to number and issue', () => {
    const m = signedMail({ ...base, toName: 'Trần Thị Hương' });
    expect(m.subject).toBe('[Công văn đã ký] V/v tăng cường bảo đảm an toàn thông tin');
    expect(m.text).toContain('Nguyễn Văn Lực đã ký công văn');
    expect(m.text).toContain('sẵn sàng để cấp số và ban hành');
    expect(m.text).toContain('ready to be numbered and issued');
  });

  it('a reset request names the unit, the dispatch, the contact and the due date, and links to the queue', () => {
    const m = resetRequestArrivedMail({
      toName: 'Lê Văn Hải',
      unitName: 'Cục THADS thành phố Hà Nội',
      dispatchSymbol: '01/TCTHADS-TT',
      contactName: 'Trần Thị Bình',
      contactPosition: 'Chánh Văn phòng',
      accounts: 3,
      dueDate: '2025-03-15',
      link: 'https://cv.example/app/reset-requests',
    });
    expect(m.subject).toBe('[Đề nghị cấp lại tài khoản] Cục THADS thành phố Hà Nội – Công văn 01/TCTHADS-TT');
    expect(m.text).toContain('thu hồi 3 tài khoản theo Công văn số 01/TCTHADS-TT (người gửi: Trần Thị Bình, Chánh Văn phòng). Hạn xử lý: 15/03/2025.');
    expect(m.text).toContain('https://cv.example/app/reset-requests');
  });

  it('the digest lists each dispatch with its overdue units, capping the names', () => {
    const m = overdueDigestMail({
      toName: 'Mai Lương Khôi',
      agencyName: 'Bộ Tư pháp',
      date: '2025-03-20',
      link: 'https://cv.example/app/dashboard',
      dispatches: [
        { symbol: '01/TCTHADS-TT', subject: 'an toàn thông tin', deadline: '2025-03-15', overdue: 25, units: ['Cục A', 'Cục B'], link: 'https://cv.example/app/dashboard/dispatches/d1' },
      ],
    });
    expect(m.subject).toBe('[Tổng hợp quá hạn] 25 lượt đơn vị quá hạn – ngày 20/03/2025');
    expect(m.text).toContain('Công văn số 01/TCTHADS-TT V/v an toàn thông tin (hạn 15/03/2025): 25 đơn vị quá hạn: Cục A, Cục B và 23 đơn vị khác');
    expect(m.text).toContain('and 23 more');
    expect(m.html).toContain('href="https://cv.example/app/dashboard/dispatches/d1"');
  });
});

describe('navigation badges', () => {
  const actor = { userId: 'u-x', roles: ['signer', 'clerk', 'itdept'] as ('signer' | 'clerk' | 'itdept')[], sourceIp: '127.0.0.1', name: 'X', agencyCode: 'TCTHADS' };

  it('show what awaits the person on the links to act on, and nothing when there is nothing', () => {
    showNavCounts(actor, { inbox: 2, returned: 1, queue: 0 });
    const page = layout({ lang: 'vi', title: 'T', actor, csrf: 'c' }, html`<p>x</p>`);
    expect(page).toMatch(/href="\/app\/inbox">Chờ ký <span class="badge nav-count" title="2 công văn chờ bạn ký"[^>]*>2<\/span>/);
    expect(page).toMatch(/href="\/app\/dispatches">Công văn đi <span class="badge nav-count" title="1 công văn bị trả lại"[^>]*>1<\/span>/);
    expect(page).not.toMatch(/reset-requests">[^<]*<span/);
    const other = { ...actor };
    expect(layout({ lang: 'vi', title: 'T', actor: other, csrf: 'c' }, html``)).not.toContain('nav-count');
  });
});
