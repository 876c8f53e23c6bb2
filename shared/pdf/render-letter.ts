/**
 * Renders a công văn to PDF: lays it out (letter-layout.ts), writes each page's content stream, and
 * embeds the Tinos styles it used as subsets (pdf-font.ts). pdf-lib assembles the file.
 *
 * The output is deterministic: the same letter gives the same bytes (no render time in it, subset
 * tags derived from the text), so a hash taken of one rendering holds for the next.
 */
import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, type PDFContext, type PDFRef } from 'pdf-lib';
import { formatDateLine, formatSymbol, formatSymbolText } from '../domain/letter-format';
import { loadFonts, metricsOf, type FontFaces, type FontStyle } from './fonts';
import { layoutLetter, type LayoutItem, type TextItem } from './letter-layout';
import type { LetterModel } from './letter-model';
import { SubsetFont } from './pdf-font';

/** Numbers in content streams: a hundredth of a point is invisible and keeps the streams short. */
function num(n: number): string {
  const r = Math.round(n * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/**
 * The document's fonts, created on first use and given page resource names F1, F2, … (another
 * prefix for fonts added by an incremental update, so their names cannot clash with the page's).
 */
export class FontSet implements FontLookup {
  private readonly fonts = new Map<FontStyle, { key: string; font: SubsetFont }>();

  constructor(
    private readonly faces: FontFaces,
    private readonly context: PDFContext,
    private readonly prefix = 'F',
  ) {}

  get(style: FontStyle): { key: string; font: SubsetFont } {
    let entry = this.fonts.get(style);
    if (!entry) {
      entry = { key: `${this.prefix}${this.fonts.size + 1}`, font: new SubsetFont(this.faces[style], this.context) };
      this.fonts.set(style, entry);
    }
    return entry;
  }

  embedAll(): void {
    for (const { font } of this.fonts.values()) font.embed();
  }
}

/**
 * Operators for one run of text. A justified line is one TJ array: each word keeps its real space
 * (so extracted text has spaces) and is followed by a negative adjustment for the extra room. The
 * word-spacing operator Tw cannot do it: it only acts on the one-byte code 32, and our codes are two
 * bytes.
 */
function showText(font: PageFont, item: TextItem): string {
  if (item.wordSpacing <= 0) return `<${font.encode(item.text)}> Tj`;
  const adjust = num((-item.wordSpacing * 1000) / item.size);
  const words = item.text.split(' ');
  const parts = words.map((w, i) => `<${font.encode(i < words.length - 1 ? `${w} ` : w)}>`);
  return `[${parts.join(` ${adjust} `)}] TJ`;
}

/** A font as a content stream uses it: its object, and the codes of a text in it. */
export interface PageFont {
  readonly ref: PDFRef;
  encode(text: string): string;
}

/** The font of each style, under its page resource name. */
export interface FontLookup {
  get(style: FontStyle): { key: string; font: PageFont };
}

/** The page's content stream, and the fonts it uses. */
export function pageContent(items: LayoutItem[], fonts: FontLookup, pageHeight: number): { content: string; used: Map<string, PageFont> } {
  const used = new Map<string, PageFont>();
  const ops: string[] = ['BT'];
  let selected = '';
  for (const item of items) {
    if (item.kind !== 'text') continue;
    const { key, font } = fonts.get(item.style);
    used.set(key, font);
    const select = `/${key} ${num(item.size)} Tf`;
    if (select !== selected) ops.push((selected = select));
    ops.push(`1 0 0 1 ${num(item.x)} ${num(pageHeight - item.y)} Tm`, showText(font, item));
  }
  ops.push('ET');
  for (const item of items) {
    if (item.kind === 'rule') {
      const y = num(pageHeight - item.y);
      ops.push(`q ${num(item.thickness)} w 0 G ${num(item.x1)} ${y} m ${num(item.x2)} ${y} l S Q`);
    } else if (item.kind === 'box') {
      const y = num(pageHeight - item.y - item.height);
      ops.push(`q ${num(item.thickness)} w 0 G ${num(item.x)} ${y} ${num(item.width)} ${num(item.height)} re S Q`);
    }
  }
  return { content: ops.join('\n'), used };
}

export function setMetadata(doc: PDFDocument, model: LetterModel): void {
  const subject = `V/v ${model.subject.normalize('NFC').replace(/\s+/g, ' ').trim()}`;
  const symbol = model.draft
    ? 'DỰ THẢO'
    : // Without a number yet (the signer's file) the title reads "Số /TCTHADS-CNTT" until the stamp.
      `Số ${formatSymbolText({ number: model.number, issuerCode: model.issuer.code, draftingUnit: model.draftingUnit }).trim()}`;
  doc.setTitle(`${symbol} ${subject}`);
  doc.setSubject(subject);
  doc.setAuthor(model.issuer.name.normalize('NFC'));
  doc.setLanguage('vi-VN');
  doc.setCreator('cong-van-tracker');
  doc.setProducer('pdf-lib');
  // The issue date, not the render time: rendering the same letter twice must give the same bytes.
  if (!model.draft && model.issuedOn) doc.setCreationDate(new Date(`${model.issuedOn}T00:00:00+07:00`));
}

/** Every character the number line can need: "Số: ", the digits, "/" and the symbol. */
export const numberReserve = (model: LetterModel) =>
  `${formatSymbol({ issuerCode: model.issuer.code, draftingUnit: model.draftingUnit })}0123456789`;

/** Every character the date line can need: the place, "ngày … tháng … năm", the digits. */
export const dateReserve = (model: LetterModel) => `${formatDateLine(model.issuer.place)}0123456789`;

export interface RenderOptions {
  /**
   * Leave the number and the date line out (the signer's file): the clerical office adds them later
   * as an incremental update that keeps the signer's signature valid (number-stamp.ts). Every other
   * run sits exactly where it will be in the numbered letter.
   */
  withoutNumberAndDate?: boolean;
}

/** Renders the letter as an A4 PDF. */
export async function renderLetter(model: LetterModel, options: RenderOptions = {}): Promise<Uint8Array> {
  const faces = await loadFonts();
  const layout = layoutLetter(model, metricsOf(faces));

  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts = new FontSet(faces, doc.context);
  for (const pageItems of layout.pages) {
    const items = options.withoutNumberAndDate ? pageItems.filter((i) => i.kind !== 'text' || !i.field) : pageItems;
    const page = doc.addPage([layout.width, layout.height]);
    const { content, used } = pageContent(items, fonts, layout.height);
    const stream = doc.context.stream(deflateSync(Buffer.from(content, 'latin1')), { Filter: 'FlateDecode' });
    page.node.set(PDFName.of('Contents'), doc.context.register(stream));
    for (const [key, font] of used) page.node.setFontDictionary(PDFName.of(key), font.ref);
  }
  if (options.withoutNumberAndDate) {
    // The characters of the number and the date line go into the subsets now, undrawn, so the stamp
    // draws them with these fonts instead of embedding second copies of Tinos (about 6 KB each).
    // Listed in page 1's resources, where the stamp looks for them.
    const reserve = (style: FontStyle, text: string) => {
      const { key, font } = fonts.get(style);
      font.encode(text);
      doc.getPage(0).node.setFontDictionary(PDFName.of(key), font.ref);
    };
    reserve('regular', numberReserve(model));
    reserve('italic', dateReserve(model));
  }
  fonts.embedAll();
  setMetadata(doc, model);
  // Classic xref tables (no object streams) keep the file easy for signing tools that append
  // incremental updates; `objectsPerTick` off avoids pdf-lib's pauses between batches of objects.
  return doc.save({ useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY });
}
