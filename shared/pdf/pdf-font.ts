/**
 * A Tinos style embedded in one PDF as a subset: a Type 0 font with Identity-H encoding over a
 * CIDFontType2 whose glyphs are exactly those the document draws, plus a ToUnicode map so viewers and
 * pdftotext recover the text.
 *
 * Each distinct character gets its own two-byte code, and the ToUnicode map sends that code back to
 * that one character. (pdf-lib maps a glyph to *every* character the font assigns to it, so a glyph
 * shared by "Đ" U+0110 and "Ð" U+00D0 would come back as two characters.)
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PDFString, type PDFContext, type PDFRef } from 'pdf-lib';
import type { FontFace } from './fonts';
import { subsetTrueType } from './truetype';

// Font descriptor flags (PDF 32000-1, 9.8.2).
const SERIF = 1 << 1;
const SYMBOLIC = 1 << 2;
const ITALIC = 1 << 6;

/** ToUnicode blocks may hold at most 100 entries each (PDF 32000-1, 9.10.3). */
const BFCHAR_BLOCK = 100;

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');

/** UTF-16BE of one code point, as hex. */
function utf16Hex(cp: number): string {
  if (cp <= 0xffff) return hex4(cp);
  const v = cp - 0x10000;
  return hex4(0xd800 + (v >> 10)) + hex4(0xdc00 + (v & 0x3ff));
}

function toUnicodeCMap(codePoints: readonly (number | undefined)[]): string {
  const entries: string[] = [];
  codePoints.forEach((cp, code) => {
    if (cp !== undefined) entries.push(`<${hex4(code)}> <${utf16Hex(cp)}>`);
  });
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += BFCHAR_BLOCK) {
    const block = entries.slice(i, i + BFCHAR_BLOCK);
    blocks.push(`${block.length} beginbfchar\n${block.join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

/** Thousandths of an em, to three decimals: exact enough that drawn widths match the layout's. */
const round3 = (n: number) => Math.round(n * 1000) / 1000;

export class SubsetFont {
  /** The Type 0 font object; reserved now so pages can refer to it before it is written. */
  readonly ref: PDFRef;
  private readonly codeOf = new Map<number, number>();
  /** Original glyph id per code (code 0 is .notdef). */
  private readonly glyphs: number[] = [0];
  /** The character each code stands for. */
  private readonly codePoints: (number | undefined)[] = [undefined];

  constructor(
    private readonly face: FontFace,
    private readonly context: PDFContext,
  ) {
    this.ref = context.nextRef();
  }

  /** The text as a hex string of two-byte codes, for a Tj or TJ operator. */
  encode(text: string): string {
    let hex = '';
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let code = this.codeOf.get(cp);
      if (code === undefined) {
        code = this.glyphs.length;
        this.glyphs.push(this.face.font.glyphId(cp));
        this.codePoints.push(cp);
        this.codeOf.set(cp, code);
      }
      hex += hex4(code);
    }
    return hex;
  }

  /**
   * The 6-letter tag marking the font as a subset ("ABCDEF+Tinos-Regular"), derived from the
   * characters it holds: different subsets get different tags and the same letter the same bytes.
   */
  private tag(): string {
    const digest = createHash('sha256').update(this.face.postscriptName).update(String.fromCodePoint(...this.codeOf.keys())).digest();
    return Array.from(digest.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
  }

  /** Writes the font objects; call once, after every text using the font has been encoded. */
  embed(): void {
    const { context, face } = this;
    const { font } = face;
    const scale = 1000 / font.unitsPerEm;
    const name = `${this.tag()}+${face.postscriptName}`;
    const subset = subsetTrueType(font, this.glyphs);

    const fontFile = context.register(
      context.stream(deflateSync(subset.bytes), { Filter: 'FlateDecode', Length1: subset.bytes.length }),
    );
    const descriptor = context.register(
      context.obj({
        Type: 'FontDescriptor',
        FontName: name,
        Flags: SERIF | SYMBOLIC | (face.italic ? ITALIC : 0),
        FontBBox: font.bbox.map((v) => round3(v * scale)),
        ItalicAngle: font.italicAngle,
        Ascent: round3(font.ascent * scale),
        Descent: round3(font.descent * scale),
        CapHeight: round3(font.capHeight * scale),
        XHeight: round3(font.xHeight * scale),
        // Only used by viewers that substitute a font; the usual estimates for regular and bold.
        StemV: face.bold ? 140 : 80,
        FontFile2: fontFile,
      }),
    );
    const widths = this.glyphs.map((g) => round3(font.advance(g) * scale));
    const cidFont = context.register(
      context.obj({
        Type: 'Font',
        Subtype: 'CIDFontType2',
        BaseFont: name,
        CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
        FontDescriptor: descriptor,
        W: [0, widths],
        CIDToGIDMap: 'Identity',
      }),
    );
    const toUnicode = context.register(
      context.stream(deflateSync(Buffer.from(toUnicodeCMap(this.codePoints), 'latin1')), { Filter: 'FlateDecode' }),
    );
    context.assign(
      this.ref,
      context.obj({
        Type: 'Font',
        Subtype: 'Type0',
        BaseFont: name,
        Encoding: 'Identity-H',
        DescendantFonts: [cidFont],
        ToUnicode: toUnicode,
      }),
    );
  }
}
