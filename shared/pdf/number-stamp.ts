/**
 * The clerical office's stamp: the number ("Số: 01/TCTHADS-CNTT") and the date line, added to the
 * signer's file as an incremental update so the signer's signature stays valid (Nghị định 30/2020:
 * the Văn thư numbers and dates the document after it is signed).
 *
 * The signer's file was rendered without these two runs (renderLetter `withoutNumberAndDate`); the
 * layout of the numbered letter puts them at the same place as a full render would, and every other
 * run of that layout is unchanged, so the result looks exactly like the numbered letter. The update
 * holds one more content stream for page 1, the page with its new /Contents, and the document info
 * with the final title and date. The text is drawn with the page's own font subsets, in which the
 * signer's file reserved every character a number and date line can need; only a file without
 * them (rendered elsewhere) gets fonts of its own in the update.
 */
import { PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, decodePDFRawStream, type PDFPage } from 'pdf-lib';
import { loadFonts, metricsOf } from './fonts';
import { layoutLetter, type TextItem } from './letter-layout';
import type { LetterModel } from './letter-model';
import { PdfRevision } from './pdf-revision';
import { FontSet, pageContent, type FontLookup, type PageFont } from './render-letter';
import { formatSymbolText } from '../domain/letter-format';

/** Resource names of the stamp's fonts: "V" for Văn thư, apart from the page's own F1, F2, … */
const STAMP_FONT_PREFIX = 'V';

export async function addNumberAndDate(signedPdf: Uint8Array, model: LetterModel): Promise<Uint8Array> {
  if (model.number === undefined || !model.issuedOn) throw new Error('The stamp needs the number and the issue date');
  const faces = await loadFonts();
  const layout = layoutLetter(model, metricsOf(faces));
  const fields = layout.pages[0]!.filter((i): i is TextItem => i.kind === 'text' && i.field !== undefined);

  const revision = await PdfRevision.open(signedPdf);
  const { context } = revision;
  const mark = context.largestObjectNumber;
  const page: PDFPage = revision.doc.getPage(0);

  const fonts = new FontSet(faces, context, STAMP_FONT_PREFIX);
  // Each run in the page's own subset of its style when that holds every character it needs
  // (renderLetter reserves them in the signer's file); otherwise in a subset of its own.
  const texts = new Map(fields.map((f) => [f.style, f.text] as const));
  const reused = new Map(
    [...texts].flatMap(([style, text]) => {
      const found = existingFont(page, `+${faces[style].postscriptName}`);
      return found?.covers(text) ? [[style, found.entry] as const] : [];
    }),
  );
  const lookup: FontLookup = { get: (style) => reused.get(style) ?? fonts.get(style) };
  const { content, used } = pageContent(fields, lookup, layout.height);
  fonts.embedAll();
  // Wrapped in q … Q so nothing the page's own stream left in the graphics state leaks into ours.
  const stream = context.register(context.flateStream(Buffer.from(`q\n${content}\nQ`, 'latin1')));

  const node = page.node;
  const contents = node.get(PDFName.of('Contents'));
  const list = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  node.set(PDFName.of('Contents'), context.obj([...list, stream]));
  for (const [key, font] of used) node.setFontDictionary(PDFName.of(key), font.ref);
  revision.write(page.ref);
  // The font dictionary may be an indirect object of its own; then it changed too.
  const resources = node.get(PDFName.of('Resources'));
  if (resources instanceof PDFRef) revision.write(resources);
  const fontDict = node.Resources()?.get(PDFName.of('Font'));
  if (fontDict instanceof PDFRef) revision.write(fontDict);

  updateInfo(revision, model);
  revision.writeNewSince(mark);
  return revision.append().pdf;
}

/**
 * A Type 0 font already on the page (its BaseFont ends with `suffix`), usable with the codes its
 * ToUnicode map gives each character: our SubsetFont gives every character its own code.
 */
function existingFont(page: PDFPage, suffix: string): { entry: { key: string; font: PageFont }; covers(text: string): boolean } | undefined {
  const fonts = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
  if (!fonts) return undefined;
  for (const [name, value] of fonts.entries()) {
    if (!(value instanceof PDFRef)) continue;
    const font = page.doc.context.lookupMaybe(value, PDFDict);
    const baseFont = font?.lookupMaybe(PDFName.of('BaseFont'), PDFName)?.decodeText();
    const toUnicode = font?.lookup(PDFName.of('ToUnicode'));
    if (!baseFont?.endsWith(suffix) || !(toUnicode instanceof PDFRawStream)) continue;
    const codes = new Map<number, string>();
    const cmap = Buffer.from(decodePDFRawStream(toUnicode).decode()).toString('latin1');
    for (const [, code, unicode] of cmap.matchAll(/<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>/g)) codes.set(parseInt(unicode!, 16), code!.toUpperCase());
    const covers = (text: string) => [...text].every((ch) => codes.has(ch.codePointAt(0)!));
    const encode = (text: string) => [...text].map((ch) => codes.get(ch.codePointAt(0)!)!).join('');
    return { entry: { key: name.decodeText(), font: { ref: value, encode } }, covers };
  }
  return undefined;
}

/** The document info: the numbered title, and the issue date as creation date. */
function updateInfo(revision: PdfRevision, model: LetterModel): void {
  const info = revision.context.trailerInfo.Info;
  if (!(info instanceof PDFRef)) return;
  const subject = `V/v ${model.subject.normalize('NFC').replace(/\s+/g, ' ').trim()}`;
  const symbol = formatSymbolText({ number: model.number, issuerCode: model.issuer.code, draftingUnit: model.draftingUnit });
  revision.doc.setTitle(`Số ${symbol} ${subject}`);
  revision.doc.setCreationDate(new Date(`${model.issuedOn}T00:00:00+07:00`));
  revision.write(info);
}
