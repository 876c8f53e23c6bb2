import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCopies } from '../../../shared/domain/letter-format';
import { exampleLetter } from '../../../shared/pdf/example-letter';
import { CONTENT, MARGIN } from '../../../shared/pdf/layout-constants';
import { renderLetter } from '../../../shared/pdf/render-letter';
import { splitParagraphs } from '../../../shared/pdf/text-layout';
import { draftLetter, longLetter } from './fixtures';
import {
  flatText,
  hasPoppler,
  pdfFile,
  pdffonts,
  pdfinfo,
  pdftotext,
  POPPLER_MISSING,
  removeTempFiles,
  wordBoxes,
} from './poppler';

const MAX_BYTES = 60 * 1024;

let example: Uint8Array;
beforeAll(async () => {
  example = await renderLetter(exampleLetter);
});
afterAll(removeTempFiles);

describe('renderLetter', () => {
  it('writes a compact PDF', () => {
    expect(new TextDecoder().decode(example.subarray(0, 8))).toBe('%PDF-1.7');
    expect(example.length).toBeLessThan(MAX_BYTES);
  });

  it('gives the same bytes for the same letter', async () => {
    expect(Buffer.from(await renderLetter(exampleLetter)).equals(Buffer.from(example))).toBe(true);
  });

  it('can render several letters at once', async () => {
    const all = await Promise.all([renderLetter(exampleLetter), renderLetter(draftLetter), renderLetter(exampleLetter)]);
    expect(Buffer.from(all[0]).equals(Buffer.from(example))).toBe(true);
    expect(Buffer.from(all[2]).equals(Buffer.from(example))).toBe(true);
  });
});

if (!hasPoppler) {
  if (process.env.CI) {
    it('has poppler-utils installed (required in CI)', () => {
      expect.fail(POPPLER_MISSING);
    });
  } else {
    console.warn(POPPLER_MISSING);
  }
}

describe.skipIf(!hasPoppler)('renderLetter, read back with poppler-utils', () => {
  describe('the example dispatch', () => {
    let file: string;
    let layoutText: string;
    let text: string;
    beforeAll(() => {
      file = pdfFile(example);
      layoutText = pdftotext(file, '-layout');
      text = flatText(layoutText);
    });

    it('is one A4 document', () => {
      const info = pdfinfo(file);
      expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
      expect(info).toMatch(/Pages:\s+2\b/);
      expect(info).toMatch(/Title:\s+Số 05\/TCTHADS-CNTT V\/v tăng cường/);
    });

    it('embeds the Tinos styles as subsets with Unicode maps', () => {
      const rows = pdffonts(file).trim().split('\n').slice(2);
      expect(rows).toHaveLength(4);
      for (const row of rows) {
        expect(row).toMatch(/^[A-Z]{6}\+Tinos-(Regular|Bold|Italic|BoldItalic)\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes\s/);
      }
    });

    it('prints the header, number, date and subject', () => {
      for (const line of [
        'BỘ TƯ PHÁP',
        'TỔNG CỤC THI HÀNH ÁN DÂN SỰ',
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        'Số: 05/TCTHADS-CNTT',
        'Hà Nội, ngày 16 tháng 01 năm 2024',
      ]) {
        expect(layoutText).toContain(line);
      }
      // The number and the date share a line; the subject is centred under the number.
      expect(layoutText).toMatch(/Số: 05\/TCTHADS-CNTT +Hà Nội, ngày 16 tháng 01 năm 2024/);
      expect(text).toContain('V/v tăng cường bảo đảm an toàn, an ninh mạng cho các hệ thống thông tin');
    });

    it('prints the Kính gửi block', () => {
      expect(text).toContain(
        'Kính gửi: - Thủ trưởng các đơn vị thuộc Tổng cục Thi hành án dân sự; - Cục trưởng Cục THADS các tỉnh, thành phố trực thuộc Trung ương.',
      );
    });

    it('prints every paragraph of the body verbatim', () => {
      const paragraphs = [
        ...splitParagraphs(exampleLetter.opening!, 'blank-lines'),
        ...exampleLetter.requirements.flatMap((r) => {
          const [first, ...rest] = splitParagraphs(r.text, 'newlines');
          return [`${r.n}. ${first}`, ...rest];
        }),
        ...splitParagraphs(exampleLetter.closing!, 'blank-lines'),
      ];
      expect(paragraphs).toHaveLength(9);
      for (const p of paragraphs) expect(text).toContain(p);
    });

    it('prints Nơi nhận at the left and the signature block at the right, on the same lines', () => {
      expect(layoutText).toMatch(/^Nơi nhận: +KT\. TỔNG CỤC TRƯỞNG$/m);
      expect(layoutText).toMatch(/^- Như trên; +PHÓ TỔNG CỤC TRƯỞNG$/m);
      for (const entry of formatCopies(exampleLetter.copies, exampleLetter.archive)) expect(layoutText).toContain(entry);
      expect(layoutText).toContain('- Lưu: VT, TT.');
      expect(layoutText).toMatch(/^ +Nguyễn Văn Lực$/m);
    });

    it('extracts Vietnamese as precomposed (NFC) text', () => {
      expect(text).toContain('Tổng cục Thi hành án dân sự');
      expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
      expect(text).toContain('công chức, viên chức và người lao động đã bị lộ lọt tài khoản');
      expect(text).toBe(text.normalize('NFC'));
      expect(text).not.toMatch(/[\u0300-\u036f]/);
    });

    it('numbers the second page in the top margin', () => {
      const [, second] = wordBoxes(file);
      const number = second!.words.find((w) => w.text === '2' && w.yMax <= MARGIN.top);
      expect(number).toBeDefined();
      expect((number!.xMin + number!.xMax) / 2).toBeCloseTo(CONTENT.left + CONTENT.width / 2, 0);
    });
  });

  it('writes months 3–12 without a leading zero', async () => {
    const file = pdfFile(await renderLetter({ ...exampleLetter, issuedOn: '2019-06-29' }));
    expect(pdftotext(file, '-layout')).toContain('Hà Nội, ngày 29 tháng 6 năm 2019');
  });

  it('marks a draft "DỰ THẢO" and prints no number and no date', async () => {
    const file = pdfFile(await renderLetter(draftLetter));
    const text = pdftotext(file, '-layout');
    expect(text).toContain('DỰ THẢO');
    expect(text).toMatch(/Số: +\/TCTHADS-CNTT/);
    expect(text).not.toContain('Số: 05');
    expect(text).toMatch(/Hà Nội, ngày +tháng +năm/);
    expect(text).not.toContain('ngày 16');
    expect(pdfinfo(file)).toMatch(/Title:\s+DỰ THẢO V\/v/);
  });

  it('prints the verification URL in the footer of page 1', async () => {
    const url = 'https://congvan.example.gov.vn/xac-thuc/2024/TCTHADS/05';
    const file = pdfFile(await renderLetter({ ...exampleLetter, verificationUrl: url }));
    const [first] = wordBoxes(file);
    const footer = first!.words.filter((w) => w.yMin >= CONTENT.bottom);
    expect(footer.map((w) => w.text).join(' ')).toBe(`Xác thực văn bản tại: ${url}`);
  });

  describe('a long letter', () => {
    let file: string;
    let bytes: Uint8Array;
    beforeAll(async () => {
      bytes = await renderLetter(longLetter);
      file = pdfFile(bytes);
    });

    it('paginates to ten pages or more, numbered from 2 in the top margin', () => {
      const pages = wordBoxes(file);
      expect(pages.length).toBeGreaterThanOrEqual(10);
      expect(pdfinfo(file)).toMatch(new RegExp(`Pages:\\s+${pages.length}\\b`));
      expect(pages[0]!.words.some((w) => w.yMax <= MARGIN.top)).toBe(false);
      pages.slice(1).forEach((page, i) => {
        const top = page.words.filter((w) => w.yMax <= MARGIN.top);
        expect(top.map((w) => w.text)).toEqual([String(i + 2)]);
      });
    });

    it('keeps every word inside the margins', () => {
      const tolerance = 0.5;
      wordBoxes(file).forEach((page, p) => {
        for (const w of page.words) {
          if (p > 0 && w.yMax <= MARGIN.top) continue; // the page number
          const where = `page ${p + 1}: "${w.text}" [${w.xMin}, ${w.yMin}, ${w.xMax}, ${w.yMax}]`;
          expect(w.xMin, where).toBeGreaterThanOrEqual(CONTENT.left - tolerance);
          expect(w.xMax, where).toBeLessThanOrEqual(CONTENT.right + tolerance);
          expect(w.yMin, where).toBeGreaterThanOrEqual(CONTENT.top - tolerance);
          expect(w.yMax, where).toBeLessThanOrEqual(CONTENT.bottom + tolerance);
        }
      });
    });

    it('prints all 100 addressees and the long subject', () => {
      const text = flatText(pdftotext(file, '-layout'));
      for (const line of longLetter.addresseeLines) expect(text).toContain(line);
      expect(text).toContain(`V/v ${longLetter.subject}`);
    });

    it('stays small', () => {
      expect(bytes.length).toBeLessThan(2 * MAX_BYTES);
    });
  });
});
