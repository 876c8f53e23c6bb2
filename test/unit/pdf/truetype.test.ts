import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkitModule from '@pdf-lib/fontkit';
import { describe, expect, it } from 'vitest';
import { parseTrueType, subsetTrueType } from '../../../shared/pdf/truetype';

/** fontkit serves as an independent reader to check our parser and subsets against. */
const fontkit = ((fontkitModule as unknown as { default?: typeof fontkitModule }).default ?? fontkitModule) as typeof fontkitModule;

const require = createRequire(import.meta.url);
const fontFile = (name: string) => new Uint8Array(readFileSync(require.resolve(`@expo-google-fonts/tinos/${name}`)));
const regularBytes = fontFile('400Regular/Tinos_400Regular.ttf');
const boldItalicBytes = fontFile('700Bold_Italic/Tinos_700Bold_Italic.ttf');

const VIETNAMESE =
  'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ' +
  'AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬBCDĐEÈÉẺẼẸÊỀẾỂỄỆGHIÌÍỈĨỊKLMNOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢPQRSTUÙÚỦŨỤƯỪỨỬỮỰVXYỲÝỶỸỴ' +
  '0123456789 .,;:!?()/-–“”%&';

describe('parseTrueType', () => {
  const ours = parseTrueType(regularBytes);
  const theirs = fontkit.create(regularBytes);

  it('reads the same glyph ids and advance widths as fontkit for Vietnamese text', () => {
    for (const ch of VIETNAMESE) {
      const cp = ch.codePointAt(0)!;
      const glyph = theirs.glyphForCodePoint(cp);
      expect(ours.glyphId(cp), ch).toBe(glyph.id);
      expect(ours.advance(ours.glyphId(cp)), ch).toBe(glyph.advanceWidth);
    }
  });

  it('has a glyph for every Vietnamese letter and maps unknown characters to .notdef', () => {
    for (const ch of VIETNAMESE) expect(ours.glyphId(ch.codePointAt(0)!), ch).not.toBe(0);
    expect(ours.glyphId(0x1f600)).toBe(0); // an emoji
  });

  it('reads the vertical metrics', () => {
    expect(ours.unitsPerEm).toBe(theirs.unitsPerEm);
    expect(ours.ascent).toBe(theirs.ascent);
    expect(ours.descent).toBe(theirs.descent);
    expect(ours.capHeight).toBe(theirs.capHeight);
    expect(parseTrueType(boldItalicBytes).italicAngle).toBeLessThan(0);
  });
});

describe('subsetTrueType', () => {
  const original = parseTrueType(boldItalicBytes);
  const reference = fontkit.create(boldItalicBytes);
  const text = 'Tổng cục Thi hành án dân sự – Độc lập - Tự do - Hạnh phúc';
  const requested = [0, ...new Set([...text].map((ch) => original.glyphId(ch.codePointAt(0)!)))];
  const subset = subsetTrueType(original, requested);
  const reread = fontkit.create(subset.bytes);

  it('keeps the requested glyphs in order and pulls in the components of composites', () => {
    expect(subset.glyphs.slice(0, requested.length)).toEqual(requested);
    // Tinos builds most accented letters from a base and marks.
    expect(subset.glyphs.length).toBeGreaterThan(requested.length);
    expect(reread.numGlyphs).toBe(subset.glyphs.length);
  });

  it('draws every glyph exactly as the original font does', () => {
    subset.glyphs.forEach((g, i) => {
      const ours = reread.getGlyph(i);
      const theirs = reference.getGlyph(g);
      expect(ours.path.toSVG(), `glyph ${g}`).toBe(theirs.path.toSVG());
      expect(ours.advanceWidth).toBe(theirs.advanceWidth);
    });
  });

  it('writes a well-formed file: 4-byte aligned glyphs and a valid whole-font checksum', () => {
    const dv = new DataView(subset.bytes.buffer, subset.bytes.byteOffset, subset.bytes.byteLength);
    const tables = new Map<string, number>();
    for (let i = 0; i < dv.getUint16(4); i++) {
      const tag = String.fromCharCode(...subset.bytes.subarray(12 + 16 * i, 16 + 16 * i));
      tables.set(tag, dv.getUint32(12 + 16 * i + 8));
    }
    // Only the tables a PDF needs for a CIDFontType2 font.
    expect([...tables.keys()]).toEqual(['cvt ', 'fpgm', 'glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp', 'prep']);
    for (const offset of tables.values()) expect(offset % 4).toBe(0);
    const loca = tables.get('loca')!;
    for (let g = 0; g <= subset.glyphs.length; g++) expect(dv.getUint32(loca + 4 * g) % 4).toBe(0);
    let sum = 0;
    for (let i = 0; i < subset.bytes.length; i += 4) sum = (sum + dv.getUint32(i)) >>> 0;
    expect(sum).toBe(0xb1b0afba);
  });

  it('is much smaller than the font', () => {
    expect(subset.bytes.length).toBeLessThan(boldItalicBytes.length / 20);
  });
});
