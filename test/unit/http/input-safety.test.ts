import type { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { beforeAll, describe, expect, it } from 'vitest';
import { matchPage } from '../../../functions/web/serve';
import { exampleDispatchContent } from '../../../infra/local/demo-data';
import { parseReportForm } from '../../../shared/domain/progress';
import { AppError } from '../../../shared/errors';
import { isMediaType } from '../../../shared/domain/media-type';
import { headerSafe, sesMailerWith } from '../../../shared/mail/mailer';
import { multilineText, text } from '../../../shared/schemas/common';
import { dispatchInputSchema, requirementSchema } from '../../../shared/schemas/dispatch';
import { fieldErrors } from '../../../shared/schemas/messages';
import { acknowledge } from '../../../shared/services/link-actions';
import type { LinkSession } from '../../../shared/services/link-session';

/** Issue 13: what reaches a header, a page or a stored record never carries line breaks or invisible characters. */
const BIDI_AND_INVISIBLE = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b'];

describe('content types are matched exactly', () => {
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['Application/JSON ;  CHARSET = "UTF-8"', true],
    ['application/json;charset=UTF-8', true],
    ['application/json; charset=utf-16', false],
    ['application/json-patch+json', false],
    ['application/jsonp', false],
    ['application/json; boundary=x', false],
    ['application/json;', false],
    ['application/json; charset=utf-8; charset=utf-8', false],
    ['application/json/x', false],
    ['', false],
  ])('%j is JSON: %s', (header, expected) => {
    expect(isMediaType(header, 'application/json')).toBe(expected);
  });

  it('applies the same rule to CSV, forms, PDF and multipart (with its boundary)', () => {
    expect(isMediaType('text/csv; charset=utf-8', 'text/csv')).toBe(true);
    expect(isMediaType('text/csvx', 'text/csv')).toBe(false);
    expect(isMediaType('application/x-www-form-urlencoded', 'application/x-www-form-urlencoded')).toBe(true);
    expect(isMediaType('application/x-www-form-urlencoded; charset=iso-8859-1', 'application/x-www-form-urlencoded')).toBe(false);
    expect(isMediaType('application/pdf', 'application/pdf')).toBe(true);
    expect(isMediaType('application/pdfx', 'application/pdf')).toBe(false);
    expect(isMediaType('multipart/form-data; boundary=----WebKitFormBoundaryAbC', 'multipart/form-data', ['boundary'])).toBe(true);
    expect(isMediaType('multipart/form-data; boundary="a b"', 'multipart/form-data', ['boundary'])).toBe(true);
    expect(isMediaType('multipart/form-data-x; boundary=a', 'multipart/form-data', ['boundary'])).toBe(false);
  });
});

describe('page paths with malformed percent-escapes', () => {
  it('match no page (a 404), never throw', () => {
    for (const p of ['/app/dispatches/%ff', '/app/dispatches/%', '/app/dispatches/%c3%28/edit', '/app/dashboard/dispatches/%zz/export/csv']) {
      expect(() => matchPage('GET', p), p).not.toThrow();
      expect(matchPage('GET', p), p).toBeUndefined();
    }
    expect(matchPage('GET', '/app/dispatches/d%2D1')?.params).toEqual({ dispatchId: 'd-1' });
  });
});

describe('text fields refuse line breaks (single-line) and invisible or text-direction characters (all)', () => {
  const one = text(100);
  const many = multilineText(100);

  it.each(BIDI_AND_INVISIBLE.map((c) => [`U+${c.codePointAt(0)!.toString(16).padStart(4, '0')}`, c]))('%s inside a value is refused, single- or multi-line', (_name, c) => {
    const a = one.safeParse(`Công${c}văn`);
    const b = many.safeParse(`Công${c}văn`);
    expect(a.success).toBe(false);
    expect(b.success).toBe(false);
    expect(fieldErrors(a.error!.issues, 'subject')).toEqual([
      {
        field: 'subject',
        vi: 'subject không được chứa ký tự điều khiển, ký tự vô hình (độ rộng bằng 0) hoặc ký tự đổi chiều văn bản',
        en: 'subject must not contain control, zero-width (invisible) or text-direction characters',
      },
    ]);
  });

  it('CR, LF and tab are refused on one line, with the reason in both languages; allowed in multi-line text', () => {
    for (const v of ['V/v thử\r\nBcc: x@evil.test', 'a\nb', 'a\rb', 'a\tb', 'a\u2028b']) {
      const r = one.safeParse(v);
      expect(r.success, JSON.stringify(v)).toBe(false);
      const [error] = fieldErrors(r.error!.issues, 'subject');
      expect(error!.field).toBe('subject');
      expect(error!.vi).toMatch(/^subject (phải nằm trên một dòng|không được chứa)/);
    }
    expect(many.safeParse('Dòng một\r\nDòng hai\n\n- gạch đầu dòng').success).toBe(true);
  });

  it('Vietnamese text, en dashes and curly quotes pass; the example letter passes whole', () => {
    for (const v of ['Bộ Tư pháp – Tổng cục Thi hành án dân sự', '“Chuyển đổi số”', 'Nguyễn Thị Hương Giang', 'Đắk Lắk', 'Số 12/2024/TT-BTP']) {
      expect(one.parse(v)).toBe(v);
    }
    expect(dispatchInputSchema.safeParse(exampleDispatchContent()).success).toBe(true);
  });

  it('a subject with CR/LF or a right-to-left override is refused in the dispatch input, naming the field', () => {
    for (const subject of ['Về việc A\r\nBcc: x@evil.test', 'Về việc \u202egnp.exe']) {
      const r = dispatchInputSchema.safeParse({ ...exampleDispatchContent(), subject });
      expect(r.success).toBe(false);
      expect(fieldErrors(r.error!.issues).map((f) => f.field)).toContain('subject');
    }
    const requirement = requirementSchema.safeParse({ n: 1, text: 'Dòng một\nDòng hai', response: 'report' });
    expect(requirement.success).toBe(true);
  });
});

describe('the link pages refuse the same characters, beside the field', () => {
  const session = { token: 't', tokenHash: 'h', dispatch: { id: 'd-1', content: { requirements: [] } }, recipient: { unitId: 'u-1' }, expiresAt: new Date() } as unknown as LinkSession;

  it('acknowledgment: a name or position with a line break or bidi control → 400 naming it, nothing recorded', async () => {
    const error = await acknowledge(session, { name: 'Nguyễn Văn A\r\nBcc: x', position: 'Chánh\u202e Văn phòng' }, new Date(), '203.0.113.9').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('validation');
    expect((error as AppError).fields).toEqual([
      { field: 'name', vi: 'Họ và tên: phải nằm trên một dòng: không được có ký tự xuống dòng hoặc ký tự tab', en: 'Name: must be on one line: no line breaks or tabs' },
      {
        field: 'position',
        vi: 'Chức vụ: không được chứa ký tự điều khiển, ký tự vô hình (độ rộng bằng 0) hoặc ký tự đổi chiều văn bản',
        en: 'Position: must not contain control, zero-width (invisible) or text-direction characters',
      },
    ]);
  });

  it('report: a note may have several lines, never invisible characters', () => {
    const requirements = [{ n: 1, text: 'Báo cáo', response: 'report' }] as never;
    const ok = parseReportForm({ 'status.1': 'partly', 'note.1': 'Dòng một\r\nDòng hai' }, requirements, '2026-01-01');
    expect(ok.problems).toEqual([]);
    const bad = parseReportForm({ 'status.1': 'partly', 'note.1': 'Đã xong\u200b' }, requirements, '2026-01-01');
    expect(bad.problems.map((p) => p.field)).toEqual(['note.1']);
    expect(bad.problems[0]!.vi).toContain('ký tự vô hình');
  });
});

describe('mail headers, at the one place mail is sent', () => {
  const sent: SendEmailCommand[] = [];
  const fake = { send: async (command: SendEmailCommand) => (sent.push(command), { MessageId: 'm-1' }) } as unknown as Pick<SESClient, 'send'>;

  beforeAll(() => {
    Object.assign(process.env, { TABLE_NAME: 't', PDF_BUCKET: 'b', MAIL_FROM: 'congvan@example.gov.vn', PUBLIC_BASE_URL: 'https://congvan.example.gov.vn' });
  });

  it('a stored subject or address with CR/LF or bidi characters never reaches SES with them', async () => {
    const mailer = sesMailerWith(() => fake);
    await mailer.send({
      to: 'vanthu@example.gov.vn\r\nBcc: x@evil.test',
      subject: 'V/v A\r\nBcc: x@evil.test\u202e\u200b – “thử”',
      text: 'Dòng một\nDòng hai',
      html: '<p>x</p>',
    });
    const input = sent[0]!.input;
    const headers = [input.Source!, ...input.Destination!.ToAddresses!, input.Message!.Subject!.Data!];
    for (const h of headers) expect(h, JSON.stringify(h)).not.toMatch(/[\r\n\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u);
    expect(input.Message!.Subject!.Data).toBe('V/v A Bcc: x@evil.test – “thử”');
    // The body is not a header: its line breaks stay.
    expect(input.Message!.Body!.Text!.Data).toBe('Dòng một\nDòng hai');
  });

  it('headerSafe keeps Vietnamese text as it is', () => {
    expect(headerSafe('Nhắc hạn: Công văn số 12/TCTHADS-CNTT – “Chuyển đổi số”')).toBe('Nhắc hạn: Công văn số 12/TCTHADS-CNTT – “Chuyển đổi số”');
  });
});
