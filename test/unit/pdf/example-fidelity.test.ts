/**
 * Fidelity of the rendered example dispatch to the real letter it reproduces
 * (../shared/examples/cong-van-tong-cuc-thads-2024.txt) and to the page geometry of Nghị định 30/2020.
 *
 * Everything is read back from the PDF (poppler's text and word boxes, the page's drawing operators),
 * not from the layout model, so what is checked is what a reader of the file gets.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleLetter } from '../../../shared/pdf/example-letter';
import { loadFonts, metricsOf, type FontMetricsSet, type FontStyle } from '../../../shared/pdf/fonts';
import { CONTENT, FIRST_LINE_INDENT, MARGIN, MM } from '../../../shared/pdf/layout-constants';
import { renderLetter } from '../../../shared/pdf/render-letter';
import { hasPoppler, pdfFile, POPPLER_MISSING, removeTempFiles, textLines, type PageLines, type TextLine } from './poppler';

// The letter lives in shared/examples beside the repository (there locally and in CI), as for demo-data.test.ts.
const examplePath = fileURLToPath(new URL('../../../../shared/examples/cong-van-tong-cuc-thads-2024.txt', import.meta.url));
const hasExample = existsSync(examplePath);
const EXAMPLE_MISSING = `${examplePath} not found: the fidelity test compares the rendered letter with it`;

for (const [present, message] of [
  [hasPoppler, POPPLER_MISSING],
  [hasExample, EXAMPLE_MISSING],
] as const) {
  if (present) continue;
  if (process.env.CI) {
    it(`has what the fidelity test needs (required in CI): ${message}`, () => {
      expect.fail(message);
    });
  } else {
    console.warn(message);
  }
}

// ---------------------------------------------------------------------------------------------
// What legitimately differs between the source text and the rendered letter, named one by one.

/**
 * The source text starts at "Kính gửi": it carries no header, number, date or subject. The rendered
 * header is therefore compared with the letter's data (DESIGN.md §3); the source shows no number, and
 * exampleLetter gives it 05 of 16 January 2024 (asserted below so this list cannot go stale).
 */
const HEADER_LEFT = [
  'BỘ TƯ PHÁP',
  'TỔNG CỤC THI HÀNH ÁN DÂN SỰ',
  'Số: 05/TCTHADS-CNTT',
  'V/v tăng cường bảo đảm an toàn, an ninh mạng cho các hệ thống thông tin',
];
const HEADER_RIGHT = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Hà Nội, ngày 16 tháng 01 năm 2024'];

/**
 * Transcription slips in the source that the renderer rightly does not reproduce: the decree writes
 * the signing authority "KT. " with a space before the title (Phụ lục I), the source text lost it.
 */
const SOURCE_CORRECTIONS: ReadonlyArray<readonly [string, string]> = [['KT.TỔNG CỤC TRƯỞNG', 'KT. TỔNG CỤC TRƯỞNG']];

/** Page furniture that is not letter text: the page numbers from page 2 on (their position is checked below). */
const isPageNumber = (line: TextLine, page: number) => page > 0 && line.yMax <= MARGIN.top && /^\d+$/.test(line.text);

// ---------------------------------------------------------------------------------------------
// Logical lines: a paragraph, list entry or title line, whatever the wrapping.

const normalize = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();
/** "- " bullets (Kính gửi, body, Nơi nhận) and "1. " requirements always start their own line. */
const startsEntry = (s: string) => /^(- |\d+\. )/.test(s);
/** Upper-case lines are titles (agency, national title, signing authority and position), one a line. */
const isTitle = (s: string) => /\p{Lu}/u.test(s) && !/\p{Ll}/u.test(s);

/**
 * The source's logical lines. Its hard line breaks (with blank lines between nearly all of them) are
 * not paragraph breaks, so a line continues the previous one unless it starts an entry, either is a
 * title, or the previous one ends a sentence or introduces a list.
 */
function sourceLines(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = normalize(raw);
    if (!line) continue;
    const prev = out.at(-1);
    if (prev === undefined || startsEntry(line) || isTitle(line) || isTitle(prev) || /[.:;]$/.test(prev)) out.push(line);
    else out[out.length - 1] = `${prev} ${line}`;
  }
  return out;
}

/**
 * The PDF's logical lines from one column, in reading order. Paragraph ends come from the geometry
 * (not from punctuation, which a wrap can leave at a line end mid-paragraph): a change of type size
 * (box height), extra space above, or the body's first-line indent starts a new line, as do entries
 * and titles.
 */
function pdfLogicalLines(lines: ReadonlyArray<{ line: TextLine; page: number }>): string[] {
  const out: string[] = [];
  let prev: { line: TextLine; page: number } | undefined;
  for (const cur of lines) {
    const text = normalize(cur.line.text);
    const p = prev?.line;
    const newLine =
      !p ||
      startsEntry(text) ||
      isTitle(text) ||
      isTitle(normalize(p.text)) ||
      Math.abs(cur.line.yMax - cur.line.yMin - (p.yMax - p.yMin)) > 0.5 ||
      (cur.page === prev!.page && cur.line.yMin - p.yMax > 3) ||
      Math.abs(cur.line.xMin - (CONTENT.left + FIRST_LINE_INDENT)) < 0.5;
    if (newLine) out.push(text);
    else out[out.length - 1] = `${out.at(-1)} ${text}`;
    prev = cur;
  }
  return out;
}

const centre = (l: { xMin: number; xMax: number }) => (l.xMin + l.xMax) / 2;

/** The rendered letter cut into its regions, each in reading order. */
function regions(pages: PageLines[]) {
  const all = pages.flatMap((p, page) => p.lines.map((line) => ({ line, page })));
  const find = (re: RegExp) => {
    const hit = all.find((l) => re.test(l.line.text));
    expect(hit, `no line matching ${re}`).toBeDefined();
    return hit!;
  };
  const kinhGui = find(/^Kính gửi:/);
  const noiNhan = find(/^Nơi nhận:/);
  // Columns: the left one (agency, number, Nơi nhận) and the right one (national title, date,
  // signature) lie either side of the middle of the type area.
  const middle = CONTENT.left + CONTENT.width / 2;
  const isLeft = (l: TextLine) => centre(l) < middle;
  const furniture = all.filter((l) => isPageNumber(l.line, l.page));
  const header = all.filter((l) => l.page === 0 && l.line.yMax <= kinhGui.line.yMin);
  // The signature's first line sits a little higher than "Nơi nhận:" (bigger type, same baseline).
  const tail = all.filter((l) => l.page > noiNhan.page || (l.page === noiNhan.page && l.line.yMin >= noiNhan.line.yMin - 5));
  const body = all.filter((l) => !furniture.includes(l) && !header.includes(l) && !tail.includes(l));
  return {
    all,
    furniture,
    headerLeft: header.filter((l) => isLeft(l.line)),
    headerRight: header.filter((l) => !isLeft(l.line)),
    body,
    recipients: tail.filter((l) => isLeft(l.line)),
    signature: tail.filter((l) => !isLeft(l.line)),
  };
}

// ---------------------------------------------------------------------------------------------

interface Stroke {
  x1: number;
  x2: number;
  /** From the top of the page, like poppler's boxes. */
  y: number;
  width: number;
}

/** Straight strokes ("x y m x y l S") in the page's content stream: the header rules. */
async function strokes(bytes: Uint8Array, pageIndex: number): Promise<Stroke[]> {
  const doc = await PDFDocument.load(bytes);
  const page = doc.getPage(pageIndex);
  const contents = page.node.Contents();
  const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
  const ops = refs
    .map((r) => (r ? doc.context.lookup(r) : undefined))
    .map((s) => (s instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(s).decode()).toString('latin1') : ''))
    .join('\n');
  const n = String.raw`(-?\d+(?:\.\d+)?)`;
  const height = page.getHeight();
  return [...ops.matchAll(new RegExp(String.raw`${n} w [^\n]*?${n} ${n} m ${n} ${n} l S`, 'g'))].map((m) => {
    const [width, x1, y1, x2, y2] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
    expect(y1, 'header rules are horizontal').toBe(y2);
    return { x1: Math.min(x1, x2), x2: Math.max(x1, x2), y: height - y1, width };
  });
}

describe.skipIf(!hasPoppler || !hasExample)('the rendered example dispatch against the real letter', () => {
  let bytes: Uint8Array;
  let pages: PageLines[];
  let metrics: FontMetricsSet;
  let parts: ReturnType<typeof regions>;
  beforeAll(async () => {
    [bytes, metrics] = await Promise.all([renderLetter(exampleLetter), loadFonts().then(metricsOf)]);
    pages = textLines(pdfFile(bytes));
    parts = regions(pages);
  });
  afterAll(removeTempFiles);

  const source = () => readFileSync(examplePath, 'utf8');

  it('renders the number and date the named differences assume, and no footer', () => {
    expect(exampleLetter.number).toBe(5);
    expect(exampleLetter.issuedOn).toBe('2024-01-16');
    expect(exampleLetter.verificationUrl).toBeUndefined();
    // Nothing else lives in the margins: no footer at the bottom, only page numbers at the top.
    const inMargins = parts.all.filter(({ line }) => line.yMin >= CONTENT.bottom || line.yMax <= MARGIN.top);
    expect(inMargins).toEqual(parts.furniture);
    expect(parts.furniture.map((l) => [l.page + 1, l.line.text])).toEqual(pages.slice(1).map((_, i) => [i + 2, String(i + 2)]));
    // The corrections must still apply to the source, or they hide nothing and should go.
    for (const [wrong] of SOURCE_CORRECTIONS) expect(source().split(/\r?\n/).map(normalize)).toContain(wrong);
  });

  it('prints the header: agency, number and subject on the left, national title, motto and date on the right', () => {
    expect(pdfLogicalLines(parts.headerLeft)).toEqual(HEADER_LEFT);
    expect(pdfLogicalLines(parts.headerRight)).toEqual(HEADER_RIGHT);
  });

  it('prints every line of the source letter, in order and word for word', () => {
    let expected = sourceLines(source());
    for (const [wrong, right] of SOURCE_CORRECTIONS) expected = expected.map((l) => (l === wrong ? right : l));
    // Reading order: Kính gửi and body, then the Nơi nhận column, then the signature column.
    const actual = [...pdfLogicalLines(parts.body), ...pdfLogicalLines(parts.recipients), ...pdfLogicalLines(parts.signature)];
    expect(actual).toEqual(expected);
  });

  describe('positions on the page', () => {
    const line = (re: RegExp) => {
      const hit = parts.all.find((l) => re.test(l.line.text));
      expect(hit, `no line matching ${re}`).toBeDefined();
      return hit!.line;
    };
    /** Poppler's box runs from the font's ascent to its descent around the baseline. */
    const baseline = (l: TextLine, style: FontStyle) => {
      const { ascent, descent } = metrics[style];
      return l.yMin + ((l.yMax - l.yMin) * ascent) / (ascent + descent);
    };

    it('puts the agency on the left and the national title on the right of the same top band', () => {
      const parent = line(/^BỘ TƯ PHÁP$/);
      const agency = line(/^TỔNG CỤC THI HÀNH ÁN DÂN SỰ$/);
      const title = line(/^CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM$/);
      const motto = line(/^Độc lập - Tự do - Hạnh phúc$/);
      expect(Math.abs(parent.yMin - title.yMin)).toBeLessThan(1);
      expect(parent.yMin).toBeGreaterThanOrEqual(CONTENT.top - 0.5);
      expect(parent.yMin).toBeLessThan(CONTENT.top + 5);
      expect(Math.max(parent.xMax, agency.xMax)).toBeLessThan(Math.min(title.xMin, motto.xMin));
      // Each side is centred on itself: the parent over the agency, the title over the motto.
      expect(centre(parent)).toBeCloseTo(centre(agency), 0);
      expect(centre(title)).toBeCloseTo(centre(motto), 0);
      expect(agency.yMin).toBeGreaterThan(parent.yMax - 1);
      expect(motto.yMin).toBeGreaterThan(title.yMax - 1);
    });

    it('draws a rule under the agency (1/3 to 1/2 of its width) and one under the motto (as wide), each centred', async () => {
      const agency = line(/^TỔNG CỤC THI HÀNH ÁN DÂN SỰ$/);
      const motto = line(/^Độc lập - Tự do - Hạnh phúc$/);
      const number = line(/^Số:/);
      const rules = await strokes(bytes, 0);
      expect(rules).toHaveLength(2);
      const under = (text: TextLine) => rules.find((r) => r.x1 >= text.xMin - 1 && r.x2 <= text.xMax + 1 && r.y > text.yMax);
      const agencyRule = under(agency);
      const mottoRule = under(motto);
      expect(agencyRule).toBeDefined();
      expect(mottoRule).toBeDefined();
      for (const [rule, text] of [
        [agencyRule!, agency],
        [mottoRule!, motto],
      ] as const) {
        expect((rule.x1 + rule.x2) / 2, 'centred under its text').toBeCloseTo(centre(text), 0);
        // Just under the descenders (clear of the dot below Ự, Ộ), well above the number row.
        expect(rule.y - text.yMax).toBeGreaterThan(0.5);
        expect(rule.y - text.yMax).toBeLessThan(5);
        expect(rule.y).toBeLessThan(number.yMin);
        expect(rule.width).toBeGreaterThan(0);
      }
      const agencyRatio = (agencyRule!.x2 - agencyRule!.x1) / (agency.xMax - agency.xMin);
      expect(agencyRatio).toBeGreaterThanOrEqual(1 / 3);
      expect(agencyRatio).toBeLessThanOrEqual(1 / 2);
      expect(mottoRule!.x2 - mottoRule!.x1).toBeCloseTo(motto.xMax - motto.xMin, 0);
    });

    it('puts "Số" and the date on one baseline, the date to the right; "V/v" centred under the number', () => {
      const number = line(/^Số: 05\/TCTHADS-CNTT$/);
      const date = line(/^Hà Nội, ngày/);
      expect(Math.abs(baseline(number, 'regular') - baseline(date, 'italic'))).toBeLessThanOrEqual(1);
      expect(date.xMin).toBeGreaterThan(number.xMax);
      // Number under the agency block, date under the national title.
      expect(centre(number)).toBeCloseTo(centre(line(/^TỔNG CỤC THI HÀNH ÁN DÂN SỰ$/)), 0);
      expect(centre(date)).toBeCloseTo(centre(line(/^Độc lập - Tự do - Hạnh phúc$/)), 0);

      const subject = parts.headerLeft.map((l) => l.line).filter((l) => l.yMin > number.yMax - 1);
      expect(subject[0]!.text).toMatch(/^V\/v /);
      for (const l of subject) {
        expect(centre(l)).toBeCloseTo(centre(number), 0);
        expect(l.xMax).toBeLessThan(date.xMin);
      }
      expect(subject[0]!.yMin - number.yMax).toBeGreaterThanOrEqual(0);
      expect(subject[0]!.yMin - number.yMax).toBeLessThan(14);
    });

    it('puts "Nơi nhận:" at the left margin, level with the signature block at the right', () => {
      const heading = line(/^Nơi nhận:$/);
      const authority = parts.signature[0]!.line;
      expect(authority.text).toBe('KT. TỔNG CỤC TRƯỞNG');
      expect(Math.abs(heading.yMin - authority.yMin)).toBeLessThan(3);
      expect(Math.abs(baseline(heading, 'boldItalic') - baseline(authority, 'bold'))).toBeLessThanOrEqual(1);
      expect(heading.xMin).toBeCloseTo(CONTENT.left, 0);
      const leftEdge = Math.max(...parts.recipients.map((l) => l.line.xMax));
      for (const { line: l } of parts.signature) {
        expect(l.xMin).toBeGreaterThan(leftEdge);
        expect(centre(l)).toBeCloseTo(centre(line(/^CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM$/)), 0);
      }
    });

    it('keeps the margins the decree prescribes: left 30–35 mm, right 15–20 mm, at least 20 mm top and bottom', () => {
      const tolerance = 0.5;
      pages.forEach((page, p) => {
        const text = page.lines.filter((l) => !isPageNumber(l, p));
        const left = Math.min(...text.map((l) => l.xMin));
        const right = page.width - Math.max(...text.map((l) => l.xMax));
        const top = Math.min(...text.map((l) => l.yMin));
        const bottom = page.height - Math.max(...text.map((l) => l.yMax));
        const where = `page ${p + 1}`;
        expect(left, where).toBeGreaterThanOrEqual(30 * MM - tolerance);
        expect(left, where).toBeLessThanOrEqual(35 * MM);
        expect(top, where).toBeGreaterThanOrEqual(20 * MM - tolerance);
        expect(bottom, where).toBeGreaterThanOrEqual(20 * MM - tolerance);
        expect(right, where).toBeGreaterThanOrEqual(15 * MM - tolerance);
        // Justified body lines reach the right edge of the type area.
        expect(right, where).toBeLessThanOrEqual(20 * MM);
      });
    });
  });
});
