import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/data/client';
import { startTestStack, type TestStack } from '../support/local-stack';
import { hasPoppler, pdfFile, pdftotext, removeTempFiles } from '../unit/pdf/poppler';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fromPem } from '../../shared/signing/certificates';
import { extractSignatures, hasOpenssl, OpensslBench, signerParts } from '../support/pades';
import { countPixels, isBlue, isRed, renderPage, signatureWidgets } from '../support/page-image';

/**
 * Issue 4, signatures and verification, through HTTP on the local stack: the signer signs when
 * approving, the Văn thư's issue adds number, date and the agency's signature as incremental
 * updates; pdfsig (poppler) and our verifier agree on the result, and on a tampered copy.
 */
let stack: TestStack;
const clerk = () => stack.tokenFor('u-vanthu', ['clerk']);
const signer = () => stack.tokenFor('u-nguyen-van-luc', ['signer']);
const pdfsig = (file: string) => {
  const out = spawnSync('pdfsig', [file], { encoding: 'utf8' });
  return `${out.stdout}${out.stderr}`;
};

let id: string;
let symbol: string;
let issuedPdf: Buffer;

beforeAll(async () => {
  stack = await startTestStack();
});
const openssl = new OpensslBench();
afterAll(async () => {
  await stack?.stop();
  removeTempFiles();
  openssl.remove();
});

describe('signing the example dispatch', () => {
  it('signs at approval with the signer key: the signed file is stored, hashed on the dispatch and audited', async () => {
    const created = await stack.api('POST', '/dispatches', { token: await clerk(), body: exampleDispatchContent() });
    expect(created.status, created.text).toBe(201);
    id = created.json.id;
    expect((await stack.api('POST', `/dispatches/${id}/submit`, { token: await clerk(), body: { version: 1 } })).status).toBe(200);
    const signed = await stack.api('POST', `/dispatches/${id}/sign`, { token: await signer(), body: { version: 2 } });
    expect(signed.status, signed.text).toBe(200);
    expect(signed.json.signedPdfSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(signed.json.signedPdfKey).toMatch(new RegExp(`^dispatches/${id}/signed-v3\\.pdf$`));

    const audit = await stack.api('GET', `/dispatches/${id}/audit`, { token: await clerk() });
    const signEvent = audit.json.items.find((e: { action: string }) => e.action === 'sign');
    expect(signEvent.documentHash).toBe(signed.json.signedPdfSha256);
  });

  it('issues: number, date and the agency signature are added off the request path', async () => {
    const issued = await stack.api('POST', `/dispatches/${id}/issue`, { token: await clerk(), body: { version: 3 } });
    expect(issued.status, issued.text).toBe(200);
    symbol = issued.json.symbol;
    expect(symbol).toMatch(/^01\/TCTHADS-/);
    await stack.whenIdle();
    const dispatch = await stack.api('GET', `/dispatches/${id}`, { token: await clerk() });
    expect(dispatch.json.deliveryStatus).toBe('done');
    const link = await stack.api('GET', `/dispatches/${id}/pdf`, { token: await clerk() });
    expect(link.status).toBe(302);
    issuedPdf = Buffer.from(await (await fetch(link.headers['location']!)).arrayBuffer());
    expect(createHash('sha256').update(issuedPdf).digest('hex')).toBe(dispatch.json.pdfSha256);
  });

  it.skipIf(!hasPoppler)('pdfsig: two PAdES signatures, both valid, then the document time-stamp covering the whole file', () => {
    const report = pdfsig(pdfFile(issuedPdf));
    expect(report).not.toContain('Signature #4:');
    expect(report.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
    expect(report.match(/Signature Type: ETSI\.CAdES\.detached/g)).toHaveLength(2);
    expect(report).toContain('Signer Certificate Common Name: Nguyễn Văn Lực');
    expect(report).toContain('Signer Certificate Common Name: Tổng cục Thi hành án dân sự');
    // The signer's signature covers its revision, the agency's its own; the document time-stamp, last, the whole file.
    const [, first, second, third] = report.split(/Signature #\d:/);
    expect(first).toContain('Not total document signed');
    expect(second).toContain('Not total document signed');
    expect(third).toContain('Signature Field Name: DocTimeStamp');
    expect(third).toContain('Total document signed');
    expect(third).not.toContain('Not total document signed');
  });

  it.skipIf(!hasPoppler)('shows the demo signer’s specimen signature (blue) and the agency’s specimen seal (red) as their widgets’ appearances', async () => {
    const { signer, agency, pageHeight } = await signatureWidgets(issuedPdf);
    expect(signer!.rect.width * signer!.rect.height).toBeGreaterThan(0);
    expect(agency!.rect.width * agency!.rect.height).toBeGreaterThan(0);
    expect(agency!.page).toBe(signer!.page);
    const image = renderPage(issuedPdf, signer!.page, 100, pageHeight);
    expect(countPixels(image, signer!.rect, isBlue)).toBeGreaterThan(100);
    expect(countPixels(image, { ...agency!.rect, width: signer!.rect.x - agency!.rect.x }, isRed)).toBeGreaterThan(100);
  });

  it.skipIf(!hasOpenssl)('OpenSSL on each extracted CMS: signing-certificate-v2 of the signer, time-stamps verified against the TSA, chain to the CA', () => {
    const ca = path.join(stack.dataDir, 'ca', 'ca.cert.pem');
    const tsa = path.join(stack.dataDir, 'ca', 'tsa.cert.pem');
    const leaves = ['person-u-nguyen-van-luc', 'agency-TCTHADS'].map((id) => fromPem(readFileSync(path.join(stack.dataDir, 'ca', 'identities', `${id}.cert.pem`), 'utf8'))[0]!);
    const [signer, agency, doc] = extractSignatures(issuedPdf);
    for (const [i, s] of [signer!, agency!].entries()) {
      expect(s.subFilter).toBe('ETSI.CAdES.detached');
      const cms = openssl.file(s.cms, 'sig.der');
      const printed = openssl.run('cms', '-cmsout', '-print', '-inform', 'DER', '-in', cms).out;
      expect(printed).toMatch(new RegExp(`id-smime-aa-signingCertificateV2[\\s\\S]*?\\[HEX DUMP\\]:${createHash('sha256').update(leaves[i]!).digest('hex').toUpperCase()}`));
      const verified = openssl.run('cms', '-verify', '-inform', 'DER', '-in', cms, '-content', openssl.file(s.signed, 'signed'), '-binary', '-CAfile', ca, '-purpose', 'any', '-out', '/dev/null');
      expect(verified.out).toContain('CMS Verification successful');
      const { signatureValue, token } = signerParts(s.cms);
      const ts = openssl.run('ts', '-verify', '-in', openssl.file(token!, 'tst.der'), '-token_in', '-data', openssl.file(signatureValue, 'sig'), '-CAfile', ca, '-untrusted', tsa);
      expect(ts.out).toContain('Verification: OK');
    }
    expect(doc!.subFilter).toBe('ETSI.RFC3161');
    const ts = openssl.run('ts', '-verify', '-in', openssl.file(doc!.cms, 'doc.der'), '-token_in', '-data', openssl.file(doc!.signed, 'signed'), '-CAfile', ca, '-untrusted', tsa);
    expect(ts.out).toContain('Verification: OK');
  });

  it.skipIf(!hasPoppler)('keeps the text extractable: number, date line and Vietnamese diacritics', () => {
    const text = pdftotext(pdfFile(issuedPdf));
    expect(text).toContain(`Số: ${symbol}`);
    expect(text).toMatch(/Hà Nội, ngày \d{2} tháng \d{1,2} năm \d{4}/);
    expect(text).toContain('V/v tăng cường bảo đảm an toàn, an ninh');
    expect(text).toContain('Nguyễn Văn Lực');
    expect(text).toContain(`/verify/${id}`);
    expect(text).not.toContain('DỰ THẢO');
  });

  it('verifies the issued file by upload (POST /verify) and by its URL (GET /verify/{id})', async () => {
    const upload = await stack.api('POST', '/verify', { body: issuedPdf, headers: { 'content-type': 'application/pdf' } });
    expect(upload.status, upload.text).toBe(200);
    expect(upload.json).toMatchObject({ authentic: true, matchesStoredSha256: true, signaturesValid: true });
    expect(upload.json.document).toMatchObject({ dispatchId: id, symbol, number: 1, issuer: { code: 'TCTHADS' }, signer: { name: 'Nguyễn Văn Lực' } });
    expect(upload.json.signatures.map((s: { signer: string }) => s.signer)).toEqual(['Nguyễn Văn Lực', 'Tổng cục Thi hành án dân sự', undefined]);
    expect(upload.json.signatures.every((s: { valid: boolean; trusted: boolean }) => s.valid && s.trusted)).toBe(true);
    // PAdES: both signatures B-LTA, time-stamped by the local TSA, chain to the CA, not revoked per the DSS.
    const [bySigner, byAgency, docTimestamp] = upload.json.signatures;
    for (const s of [bySigner, byAgency]) {
      expect(s).toMatchObject({ subFilter: 'ETSI.CAdES.detached', level: 'B-LTA', timestamp: { authority: 'Cong Van Development TSA (không dùng thật / not for real use)', valid: true, trusted: true } });
      expect(s.chain).toHaveLength(2);
      expect(s.revocation.map((r: { status: string }) => r.status)).toEqual(['good', 'good']);
    }
    expect(docTimestamp).toMatchObject({ documentTimestamp: true, subFilter: 'ETSI.RFC3161', coversWholeFile: true, valid: true, trusted: true });

    const page = await stack.api('GET', `/verify/${id}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    // The staff stylesheet from our own origin, nothing inline, no script (issue 14: styled like the rest).
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'self'; img-src 'self';/);
    expect(page.text).toContain('<main id="main"');
    expect(page.text).toContain('Văn bản do hệ thống ban hành, nguyên vẹn, chữ ký số hợp lệ.');
    expect(page.text).toContain(symbol);
    expect(page.text).toContain('Nguyễn Văn Lực');
    expect(page.text).toContain('Mức PAdES <span class="en" lang="en">/ PAdES level</span>: <strong>B-LTA</strong>');
    expect(page.text).toContain('Dấu thời gian tài liệu');
    expect(page.text).toContain('chưa bị thu hồi');

    const json = await stack.api('GET', `/verify/${id}`, { headers: { accept: 'application/json' } });
    expect(json.json).toMatchObject({ authentic: true, document: { symbol } });

    const missing = await stack.api('GET', '/verify/khong-co');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Không tìm thấy văn bản đã ban hành');
  });

  it('names signer and issuer from the certificates’ registered records, never from the letter’s text', async () => {
    // The stored letter is edited behind the system's back to name someone else as signer.
    const key = { PK: `DISPATCH#${id}`, SK: 'META' };
    const edit = (name: string, userId: string) =>
      db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression: 'SET content.signer.#n = :n, content.signer.userId = :u',
          ExpressionAttributeNames: { '#n': 'name' },
          ExpressionAttributeValues: { ':n': name, ':u': userId },
        }),
      );
    await edit('Mai Lương Khôi', 'u-nguyen-van-luc');
    const renamed = await stack.api('GET', `/verify/${id}`, { headers: { accept: 'application/json' } });
    expect(renamed.json.document.signer).toEqual({ name: 'Nguyễn Văn Lực', position: 'Phó Tổng cục trưởng' });
    expect(renamed.json.document.issuer).toMatchObject({ name: 'TỔNG CỤC THI HÀNH ÁN DÂN SỰ', code: 'TCTHADS' });
    expect(renamed.json.signatures.map((s: { registered?: { name: string } }) => s.registered?.name)).toEqual(['Nguyễn Văn Lực', 'Tổng cục Thi hành án dân sự', undefined]);
    expect(JSON.stringify(renamed.json)).not.toContain('Mai Lương Khôi');

    // A record that says another person signed: the key's owner is shown, and the file is not authentic.
    await edit('Mai Lương Khôi', 'u-mai-luong-khoi');
    const mismatched = await stack.api('GET', `/verify/${id}`, { headers: { accept: 'application/json' } });
    expect(mismatched.json.authentic).toBe(false);
    expect(mismatched.json.document.signer.name).toBe('Nguyễn Văn Lực');
    expect(mismatched.json.signatures.at(-1).problems.map((p: { en: string }) => p.en)).toContain(
      'The signatures are not those of the signer and issuing agency recorded for this document.',
    );
    await edit('Nguyễn Văn Lực', 'u-nguyen-van-luc');
    expect((await stack.api('GET', `/verify/${id}`, { headers: { accept: 'application/json' } })).json.authentic).toBe(true);
  });

  it('says invalid when one byte changes: pdfsig and our verifier agree', async () => {
    const tampered = Buffer.from(issuedPdf);
    // A byte inside page 1's content stream, covered by both signatures.
    const at = tampered.indexOf('stream', 2000, 'latin1') + 20;
    tampered[at] = tampered[at]! ^ 0x01;
    if (hasPoppler) {
      const report = pdfsig(pdfFile(tampered));
      expect(report).not.toContain('Signature is Valid');
      expect(report.match(/Digest Mismatch/g)).toHaveLength(2);
    }
    const upload = await stack.api('POST', '/verify', { body: tampered, headers: { 'content-type': 'application/pdf' } });
    expect(upload.status, upload.text).toBe(200);
    expect(upload.json).toMatchObject({ authentic: false, matchesStoredSha256: null, signaturesValid: false });
    expect(upload.json.signatures).toHaveLength(3);
    for (const s of upload.json.signatures.slice(0, 2)) {
      expect(s.valid).toBe(false);
      expect(s.problems.map((p: { vi: string }) => p.vi)).toContain('Nội dung đã bị thay đổi sau khi ký.');
    }
    expect(upload.json.signatures[2].valid).toBe(false);
    expect(upload.json.signatures[2].problems.map((p: { vi: string }) => p.vi)).toContain('Tài liệu đã bị thay đổi sau khi gắn dấu thời gian.');
  });

  it('answers garbage, a wrong type and an oversized body with a bilingual 4xx, never a 5xx', async () => {
    const garbage = await stack.api('POST', '/verify', { body: Buffer.from('xin chào, đây không phải PDF'), headers: { 'content-type': 'application/pdf' } });
    expect(garbage.status).toBe(400);
    expect(garbage.json.error.fields[0]).toMatchObject({ field: '(body)', vi: 'Tệp không phải PDF (thiếu phần đầu %PDF-).' });

    const truncated = await stack.api('POST', '/verify', { body: issuedPdf.subarray(0, 5000), headers: { 'content-type': 'application/pdf' } });
    expect(truncated.status).toBe(400);
    expect(truncated.json.error.fields[0].en).toContain('incomplete');

    const wrongType = await stack.api('POST', '/verify', { body: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(wrongType.status).toBe(415);
    expect(wrongType.json.error.message).toContain('application/pdf');

    const big = await stack.api('POST', '/verify', { body: Buffer.alloc(4 * 1024 * 1024 + 100, 0x20), headers: { 'content-type': 'application/pdf' } });
    expect(big.status).toBe(413);
    expect(big.json.error.messageEn).toContain('larger than 4 MB');

    // Signature dictionaries with hostile byte ranges read as invalid signatures, not errors.
    const hostile = Buffer.from(`%PDF-1.7\n1 0 obj << /ByteRange [0 999999999 5 5] /Contents <00> >> endobj\n2 0 obj << /ByteRange [0 10 12 3] >> endobj\n%%EOF\n`, 'latin1');
    const answer = await stack.api('POST', '/verify', { body: hostile, headers: { 'content-type': 'application/pdf' } });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json.signatures).toHaveLength(2);
    expect(answer.json.signatures.every((s: { valid: boolean }) => !s.valid)).toBe(true);
    expect(answer.json.authentic).toBe(false);
  });
});

describe('the public upload page', () => {
  const form = (file: Buffer, name = 'file') => {
    const boundary = '----cong-van-test-boundary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="cong-van.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
  };

  it('GET /verify shows a form that posts the file to /verify, under a strict CSP', async () => {
    const page = await stack.api('GET', '/verify');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<form method="post" action="/verify" enctype="multipart/form-data">');
    expect(page.text).toContain('Tải lên tệp PDF của công văn');
    expect(page.headers['content-security-policy']).toContain("form-action 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
  });

  it('answers a form upload with the verification page, and a bad file with a page naming the problem', async () => {
    const ok = await stack.api('POST', '/verify', form(issuedPdf));
    expect(ok.status, ok.text).toBe(200);
    expect(ok.headers['content-type']).toContain('text/html');
    expect(ok.text).toContain('Văn bản do hệ thống ban hành, nguyên vẹn, chữ ký số hợp lệ.');
    expect(ok.text).toContain(symbol);

    const bad = await stack.api('POST', '/verify', form(Buffer.from('<html>not a pdf</html>')));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Tệp không phải PDF (thiếu phần đầu %PDF-).');
    expect(bad.text).toContain('The file is not a PDF (no %PDF- header).');

    const wrongField = await stack.api('POST', '/verify', form(issuedPdf, 'other'));
    expect(wrongField.status).toBe(400);
    expect(wrongField.text).toContain('Không có tệp trong trường &quot;file&quot; của biểu mẫu.');
  });
});

describe('the development CA', () => {
  it('lives with the local data: a root, one certificate per signer and one for the agency', () => {
    const files = execFileSync('find', [`${stack.dataDir}/ca`, '-name', '*.cert.pem'], { encoding: 'utf8' }).split('\n').filter(Boolean).map((f) => f.replace(/^.*\/ca\//, '')).sort();
    expect(files).toEqual(['ca.cert.pem', 'identities/agency-TCTHADS.cert.pem', 'identities/person-u-nguyen-van-luc.cert.pem', 'tsa.cert.pem']);
  });
});
