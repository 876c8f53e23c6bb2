/**
 * Built by test/infra/bundle-shims.test.ts with the Lambda bundle options (so with the shims that stand
 * in for pako and @pdf-lib/standard-fonts) and run in a fresh node: renders the example letter, draws a
 * PNG into it (pdf-lib's PNG decoder and its flate streams), saves, reloads, and prints what it got.
 */
import { decodePDFRawStream, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { exampleLetter } from '../../shared/pdf/example-letter';
import { encodePng } from '../../shared/pdf/png';
import { renderLetter } from '../../shared/pdf/render-letter';

const letter = await renderLetter(exampleLetter);
const doc = await PDFDocument.load(letter);
const rgba = new Uint8Array(40 * 20 * 4).map((_, i) => (i % 4 === 3 ? 128 + (i % 128) : (i * 7) % 256));
const image = await doc.embedPng(encodePng(40, 20, rgba));
doc.getPage(0).drawImage(image, { x: 50, y: 50, width: 40, height: 20 });
const saved = await doc.save();
const again = await PDFDocument.load(saved);
let standardFont = 'not tried';
try {
  await again.embedFont('Helvetica');
  standardFont = 'embedded';
} catch (e) {
  standardFont = (e as Error).message;
}
const images = again.context
  .enumerateIndirectObjects()
  .map(([, o]) => o)
  .filter((o): o is PDFRawStream => o instanceof PDFRawStream && o.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'));
const decodedImageBytes = images.map((s) => decodePDFRawStream(s).decode().length);
console.log(JSON.stringify({ pages: again.getPageCount(), image: [image.width, image.height], images: images.length, decodedImageBytes, standardFont }));
