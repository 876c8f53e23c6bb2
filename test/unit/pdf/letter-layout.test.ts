import { beforeAll, describe, expect, it } from 'vitest';
import { exampleLetter } from '../../../shared/pdf/example-letter';
import { loadFonts, metricsOf, type FontMetricsSet } from '../../../shared/pdf/fonts';
import { CONTENT, MARGIN, SIZE } from '../../../shared/pdf/layout-constants';
import { DRAFT_MARK, layoutLetter, RECIPIENTS_HEADING, type LetterLayout, type TextItem } from '../../../shared/pdf/letter-layout';
import { draftLetter, longLetter } from './fixtures';

let metrics: FontMetricsSet;
beforeAll(async () => {
  metrics = metricsOf(await loadFonts());
});

const texts = (layout: LetterLayout, page?: number): TextItem[] =>
  (page === undefined ? layout.pages.flat() : layout.pages[page]!).filter((i): i is TextItem => i.kind === 'text');
const find = (layout: LetterLayout, text: string) => texts(layout).find((t) => t.text === text);

/** The roles that must stay inside the margins (page numbers, draft mark and footer live in them). */
const INSIDE = new Set(['header', 'addressees', 'body', 'recipients', 'signature']);
const EPS = 0.01;

function expectInsideMargins(layout: LetterLayout): void {
  layout.pages.forEach((items, page) => {
    for (const item of items) {
      // The draft mark's box sits in the top margin, like the page numbers.
      if ((item.kind === 'text' && !INSIDE.has(item.role)) || item.kind === 'box') continue;
      const where = `page ${page + 1}: ${item.kind === 'text' ? item.text : item.kind}`;
      const [left, right, top, bottom] =
        item.kind === 'text' ? [item.x, item.x + item.width, item.top, item.bottom] : [item.x1, item.x2, item.y, item.y];
      expect(left, where).toBeGreaterThanOrEqual(CONTENT.left - EPS);
      expect(right, where).toBeLessThanOrEqual(CONTENT.right + EPS);
      expect(top, where).toBeGreaterThanOrEqual(CONTENT.top - EPS);
      expect(bottom, where).toBeLessThanOrEqual(CONTENT.bottom + EPS);
    }
  });
}

describe('layoutLetter, the example dispatch', () => {
  let layout: LetterLayout;
  beforeAll(() => {
    layout = layoutLetter(exampleLetter, metrics);
  });

  it('is A4 and keeps everything inside the margins', () => {
    expect([layout.width, layout.height]).toEqual([595.28, 841.89]);
    expectInsideMargins(layout);
  });

  it('prints the number and the italic date line on one baseline, the number in the left column', () => {
    const number = find(layout, 'Số: 05/TCTHADS-CNTT')!;
    const date = find(layout, 'Hà Nội, ngày 16 tháng 01 năm 2024')!;
    expect(number.y).toBeCloseTo(date.y, 6);
    expect(date.style).toBe('italic');
    expect(number.x + number.width).toBeLessThan(date.x);
  });

  it('centres "V/v …" under the number and wraps it within the left column', () => {
    const number = find(layout, 'Số: 05/TCTHADS-CNTT')!;
    const subject = texts(layout, 0).filter((t) => t.role === 'header' && t.size === SIZE.subject && t.y > number.y);
    expect(subject.length).toBeGreaterThan(1);
    expect(subject[0]!.text.startsWith('V/v tăng cường')).toBe(true);
    const numberCentre = number.x + number.width / 2;
    for (const line of subject) {
      expect(line.y).toBeGreaterThan(number.y);
      expect(line.x + line.width / 2).toBeCloseTo(numberCentre, 0);
    }
  });

  it('justifies body lines to the right margin, except the last line of each paragraph', () => {
    const body = texts(layout).filter((t) => t.role === 'body');
    const justified = body.filter((t) => t.wordSpacing > 0);
    expect(justified.length).toBeGreaterThan(body.length / 2);
    for (const line of justified) expect(line.x + line.width).toBeCloseTo(CONTENT.right, 6);
    const last = body.find((t) => t.text.endsWith('thực hiện./.'))!;
    expect(last.wordSpacing).toBe(0);
  });

  it('starts the numbered requirements and bullets with a first-line indent', () => {
    const first = texts(layout).find((t) => t.text.startsWith('1. Quán triệt'))!;
    const bullet = texts(layout).find((t) => t.text.startsWith('- Không được lưu trữ'))!;
    expect(first.x).toBeCloseTo(CONTENT.left + 36, 0);
    expect(bullet.x).toBeCloseTo(CONTENT.left + 36, 0);
  });

  it('sets "Nơi nhận:" on the baseline of the first authority line, at the left', () => {
    const heading = find(layout, RECIPIENTS_HEADING)!;
    const authority = find(layout, 'KT. TỔNG CỤC TRƯỞNG')!;
    expect(heading.y).toBeCloseTo(authority.y, 6);
    expect(heading.x).toBeCloseTo(CONTENT.left, 6);
    expect(heading.style).toBe('boldItalic');
    expect(find(layout, '- Lưu: VT, TT.')!.size).toBe(11);
    const name = find(layout, 'Nguyễn Văn Lực')!;
    expect(name.style).toBe('bold');
    expect(name.y - authority.y).toBeGreaterThan(60); // room to sign
  });

  it('keeps at least two body lines on the page of the signature', () => {
    const page = layout.pages.findIndex((items) => items.some((i) => i.kind === 'text' && i.role === 'signature'));
    expect(texts(layout, page).filter((t) => t.role === 'body').length).toBeGreaterThanOrEqual(2);
  });

  it('numbers pages from the second, centred in the top margin', () => {
    expect(texts(layout, 0).some((t) => t.role === 'pageNumber')).toBe(false);
    for (let p = 1; p < layout.pages.length; p++) {
      const [number] = texts(layout, p).filter((t) => t.role === 'pageNumber');
      expect(number!.text).toBe(String(p + 1));
      expect(number!.bottom).toBeLessThan(MARGIN.top);
      expect(number!.x + number!.width / 2).toBeCloseTo(CONTENT.left + CONTENT.width / 2, 6);
    }
  });
});

describe('layoutLetter, other shapes of letter', () => {
  it('keeps a long place name clear of the number and inside the right margin', () => {
    const layout = layoutLetter({ ...exampleLetter, issuer: { ...exampleLetter.issuer, place: 'Thành phố Hồ Chí Minh' } }, metrics);
    const number = find(layout, 'Số: 05/TCTHADS-CNTT')!;
    const date = find(layout, 'Thành phố Hồ Chí Minh, ngày 16 tháng 01 năm 2024')!;
    expect(number.x + number.width).toBeLessThan(date.x);
    expectInsideMargins(layout);
  });

  it('centres a single addressee on the Kính gửi line', () => {
    const layout = layoutLetter({ ...exampleLetter, addresseeLines: ['Cục Công nghệ thông tin – Bộ Tư pháp'] }, metrics);
    const line = find(layout, 'Kính gửi: Cục Công nghệ thông tin – Bộ Tư pháp.')!;
    expect(line.x + line.width / 2).toBeCloseTo(CONTENT.left + CONTENT.width / 2, 6);
  });

  it('wraps long signer titles within the signature column', () => {
    const layout = layoutLetter(
      {
        ...exampleLetter,
        issuer: { name: 'Tổng cục Thi hành án dân sự', code: 'TCTHADS', place: 'Hà Nội' },
        signer: { authority: 'TL', headTitle: 'Bộ trưởng', position: 'Cục trưởng Cục Kế hoạch – Tài chính và Quản lý đầu tư công', name: 'Trần Văn A' },
      },
      metrics,
    );
    const signature = texts(layout).filter((t) => t.role === 'signature');
    expect(signature[0]!.text).toBe('TL. BỘ TRƯỞNG');
    expect(signature.length).toBeGreaterThan(3);
    expect(find(layout, 'TỔNG CỤC THI HÀNH ÁN DÂN SỰ')!.style).toBe('bold');
    expectInsideMargins(layout);
  });
});

describe('layoutLetter, a draft', () => {
  it('prints "DỰ THẢO" in a box on every page, a blank number and no date', () => {
    const layout = layoutLetter(draftLetter, metrics);
    layout.pages.forEach((items) => {
      expect(items.some((i) => i.kind === 'text' && i.text === DRAFT_MARK)).toBe(true);
      expect(items.some((i) => i.kind === 'box')).toBe(true);
    });
    const header = texts(layout, 0).filter((t) => t.role === 'header');
    const number = header.find((t) => t.text.startsWith('Số:'))!;
    expect(number.text).toMatch(/^Số: +\/TCTHADS-CNTT$/);
    const date = header.find((t) => t.text.startsWith('Hà Nội'))!;
    expect(date.text).not.toMatch(/\d/);
    expectInsideMargins(layout);
  });
});

describe('layoutLetter, a long letter', () => {
  let layout: LetterLayout;
  beforeAll(() => {
    layout = layoutLetter(longLetter, metrics);
  });

  it('runs to ten pages or more, numbered from 2', () => {
    expect(layout.pages.length).toBeGreaterThanOrEqual(10);
    const numbers = layout.pages.map((_, p) => texts(layout, p).find((t) => t.role === 'pageNumber')?.text);
    expect(numbers).toEqual([undefined, ...layout.pages.slice(1).map((_, p) => String(p + 2))]);
  });

  it('never leaves the margins', () => {
    expectInsideMargins(layout);
  });

  it('prints all 100 addressees, the last one with a full stop', () => {
    const lines = texts(layout).filter((t) => t.role === 'addressees');
    expect(lines.filter((t) => t.text.startsWith('- ')).length).toBe(100);
    expect(lines.at(-1)!.text.endsWith('Hà Tĩnh.')).toBe(true);
  });

  it('keeps lines from overlapping within a page', () => {
    layout.pages.forEach((_, page) => {
      const flowing = texts(layout, page)
        .filter((t) => t.role === 'body' || t.role === 'addressees')
        .sort((a, b) => a.y - b.y);
      for (let i = 1; i < flowing.length; i++) expect(flowing[i]!.top).toBeGreaterThanOrEqual(flowing[i - 1]!.bottom - EPS);
    });
  });
});
