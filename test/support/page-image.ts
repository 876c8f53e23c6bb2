/**
 * A page as pixels: pdftoppm (poppler) renders it to binary PPM (P6, its default output), parsed
 * here (no image library needed), and pixels counted inside a rectangle given in PDF points.
 */
import { execFileSync } from 'node:child_process';
import { PDFDocument } from 'pdf-lib';
import { signatureWidgetOf, type Rect } from '../../shared/pdf/signature-appearance';
import { pdfFile } from '../unit/pdf/poppler';

export interface PageImage {
  width: number;
  height: number;
  /** Row-major, three bytes a pixel. */
  rgb: Buffer;
  dpi: number;
  /** The page's height in points, to turn PDF y (up) into rows (down). */
  pageHeight: number;
}

export function renderPage(pdf: Uint8Array, page: number, dpi: number, pageHeight: number): PageImage {
  const out = execFileSync('pdftoppm', ['-r', String(dpi), '-f', String(page + 1), '-l', String(page + 1), pdfFile(pdf)], { maxBuffer: 64 << 20 });
  // Header: "P6", width, height, maxval, separated by whitespace; one whitespace byte before the pixels.
  const fields: string[] = [];
  let at = 0;
  const space = (b: number | undefined) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
  while (fields.length < 4) {
    while (space(out[at])) at++;
    const start = at;
    while (!space(out[at])) at++;
    fields.push(out.toString('latin1', start, at));
  }
  at++;
  if (fields[0] !== 'P6' || fields[3] !== '255') throw new Error(`Unexpected PPM header ${fields.join(' ')}`);
  const [width, height] = [Number(fields[1]), Number(fields[2])];
  return { width, height, rgb: out.subarray(at, at + width * height * 3), dpi, pageHeight };
}

/** Pixels inside `rect` (PDF points, bottom-left origin) that `test` accepts. */
export function countPixels(image: PageImage, rect: Rect, test: (r: number, g: number, b: number) => boolean): number {
  const s = image.dpi / 72;
  const x0 = Math.max(0, Math.floor(rect.x * s));
  const x1 = Math.min(image.width, Math.ceil((rect.x + rect.width) * s));
  const y0 = Math.max(0, Math.floor((image.pageHeight - rect.y - rect.height) * s));
  const y1 = Math.min(image.height, Math.ceil((image.pageHeight - rect.y) * s));
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * image.width + x) * 3;
      if (test(image.rgb[i]!, image.rgb[i + 1]!, image.rgb[i + 2]!)) n++;
    }
  }
  return n;
}

/** Ink of a blue pen (the signature) and of a red seal, as they come out of the renderer, anti-aliasing included. */
export const isBlue = (r: number, g: number, b: number) => b > 120 && b - r > 60 && b - g > 40;
export const isRed = (r: number, g: number, b: number) => r > 150 && r - g > 80 && r - b > 80;

/** The two signature widgets of an issued letter and the height of their page. */
export async function signatureWidgets(pdf: Uint8Array) {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const signer = signatureWidgetOf(doc, 'Signer');
  const agency = signatureWidgetOf(doc, 'Agency');
  return { signer, agency, pageHeight: doc.getPage(signer?.page ?? 0).getHeight() };
}
