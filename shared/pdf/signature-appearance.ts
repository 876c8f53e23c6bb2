/**
 * What the page shows of each signature (Nghị định 30/2020, Phụ lục I, electronic documents):
 *
 * - the signer's: the image of their handwritten signature (blue PNG, transparent background)
 *   centred between their position and their name; without an image, their name and the signing
 *   time as text at the same place;
 * - the agency's: the seal image (red PNG, transparent, at the seal's real size) over about the left
 *   third of the signer's signature, and the agency's name with the signing time (dd/mm/yyyy
 *   hh:mm:ss, Vietnam time, ISO 8601 offset) in Times New Roman (Tinos) 10 pt, upright, as written.
 *
 * Each is the normal appearance (/AP /N) of its own signature field's widget, so the page and a
 * viewer's signature panel point at the same place, and each is written in the revision its
 * signature covers (sign-pdf.ts calls `draw` inside that incremental update).
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, PDFString, PDFHexString, type PDFDocument } from 'pdf-lib';
import { loadFonts, metricsOf } from './fonts';
import { layoutLetter, type TextItem } from './letter-layout';
import type { LetterModel } from './letter-model';
import * as C from './layout-constants';
import type { PdfRevision } from './pdf-revision';
import { inspectPng } from './png';
import { FontSet } from './render-letter';

/** A rectangle in PDF user space (points, origin at the bottom-left of the page). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A signature widget's place and what it draws there. */
export interface VisibleSignature {
  /** Zero-based page index. */
  page: number;
  rect: Rect;
  /** Registers the appearance (a form XObject as large as `rect`) in the revision; returns its reference. */
  draw(revision: PdfRevision): Promise<PDFRef>;
}

/** The type size of the appearance texts: the decree's 10 pt. */
export const APPEARANCE_TEXT_SIZE = 10;
/** Seal sizes outside this range are taken for a wrong pHYs and drawn at the default size. */
const SEAL_MM_RANGE = [25, 60] as const;
export const DEFAULT_SEAL_MM = 36;
/** Room kept free above and below the signer's image inside the gap between position and name. */
const GAP_PADDING = 2;

const num = (n: number) => String(Math.round(n * 100) / 100);

/** dd/mm/yyyy hh:mm:ss +07:00: Vietnam time (no daylight saving) with its ISO 8601 offset. */
export function vietnamTime(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3600_000).toISOString();
  const [date, time] = [local.slice(0, 10), local.slice(11, 19)];
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y} ${time} +07:00`;
}

/** Where the signature block is: its page, its column and the room between position and name. */
export interface SignatureBlock {
  page: number;
  /** Horizontal centre of the signature column, and its half width. */
  centre: number;
  halfWidth: number;
  /** The gap between the last position line and the name, in PDF y (up): bottom < top. */
  gapTop: number;
  gapBottom: number;
  /** Top of the first position line and bottom of the name line, in PDF y. */
  blockTop: number;
  blockBottom: number;
}

/** The signature block of the letter as laid out (the same layout renderLetter draws). */
export async function signatureBlockOf(model: LetterModel): Promise<SignatureBlock> {
  const layout = layoutLetter(model, metricsOf(await loadFonts()));
  const page = layout.pages.findIndex((items) => items.some((i) => i.kind === 'text' && i.role === 'signature'));
  if (page < 0) throw new Error('The letter has no signature block');
  const lines = layout.pages[page]!.filter((i): i is TextItem => i.kind === 'text' && i.role === 'signature');
  const name = lines.at(-1)!;
  const position = lines.length > 1 ? lines.at(-2)! : name;
  const centre = name.x + name.width / 2;
  const flip = (y: number) => layout.height - y;
  return {
    page,
    centre,
    halfWidth: C.CONTENT.right - 2 - centre,
    gapTop: flip(position === name ? name.top - C.SIGNATURE_SPACE : position.bottom),
    gapBottom: flip(name.top),
    blockTop: flip(lines[0]!.top),
    blockBottom: flip(name.bottom),
  };
}

/** Image size in pixels and, when the PNG says, in millimetres. */
function imageSize(png: Uint8Array): { width: number; height: number; mm?: { width: number; height: number } } {
  const info = inspectPng(png);
  return {
    width: info.width,
    height: info.height,
    ...(info.pixelsPerMm ? { mm: { width: info.width / info.pixelsPerMm, height: info.height / info.pixelsPerMm } } : {}),
  };
}

/** A form XObject of `width` × `height` drawing `content`, with images and fonts as resources. */
function formXObject(revision: PdfRevision, width: number, height: number, content: string, resources: { images?: Record<string, PDFRef>; fonts?: Record<string, PDFRef> }): PDFRef {
  const { context } = revision;
  const res: Record<string, unknown> = {};
  if (resources.images) res.XObject = resources.images;
  if (resources.fonts) res.Font = resources.fonts;
  const stream = context.flateStream(Buffer.from(content, 'latin1'), {
    Type: 'XObject',
    Subtype: 'Form',
    BBox: [0, 0, Number(num(width)), Number(num(height))],
    Resources: res,
  } as never);
  return context.register(stream);
}

async function embedImage(revision: PdfRevision, png: Uint8Array): Promise<PDFRef> {
  const image = await revision.doc.embedPng(png);
  await image.embed();
  return image.ref;
}

/** Lines of 10 pt Tinos regular, centred on `centre`, first baseline at `top - ascent`; returns ops, fonts and box. */
async function textLines(revision: PdfRevision, lines: string[], centre: number, top: number) {
  const faces = await loadFonts();
  const metrics = faces.regular.metrics;
  const size = APPEARANCE_TEXT_SIZE;
  const lineHeight = size * 1.2;
  const widths = lines.map((l) => metrics.advance(l) * size);
  const width = Math.max(...widths);
  const fonts = new FontSet(faces, revision.context, 'S');
  const { key, font } = fonts.get('regular');
  const ops = lines.map((line, i) => {
    const baseline = top - metrics.ascent * size - i * lineHeight;
    return { x: centre - widths[i]! / 2, baseline, hex: font.encode(line) };
  });
  fonts.embedAll();
  const box: Rect = { x: centre - width / 2, y: top - lines.length * lineHeight, width, height: lines.length * lineHeight };
  /** The operators relative to an origin at (ox, oy). */
  const content = (ox: number, oy: number) =>
    ['0 g', 'BT', `/${key} ${size} Tf`, ...ops.map((o) => `1 0 0 1 ${num(o.x - ox)} ${num(o.baseline - oy)} Tm <${o.hex}> Tj`), 'ET'].join('\n');
  return { box, content, fonts: { [key]: font.ref } };
}

/** The signer's appearance: their signature image fitted in the gap, or their name and the signing time. */
export function signerAppearance(block: SignatureBlock, signerName: string, signingTime: Date, image?: Uint8Array): VisibleSignature {
  const gapHeight = block.gapTop - block.gapBottom;
  if (image) {
    const size = imageSize(image);
    let height = gapHeight - 2 * GAP_PADDING;
    let width = (height * size.width) / size.height;
    const maxWidth = 2 * block.halfWidth - 8;
    if (width > maxWidth) [width, height] = [maxWidth, (maxWidth * size.height) / size.width];
    const rect = { x: block.centre - width / 2, y: block.gapBottom + (gapHeight - height) / 2, width, height };
    return {
      page: block.page,
      rect,
      async draw(revision) {
        const im = await embedImage(revision, image);
        return formXObject(revision, width, height, `q ${num(width)} 0 0 ${num(height)} 0 0 cm /Im1 Do Q`, { images: { Im1: im } });
      },
    };
  }
  // Without an image: two lines in the middle of the gap. The rect is computed before drawing from
  // the same metrics, so it is known without a revision.
  const lines = [signerName.normalize('NFC'), vietnamTime(signingTime)];
  const lineHeight = APPEARANCE_TEXT_SIZE * 1.2;
  const top = block.gapBottom + gapHeight / 2 + lineHeight;
  const width = 2 * block.halfWidth - 8;
  const rect = { x: block.centre - width / 2, y: top - 2 * lineHeight, width, height: 2 * lineHeight };
  return {
    page: block.page,
    rect,
    async draw(revision) {
      const text = await textLines(revision, lines, block.centre, top);
      return formXObject(revision, rect.width, rect.height, text.content(rect.x, rect.y), { fonts: text.fonts });
    },
  };
}

/** The seal's drawn size in points: its real size from pHYs when plausible, else the default. */
export function sealSizeOf(seal: Uint8Array): { width: number; height: number } {
  const size = imageSize(seal);
  const mmWidth = size.mm && size.mm.width >= SEAL_MM_RANGE[0] && size.mm.width <= SEAL_MM_RANGE[1] ? size.mm.width : DEFAULT_SEAL_MM;
  return { width: mmWidth * C.MM, height: (mmWidth * C.MM * size.height) / size.width };
}

/**
 * The agency's appearance: the seal over the left third of the signer's appearance (`signerRect`,
 * read from the signer's widget in the file), and the agency's name and signing time under the
 * signer's name. Without a seal image only the text.
 */
export async function agencyAppearance(block: SignatureBlock, signerRect: Rect, agencyName: string, signingTime: Date, seal?: Uint8Array): Promise<VisibleSignature> {
  const faces = await loadFonts();
  const metrics = faces.regular.metrics;
  const lines = [agencyName.normalize('NFC').replace(/\s+/g, ' ').trim(), vietnamTime(signingTime)];
  const lineHeight = APPEARANCE_TEXT_SIZE * 1.2;
  const textWidth = Math.max(...lines.map((l) => metrics.advance(l) * APPEARANCE_TEXT_SIZE));
  const textTop = block.blockBottom - 2;
  // Centred under the name, pulled back inside the content area when the agency's name is long.
  const textCentre = Math.min(block.centre, C.CONTENT.right - textWidth / 2);
  const textBox: Rect = { x: textCentre - textWidth / 2, y: textTop - lines.length * lineHeight, width: textWidth, height: lines.length * lineHeight };
  let sealBox: Rect | undefined;
  if (seal) {
    const { width, height } = sealSizeOf(seal);
    const right = signerRect.x + signerRect.width / 3;
    sealBox = { x: right - width, y: signerRect.y + signerRect.height / 2 - height / 2, width, height };
  }
  const rect = sealBox ? union(sealBox, textBox) : textBox;
  return {
    page: block.page,
    rect,
    async draw(revision) {
      const text = await textLines(revision, lines, textCentre, textTop);
      let content = text.content(rect.x, rect.y);
      const images: Record<string, PDFRef> = {};
      if (seal && sealBox) {
        images.Im1 = await embedImage(revision, seal);
        // The seal first, the text over it: the name and time stay readable where they meet.
        content = `q ${num(sealBox.width)} 0 0 ${num(sealBox.height)} ${num(sealBox.x - rect.x)} ${num(sealBox.y - rect.y)} cm /Im1 Do Q\n${content}`;
      }
      return formXObject(revision, rect.width, rect.height, content, { images, fonts: text.fonts });
    },
  };
}

function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/** The widget of the signature field named `fieldName`: its page index and rectangle, if the file has one. */
export function signatureWidgetOf(doc: PDFDocument, fieldName: string): { page: number; rect: Rect } | undefined {
  const acroForm = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  const fields = acroForm?.lookupMaybe(PDFName.of('Fields'), PDFArray);
  if (!fields) return undefined;
  for (let i = 0; i < fields.size(); i++) {
    const field = fields.lookupMaybe(i, PDFDict);
    const name = field?.lookup(PDFName.of('T'));
    if (!field || !(name instanceof PDFString || name instanceof PDFHexString) || name.decodeText() !== fieldName) continue;
    const r = field.lookupMaybe(PDFName.of('Rect'), PDFArray);
    if (!r) return undefined;
    const [x1, y1, x2, y2] = r.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : 0)) as [number, number, number, number];
    const pageRef = field.get(PDFName.of('P'));
    const page = doc.getPages().findIndex((p) => pageRef instanceof PDFRef && p.ref === pageRef);
    return { page: Math.max(0, page), rect: { x: Math.min(x1, x2), y: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) } };
  }
  return undefined;
}
