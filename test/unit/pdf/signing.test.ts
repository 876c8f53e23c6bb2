import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleLetter } from '../../../shared/pdf/example-letter';
import { appendIncrementalUpdate, lastStartXref } from '../../../shared/pdf/incremental-update';
import type { LetterModel } from '../../../shared/pdf/letter-model';
import { addNumberAndDate } from '../../../shared/pdf/number-stamp';
import { renderLetter } from '../../../shared/pdf/render-letter';
import { signPdf } from '../../../shared/pdf/sign-pdf';
import { checkPdf } from '../../../shared/pdf/verify-pdf';
import { LocalCa } from '../../../shared/signing/local-ca';
import type { Signer } from '../../../shared/signing/signer';
import { hasPoppler, pdfFile, pdffonts, pdftotext, removeTempFiles } from './poppler';

const letter: LetterModel = { ...exampleLetter, verificationUrl: 'https://congvan.example.gov.vn/verify/01JD5Q8Z3K4M5N6P7Q8R9S0T1V' };
const unnumbered: LetterModel = { ...letter, number: undefined, issuedOn: undefined };
const person = { kind: 'person', userId: 'u-nguyen-van-luc', name: 'Nguyễn Văn Lực', organization: 'Tổng cục Thi hành án dân sự' } as const;
const agency = { kind: 'agency', code: 'TCTHADS', name: 'Tổng cục Thi hành án dân sự' } as const;
// Within the certificates' validity (they are made now): a signature dated before its certificate is untrusted.
const signedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
const issuedAt = new Date(signedAt.getTime() + 30_000);

const caDir = mkdtempSync(path.join(tmpdir(), 'cong-van-ca-'));
const otherDir = mkdtempSync(path.join(tmpdir(), 'cong-van-ca-other-'));
let ca: LocalCa;
let signerKey: Signer;
let agencyKey: Signer;
let base: Uint8Array;
let bySigner: Uint8Array;
let stamped: Uint8Array;
let issued: Uint8Array;

const pdfsig = (bytes: Uint8Array) => {
  const out = spawnSync('pdfsig', [pdfFile(bytes)], { encoding: 'utf8' });
  return `${out.stdout}${out.stderr}`;
};
const startsWith = (whole: Uint8Array, prefix: Uint8Array) => Buffer.from(whole.subarray(0, prefix.length)).equals(Buffer.from(prefix));

beforeAll(async () => {
  ca = new LocalCa(caDir);
  [signerKey, agencyKey] = await Promise.all([ca.signerFor(person), ca.signerFor(agency)]);
  base = await renderLetter(unnumbered, { withoutNumberAndDate: true });
  bySigner = await signPdf(base, signerKey, { fieldName: 'Signer', name: person.name, reason: 'Ký duyệt', signingTime: signedAt });
  stamped = await addNumberAndDate(bySigner, letter);
  issued = await signPdf(stamped, agencyKey, { fieldName: 'Agency', name: agency.name, reason: 'Văn thư cấp số', signingTime: issuedAt });
});
afterAll(() => {
  rmSync(caDir, { recursive: true, force: true });
  rmSync(otherDir, { recursive: true, force: true });
  removeTempFiles();
});

describe('appendIncrementalUpdate', () => {
  it('keeps every original byte, points /Prev at the previous xref and each entry at its object', async () => {
    const original = await renderLetter(letter);
    const doc = await PDFDocument.load(original);
    const ref = doc.context.nextRef();
    const { pdf } = appendIncrementalUpdate(original, [{ ref, body: Buffer.from('(hello)') }], {
      size: ref.objectNumber + 1,
      root: doc.context.trailerInfo.Root as never,
    });
    expect(startsWith(pdf, original)).toBe(true);
    const text = Buffer.from(pdf).toString('latin1');
    const xrefAt = lastStartXref(pdf);
    expect(text.slice(xrefAt, xrefAt + 4)).toBe('xref');
    expect(text).toContain(`/Prev ${lastStartXref(original)}`);
    const entry = new RegExp(`xref\\n${ref.objectNumber} 1\\n(\\d{10}) 00000 n\\r\\n`).exec(text.slice(xrefAt))!;
    expect(text.slice(Number(entry[1])).startsWith(`${ref.objectNumber} 0 obj\n(hello)\nendobj\n`)).toBe(true);
    const reread = await PDFDocument.load(pdf);
    expect(reread.getPageCount()).toBe(doc.getPageCount());
  });

  it('refuses to write one object twice', async () => {
    const original = await renderLetter(letter);
    const ref = (await PDFDocument.load(original)).context.nextRef();
    expect(() => appendIncrementalUpdate(original, [{ ref, body: Buffer.from('1') }, { ref, body: Buffer.from('2') }], { size: 99, root: ref })).toThrow(/twice/);
  });
});

describe('signPdf and the number stamp', () => {
  it('adds each revision after the previous one, byte for byte', () => {
    expect(startsWith(bySigner, base)).toBe(true);
    expect(startsWith(stamped, bySigner)).toBe(true);
    expect(startsWith(issued, stamped)).toBe(true);
  });

  it('gives the same bytes for the same input (a retried issue stores the same file)', async () => {
    const again = await signPdf(await addNumberAndDate(bySigner, letter), agencyKey, { fieldName: 'Agency', name: agency.name, reason: 'Văn thư cấp số', signingTime: issuedAt });
    expect(Buffer.from(again).equals(Buffer.from(issued))).toBe(true);
  });

  it('our verifier: two intact signatures chaining to the CA, the last covering the whole file', async () => {
    const check = checkPdf(issued, await ca.trustedRoots());
    if (check.kind !== 'pdf') throw new Error('not a PDF');
    expect(check.signatures.map((s) => [s.signer?.commonName, s.intact, s.trusted, s.coversWholeFile])).toEqual([
      ['Nguyễn Văn Lực', true, true, false],
      ['Tổng cục Thi hành án dân sự', true, true, true],
    ]);
    expect(check.signatures[0]!.signingTime).toEqual(signedAt);
    expect(check.signatures[1]!.reason).toBe('Văn thư cấp số');
  });

  it('trusts only its own CA', async () => {
    const check = checkPdf(issued, await new LocalCa(otherDir).trustedRoots());
    if (check.kind !== 'pdf') throw new Error('not a PDF');
    expect(check.signatures.map((s) => [s.intact, s.trusted])).toEqual([[true, false], [true, false]]);
  });

  it('finds one changed byte anywhere in the signed ranges, and a damaged signature', async () => {
    const roots = await ca.trustedRoots();
    for (const at of [100, Math.floor(base.length / 2), issued.length - 10]) {
      const copy = Buffer.from(issued);
      copy[at] = copy[at]! ^ 0x01;
      const check = checkPdf(copy, roots);
      if (check.kind !== 'pdf') throw new Error('not a PDF');
      expect(check.signatures.at(-1)!.intact, `byte ${at}`).toBe(false);
      if (at < base.length) expect(check.signatures[0]!.intact).toBe(false);
    }
    const copy = Buffer.from(issued);
    const cmsAt = copy.lastIndexOf('/Contents <', undefined, 'latin1') + 40;
    copy[cmsAt] = copy[cmsAt] === 0x41 ? 0x42 : 0x41;
    const check = checkPdf(copy, roots);
    if (check.kind !== 'pdf') throw new Error('not a PDF');
    expect(check.signatures.at(-1)!.intact).toBe(false);
  });

  it('refuses what is not a PDF, and reads hostile byte ranges as invalid signatures', () => {
    expect(checkPdf(Buffer.from('GIF89a'), [])).toMatchObject({ kind: 'refused' });
    expect(checkPdf(Buffer.from('%PDF-1.7\n1 0 obj\n'), [])).toMatchObject({ kind: 'refused' });
    const hostile = Buffer.from('%PDF-1.7\n<< /ByteRange [0 99999999999 1 1] /Contents <30> >>\n<< /ByteRange [0 10 11 2] >>\n%%EOF\n', 'latin1');
    const check = checkPdf(hostile, []);
    if (check.kind !== 'pdf') throw new Error('not a PDF');
    expect(check.signatures.map((s) => s.intact)).toEqual([false, false]);
    const many = Buffer.from(`%PDF-1.7\n${'<< /ByteRange [0 10 11 2] >>\n'.repeat(17)}%%EOF\n`, 'latin1');
    expect(checkPdf(many, [])).toMatchObject({ kind: 'refused', problem: { en: 'The file claims 17 digital signatures, more than can be checked (16).' } });
  });

  it('keeps the issued file under 60 KB and reuses the page fonts for the number and date', () => {
    expect(issued.length).toBeLessThan(60 * 1024);
    if (hasPoppler) expect(pdffonts(pdfFile(issued)).match(/Tinos-(Regular|Italic)\s/g)).toHaveLength(2);
  });

  it('keeps the local CA with its data: a second CA object on the directory signs with the same certificate', async () => {
    const again = await new LocalCa(caDir).signerFor(person);
    expect(Buffer.from((await again.certificates())[0]!).equals(Buffer.from((await signerKey.certificates())[0]!))).toBe(true);
  });
});

describe.skipIf(!hasPoppler)('poppler reads what we signed', () => {
  it('pdfsig: both signatures valid; the first covers its revision, the last the whole file', () => {
    const report = pdfsig(issued);
    expect(report.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
    const [first, second] = report.split('Signature #2:');
    expect(first).toContain('Signature Field Name: Signer');
    expect(first).toContain('Not total document signed');
    expect(second).toContain('Signature Field Name: Agency');
    expect(second).toContain('Total document signed');
  });

  it('pdfsig: one changed byte makes both signatures invalid', () => {
    const copy = Buffer.from(issued);
    copy[2000] = copy[2000]! ^ 0x01;
    const report = pdfsig(copy);
    expect(report).not.toContain('Signature is Valid');
    expect(report.match(/Digest Mismatch/g)).toHaveLength(2);
  });

  it('pdftotext: the signer file has no number or date; the issued one has both, and no draft mark', () => {
    const before = pdftotext(pdfFile(bySigner));
    expect(before).not.toMatch(/Số:/);
    expect(before).not.toMatch(/Hà Nội, ngày/);
    expect(before).not.toContain('DỰ THẢO');
    const after = pdftotext(pdfFile(issued));
    expect(after).toContain('Số: 05/TCTHADS-CNTT');
    expect(after).toContain('Hà Nội, ngày 16 tháng 01 năm 2024');
    expect(after).toContain('Xác thực văn bản tại:');
  });
});
