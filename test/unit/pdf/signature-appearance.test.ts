import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTrustServices, type TrustServices } from '../../../infra/local/trust-services';
import { addLongTermValidation } from '../../../shared/pdf/ltv';
import { addNumberAndDate } from '../../../shared/pdf/number-stamp';
import { renderLetter } from '../../../shared/pdf/render-letter';
import { addDocumentTimestamp, signPdf } from '../../../shared/pdf/sign-pdf';
import {
  agencyAppearance,
  sealSizeOf,
  signatureBlockOf,
  signatureWidgetOf,
  signerAppearance,
  vietnamTime,
  type Rect,
  type SignatureBlock,
} from '../../../shared/pdf/signature-appearance';
import { specimenSealPng, specimenSignaturePng } from '../../../shared/pdf/specimen-images';
import { MM } from '../../../shared/pdf/layout-constants';
import { LocalCa } from '../../../shared/signing/local-ca';
import { httpRevocation } from '../../../shared/signing/revocation';
import { httpTimestampAuthority } from '../../../shared/signing/timestamp';
import { hasPoppler, pdfFile, pdfsig, pdftotext, removeTempFiles } from './poppler';
import { signingFixtures } from '../../support/pades';
import { countPixels, isBlue, isRed, renderPage, signatureWidgets } from '../../support/page-image';

/**
 * Issue 12, section 2: the example letter signed as the system signs it, now with the signer's
 * signature image and the agency's seal as the appearances of their own signature widgets. pdfsig
 * still finds both signatures valid; pdftoppm's page image shows blue in the signer's widget and red
 * in the seal's; a signer without an image gets their name and the time as text.
 */
const { letter, unnumbered, person, agency, signedAt, issuedAt } = signingFixtures();
const signatureImage = specimenSignaturePng(person.name);
const sealImage = specimenSealPng(agency.code);

const caDir = mkdtempSync(path.join(tmpdir(), 'cong-van-appearance-'));
let trust: TrustServices;
let block: SignatureBlock;
let issued: Uint8Array;
let withoutImages: Uint8Array;


async function widgets(pdf: Uint8Array) {
  const { signer, agency, pageHeight } = await signatureWidgets(pdf);
  return { signer: signer!, agency: agency!, pageHeight };
}

beforeAll(async () => {
  const ca = new LocalCa(caDir);
  await ca.ensureRoot();
  trust = await startTrustServices({ ca });
  ca.publishAt({ crl: trust.crlUrl, ocsp: trust.ocspUrl });
  const tsa = httpTimestampAuthority(trust.tsaUrl, 5000);
  const roots = await ca.trustedRoots();
  const revocation = httpRevocation({ caCrlUrl: trust.crlUrl, caOcspUrl: trust.ocspUrl, timeoutMs: 5000, caCertificates: async () => roots });
  const [signerKey, agencyKey] = await Promise.all([ca.signerFor(person), ca.signerFor(agency)]);
  block = await signatureBlockOf(letter);

  // As signatures.ts signs: the signer's appearance in the signer's revision, the seal's in the agency's.
  const issue = async (signature: Uint8Array | undefined, seal: Uint8Array | undefined) => {
    const base = await renderLetter(unnumbered, { withoutNumberAndDate: true });
    const bySigner = await signPdf(base, signerKey, {
      fieldName: 'Signer',
      name: person.name,
      reason: 'Ký duyệt',
      signingTime: signedAt,
      timestamp: tsa,
      appearance: signerAppearance(await signatureBlockOf(unnumbered), person.name, signedAt, signature),
    });
    const stamped = await addNumberAndDate(bySigner, letter);
    const signerRect = signatureWidgetOf(await PDFDocument.load(stamped), 'Signer')!.rect;
    const sealed = await signPdf(stamped, agencyKey, {
      fieldName: 'Agency',
      name: agency.name,
      reason: 'Văn thư cấp số',
      signingTime: issuedAt,
      timestamp: tsa,
      appearance: await agencyAppearance(block, signerRect, agency.name, issuedAt, seal),
    });
    return addDocumentTimestamp(await addLongTermValidation(sealed, revocation, roots), tsa);
  };
  issued = await issue(signatureImage, sealImage);
  withoutImages = await issue(undefined, undefined);
}, 120_000);
afterAll(async () => {
  await trust?.stop();
  rmSync(caDir, { recursive: true, force: true });
  removeTempFiles();
});

describe('Signature and seal images as the signature widgets’ appearances', () => {
  it.skipIf(!hasPoppler)('pdfsig: both signatures still valid, ETSI.CAdES.detached, the last covering the whole file', () => {
    const report = pdfsig(issued);
    const [, first, second, third] = report.split(/Signature #\d:/);
    for (const part of [first, second]) {
      expect(part).toContain('Signature Type: ETSI.CAdES.detached');
      expect(part).toContain('Signature Validation: Signature is Valid.');
    }
    expect(first).toContain('Signature Field Name: Signer');
    expect(second).toContain('Signature Field Name: Agency');
    expect(third).toContain('Total document signed');
    expect(third).not.toContain('Not total document signed');
  });

  it('each widget has a non-zero rectangle in the signature block, on its page, the seal over the left third of the signature', async () => {
    const { signer, agency: seal } = await widgets(issued);
    for (const w of [signer, seal]) {
      expect(w.page).toBe(block.page);
      expect(w.rect.width).toBeGreaterThan(10);
      expect(w.rect.height).toBeGreaterThan(10);
    }
    // The signature between the position and the name, inside the signature column.
    expect(signer.rect.y).toBeGreaterThanOrEqual(block.gapBottom - 0.01);
    expect(signer.rect.y + signer.rect.height).toBeLessThanOrEqual(block.gapTop + 0.01);
    expect(signer.rect.x).toBeGreaterThanOrEqual(block.centre - block.halfWidth);
    expect(signer.rect.x + signer.rect.width).toBeLessThanOrEqual(block.centre + block.halfWidth);
    expect(Math.abs(signer.rect.x + signer.rect.width / 2 - block.centre)).toBeLessThan(0.5);
    // The seal at its real size (36 mm from the specimen's pHYs), its right edge a third into the signature.
    const sealSize = sealSizeOf(sealImage);
    expect(sealSize.width / MM).toBeCloseTo(36, 1);
    expect(seal.rect.x).toBeCloseTo(signer.rect.x + signer.rect.width / 3 - sealSize.width, 1);
    expect(seal.rect.width).toBeGreaterThanOrEqual(sealSize.width - 0.01);
    // The whole seal widget stays between the top of the block and a little under the name, on the page.
    expect(seal.rect.y + seal.rect.height).toBeLessThanOrEqual(block.blockTop + sealSize.height / 2);
    expect(seal.rect.y).toBeGreaterThan(block.blockBottom - 40);
    expect(seal.rect.x).toBeGreaterThan(0);
  });

  it.skipIf(!hasPoppler)('the page image has blue pixels in the signer’s widget and red ones in the seal’s', async () => {
    const dpi = 100;
    const { signer, agency: seal, pageHeight } = await widgets(issued);
    const image = renderPage(issued, block.page, dpi, pageHeight);
    const blue = countPixels(image, signer.rect, isBlue);
    const sealOnly = { ...seal.rect, width: signer.rect.x - seal.rect.x }; // the part of the seal left of the signature
    const red = countPixels(image, sealOnly, isRed);
    expect(blue).toBeGreaterThan(100);
    expect(red).toBeGreaterThan(100);
    // Nothing blue or red where there is no image: the letter without images.
    const plain = renderPage(withoutImages, block.page, dpi, pageHeight);
    const plainWidgets = await widgets(withoutImages);
    expect(countPixels(plain, plainWidgets.signer.rect, isBlue)).toBe(0);
    expect(countPixels(plain, signer.rect, isRed) + countPixels(plain, sealOnly, isRed)).toBe(0);
  });

  it.skipIf(!hasPoppler)('without images: the signer’s name and signing time, and the agency’s name and time, as text in their widgets', async () => {
    const { signer, agency: seal, pageHeight } = await widgets(withoutImages);
    const textIn = (r: Rect) =>
      pdftotext(pdfFile(withoutImages), '-f', String(block.page + 1), '-l', String(block.page + 1), '-x', String(Math.floor(r.x)), '-y', String(Math.floor(pageHeight - r.y - r.height)), '-W', String(Math.ceil(r.width) + 1), '-H', String(Math.ceil(r.height) + 1))
        .replace(/\s+/g, ' ')
        .trim();
    expect(textIn(signer.rect)).toContain(person.name);
    expect(textIn(signer.rect)).toContain(vietnamTime(signedAt));
    expect(textIn(seal.rect)).toContain(agency.name);
    expect(textIn(seal.rect)).toContain(vietnamTime(issuedAt));
    expect(pdfsig(withoutImages)).not.toMatch(/Signature is Invalid|Digest Mismatch/);
  });

  it('writes the signing time as dd/mm/yyyy hh:mm:ss in Vietnam time with its ISO 8601 offset', () => {
    expect(vietnamTime(new Date('2026-12-01T17:04:05Z'))).toBe('02/12/2026 00:04:05 +07:00');
  });
});
