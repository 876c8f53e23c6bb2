/**
 * The little of the TrueType format a PDF needs: character-to-glyph lookup, advance widths, the
 * metrics of a font descriptor, and a subsetter that copies the glyphs a document uses.
 *
 * Why not fontkit's subsetter (which pdf-lib uses)? In @pdf-lib/fontkit 1.1 it writes odd-length
 * glyph records with a short 'loca' table, which halves the offsets, so with Tinos most glyphs come
 * out blank; and it decodes and re-encodes every table through a generic struct library, which costs
 * tens of milliseconds per document. Copying raw records is exact and takes well under a millisecond.
 *
 * References: the OpenType specification, tables head, hhea, hmtx, maxp, loca, glyf, cmap, OS/2, post.
 */

export interface TableRecord {
  offset: number;
  length: number;
}

export interface TrueTypeFont {
  bytes: Uint8Array;
  tables: ReadonlyMap<string, TableRecord>;
  unitsPerEm: number;
  numGlyphs: number;
  /** Glyph record boundaries inside 'glyf': glyph g spans [loca[g], loca[g + 1]). */
  loca: Uint32Array;
  /** Glyph id for a code point; 0 (.notdef) when the font has none. */
  glyphId(codePoint: number): number;
  /** Advance width in font units. */
  advance(glyph: number): number;
  /** Left side bearing in font units. */
  leftSideBearing(glyph: number): number;
  /** Metrics in font units, for the PDF font descriptor and line layout. */
  ascent: number;
  /** Negative, as stored. */
  descent: number;
  capHeight: number;
  xHeight: number;
  italicAngle: number;
  bbox: [number, number, number, number];
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function readTableDirectory(dv: DataView): Map<string, TableRecord> {
  const version = dv.getUint32(0);
  if (version !== 0x00010000 && version !== 0x74727565 /* 'true' */) {
    throw new Error('Not a TrueType font (CFF-based OpenType fonts are not supported)');
  }
  const count = dv.getUint16(4);
  const tables = new Map<string, TableRecord>();
  for (let i = 0; i < count; i++) {
    const at = 12 + 16 * i;
    const tag = String.fromCharCode(dv.getUint8(at), dv.getUint8(at + 1), dv.getUint8(at + 2), dv.getUint8(at + 3));
    tables.set(tag, { offset: dv.getUint32(at + 8), length: dv.getUint32(at + 12) });
  }
  return tables;
}

/** Builds a lookup from the best Unicode subtable: format 12 (full range) if present, else format 4. */
function readCmap(dv: DataView, cmap: TableRecord): (cp: number) => number {
  const n = dv.getUint16(cmap.offset + 2);
  let format4 = -1;
  let format12 = -1;
  for (let i = 0; i < n; i++) {
    const at = cmap.offset + 4 + 8 * i;
    const platform = dv.getUint16(at);
    const encoding = dv.getUint16(at + 2);
    const sub = cmap.offset + dv.getUint32(at + 4);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    const format = dv.getUint16(sub);
    if (format === 12) format12 = sub;
    else if (format === 4 && format4 < 0) format4 = sub;
  }

  if (format12 >= 0) {
    const groups = dv.getUint32(format12 + 12);
    const starts = new Uint32Array(groups);
    const ends = new Uint32Array(groups);
    const glyphs = new Uint32Array(groups);
    for (let g = 0; g < groups; g++) {
      const at = format12 + 16 + 12 * g;
      starts[g] = dv.getUint32(at);
      ends[g] = dv.getUint32(at + 4);
      glyphs[g] = dv.getUint32(at + 8);
    }
    return (cp) => {
      let lo = 0;
      let hi = groups - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (cp < starts[mid]!) hi = mid - 1;
        else if (cp > ends[mid]!) lo = mid + 1;
        else return glyphs[mid]! + (cp - starts[mid]!);
      }
      return 0;
    };
  }

  if (format4 >= 0) {
    const segX2 = dv.getUint16(format4 + 6);
    const segs = segX2 / 2;
    const endsAt = format4 + 14;
    const startsAt = endsAt + segX2 + 2;
    const deltasAt = startsAt + segX2;
    const rangesAt = deltasAt + segX2;
    return (cp) => {
      if (cp > 0xffff) return 0;
      let lo = 0;
      let hi = segs - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const end = dv.getUint16(endsAt + 2 * mid);
        const start = dv.getUint16(startsAt + 2 * mid);
        if (cp > end) lo = mid + 1;
        else if (cp < start) hi = mid - 1;
        else {
          const delta = dv.getInt16(deltasAt + 2 * mid);
          const rangeOffset = dv.getUint16(rangesAt + 2 * mid);
          if (rangeOffset === 0) return (cp + delta) & 0xffff;
          const glyph = dv.getUint16(rangesAt + 2 * mid + rangeOffset + 2 * (cp - start));
          return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
        }
      }
      return 0;
    };
  }
  throw new Error('The font has no Unicode cmap');
}

export function parseTrueType(bytes: Uint8Array): TrueTypeFont {
  const dv = view(bytes);
  const tables = readTableDirectory(dv);
  const table = (tag: string): TableRecord => {
    const t = tables.get(tag);
    if (!t) throw new Error(`The font has no '${tag}' table`);
    return t;
  };
  const head = table('head');
  const hhea = table('hhea');
  const hmtx = table('hmtx');
  const post = table('post');
  const os2 = tables.get('OS/2');

  const unitsPerEm = dv.getUint16(head.offset + 18);
  const longLoca = dv.getInt16(head.offset + 50) === 1;
  const numGlyphs = dv.getUint16(table('maxp').offset + 4);
  const numberOfHMetrics = dv.getUint16(hhea.offset + 34);

  const locaAt = table('loca').offset;
  const loca = new Uint32Array(numGlyphs + 1);
  for (let g = 0; g <= numGlyphs; g++) {
    loca[g] = longLoca ? dv.getUint32(locaAt + 4 * g) : dv.getUint16(locaAt + 2 * g) * 2;
  }

  const advance = (g: number) => dv.getUint16(hmtx.offset + 4 * Math.min(g, numberOfHMetrics - 1));
  const leftSideBearing = (g: number) =>
    g < numberOfHMetrics
      ? dv.getInt16(hmtx.offset + 4 * g + 2)
      : dv.getInt16(hmtx.offset + 4 * numberOfHMetrics + 2 * (g - numberOfHMetrics));

  const ascent = dv.getInt16(hhea.offset + 4);
  const descent = dv.getInt16(hhea.offset + 6);
  // sxHeight and sCapHeight exist from OS/2 version 2 on.
  const os2Version = os2 ? dv.getUint16(os2.offset) : 0;
  const xHeight = os2 && os2Version >= 2 ? dv.getInt16(os2.offset + 86) : Math.round(ascent / 2);
  const capHeight = os2 && os2Version >= 2 ? dv.getInt16(os2.offset + 88) : ascent;

  return {
    bytes,
    tables,
    unitsPerEm,
    numGlyphs,
    loca,
    glyphId: readCmap(dv, table('cmap')),
    advance,
    leftSideBearing,
    ascent,
    descent,
    capHeight,
    xHeight,
    italicAngle: dv.getInt32(post.offset + 4) / 65536,
    bbox: [
      dv.getInt16(head.offset + 36),
      dv.getInt16(head.offset + 38),
      dv.getInt16(head.offset + 40),
      dv.getInt16(head.offset + 42),
    ],
  };
}

// Composite glyph flags (glyf table).
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

const pad4 = (n: number) => (n + 3) & ~3;

/** Sum of big-endian 32-bit words, as the table directory's checksums want it. */
function checksum(bytes: Uint8Array, offset: number, length: number): number {
  const dv = view(bytes);
  let sum = 0;
  const end = offset + pad4(length);
  for (let i = offset; i < end; i += 4) sum = (sum + dv.getUint32(i)) >>> 0;
  return sum;
}

export interface Subset {
  /** A standalone TrueType file holding the glyphs, renumbered 0, 1, 2, … */
  bytes: Uint8Array;
  /** Original glyph id of each new id; longer than the request when composites pulled in components. */
  glyphs: number[];
}

/**
 * Copies the requested glyphs, in order, into a new font: new glyph id i is `glyphs[i]` of the
 * original (so `glyphs[0]` should be 0, the .notdef glyph). Components of composite glyphs are
 * appended and their references rewritten. Hinting tables (fpgm, prep, cvt) are kept as they are,
 * since the glyphs' instructions call into them.
 */
export function subsetTrueType(font: TrueTypeFont, requested: readonly number[]): Subset {
  const { bytes, loca } = font;
  const glyf = font.tables.get('glyf')!;
  const glyphs = [...requested];
  const newId = new Map<number, number>();
  glyphs.forEach((g, i) => {
    if (!newId.has(g)) newId.set(g, i);
  });

  const records: Uint8Array[] = [];
  for (let i = 0; i < glyphs.length; i++) {
    const g = glyphs[i]!;
    const start = glyf.offset + loca[g]!;
    const length = loca[g + 1]! - loca[g]!;
    const record = new Uint8Array(pad4(length));
    record.set(bytes.subarray(start, start + length));
    if (length >= 10 && view(record).getInt16(0) < 0) {
      // Composite: rewrite each component's glyph index, pulling the component into the subset.
      const dv = view(record);
      let at = 10;
      let flags: number;
      do {
        flags = dv.getUint16(at);
        const component = dv.getUint16(at + 2);
        let id = newId.get(component);
        if (id === undefined) {
          id = glyphs.length;
          glyphs.push(component);
          newId.set(component, id);
        }
        dv.setUint16(at + 2, id);
        at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
        if (flags & WE_HAVE_A_SCALE) at += 2;
        else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) at += 4;
        else if (flags & WE_HAVE_A_TWO_BY_TWO) at += 8;
      } while (flags & MORE_COMPONENTS);
    }
    records.push(record);
  }

  const n = glyphs.length;
  const glyfBytes = new Uint8Array(records.reduce((s, r) => s + r.length, 0));
  const locaBytes = new Uint8Array(4 * (n + 1));
  const locaView = view(locaBytes);
  let offset = 0;
  records.forEach((r, i) => {
    locaView.setUint32(4 * i, offset);
    glyfBytes.set(r, offset);
    offset += r.length;
  });
  locaView.setUint32(4 * n, offset);

  const hmtxBytes = new Uint8Array(4 * n);
  const hmtxView = view(hmtxBytes);
  glyphs.forEach((g, i) => {
    hmtxView.setUint16(4 * i, font.advance(g));
    hmtxView.setInt16(4 * i + 2, font.leftSideBearing(g));
  });

  const copy = (tag: string) => {
    const t = font.tables.get(tag);
    return t ? bytes.slice(t.offset, t.offset + t.length) : undefined;
  };
  const head = copy('head')!;
  view(head).setUint32(8, 0); // checkSumAdjustment, computed below
  view(head).setInt16(50, 1); // long loca
  const maxp = copy('maxp')!;
  view(maxp).setUint16(4, n);
  const hhea = copy('hhea')!;
  view(hhea).setUint16(34, n);

  const out: [string, Uint8Array | undefined][] = [
    ['cvt ', copy('cvt ')],
    ['fpgm', copy('fpgm')],
    ['glyf', glyfBytes],
    ['head', head],
    ['hhea', hhea],
    ['hmtx', hmtxBytes],
    ['loca', locaBytes],
    ['maxp', maxp],
    ['prep', copy('prep')],
  ];
  return { bytes: assemble(out.filter((e): e is [string, Uint8Array] => e[1] !== undefined)), glyphs };
}

/** Writes the sfnt container: directory sorted by tag, tables 4-byte aligned, checksums. */
function assemble(tables: [string, Uint8Array][]): Uint8Array {
  tables.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const count = tables.length;
  const headerSize = 12 + 16 * count;
  const size = tables.reduce((s, [, t]) => s + pad4(t.length), headerSize);
  const out = new Uint8Array(size);
  const dv = view(out);
  const entrySelector = Math.floor(Math.log2(count));
  const searchRange = 2 ** entrySelector * 16;
  dv.setUint32(0, 0x00010000);
  dv.setUint16(4, count);
  dv.setUint16(6, searchRange);
  dv.setUint16(8, entrySelector);
  dv.setUint16(10, count * 16 - searchRange);

  let offset = headerSize;
  let headAt = -1;
  tables.forEach(([tag, data], i) => {
    const at = 12 + 16 * i;
    for (let c = 0; c < 4; c++) dv.setUint8(at + c, tag.charCodeAt(c));
    out.set(data, offset);
    dv.setUint32(at + 4, checksum(out, offset, data.length));
    dv.setUint32(at + 8, offset);
    dv.setUint32(at + 12, data.length);
    if (tag === 'head') headAt = offset;
    offset += pad4(data.length);
  });
  if (headAt >= 0) dv.setUint32(headAt + 8, (0xb1b0afba - checksum(out, 0, out.length)) >>> 0);
  return out;
}
