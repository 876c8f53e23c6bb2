import { X509Certificate, createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTrustServices, type TrustServices } from '../../../infra/local/trust-services';
import { addLongTermValidation, checkPdfLongTerm, readValidationData, type LongTermCheck } from '../../../shared/pdf/ltv';
import { addNumberAndDate } from '../../../shared/pdf/number-stamp';
import { renderLetter } from '../../../shared/pdf/render-letter';
import { addDocumentTimestamp, signPdf } from '../../../shared/pdf/sign-pdf';
import { checkPdf } from '../../../shared/pdf/verify-pdf';
import { toPem } from '../../../shared/signing/certificates';
import { LocalCa } from '../../../shared/signing/local-ca';
import { httpRevocation } from '../../../shared/signing/revocation';
import type { Signer } from '../../../shared/signing/signer';
import { httpTimestampAuthority, type TimestampAuthority } from '../../../shared/signing/timestamp';
import { extractSignatures, hasOpenssl, OpensslBench, signerParts, signingFixtures } from '../../support/pades';
import { hasPoppler, pdfsig, removeTempFiles } from './poppler';

/**
 * Issue 12, section 1: the example letter signed as the system signs it (signer, number and date,
 * agency, DSS, document time-stamp) against the development CA and TSA served over HTTP, then judged
 * by pdfsig and OpenSSL, and by our own verifier, on the file and on copies with one byte changed.
 */
const { letter, unnumbered, person, agency, signedAt, issuedAt } = signingFixtures();

const caDir = mkdtempSync(path.join(tmpdir(), 'cong-van-pades-'));
const openssl = new OpensslBench();
let ca: LocalCa;
let trust: TrustServices;
let tsa: TimestampAuthority;
let roots: Uint8Array[];
let signerKey: Signer;
let agencyKey: Signer;
let bySigner: Uint8Array;
let sealed: Uint8Array;
let withDss: Uint8Array;
let issued: Uint8Array;
let caPem: string;
let tsaPem: string;

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  ca = new LocalCa(caDir);
  await ca.ensureRoot();
  trust = await startTrustServices({ ca });
  ca.publishAt({ crl: trust.crlUrl, ocsp: trust.ocspUrl });
  tsa = httpTimestampAuthority(trust.tsaUrl, 5000);
  roots = await ca.trustedRoots();
  const revocation = httpRevocation({ caCrlUrl: trust.crlUrl, caOcspUrl: trust.ocspUrl, timeoutMs: 5000, caCertificates: async () => roots });
  [signerKey, agencyKey] = await Promise.all([ca.signerFor(person), ca.signerFor(agency)]);
  const base = await renderLetter(unnumbered, { withoutNumberAndDate: true });
  bySigner = await signPdf(base, signerKey, { fieldName: 'Signer', name: person.name, reason: 'Ký duyệt', signingTime: signedAt, timestamp: tsa });
  const stamped = await addNumberAndDate(bySigner, letter);
  sealed = await signPdf(stamped, agencyKey, { fieldName: 'Agency', name: agency.name, reason: 'Văn thư cấp số', signingTime: issuedAt, timestamp: tsa });
  withDss = await addLongTermValidation(sealed, revocation, roots);
  issued = await addDocumentTimestamp(withDss, tsa);
  caPem = openssl.file(toPem(roots[0]!), 'ca.pem');
  tsaPem = openssl.file(readFileSync(path.join(caDir, 'tsa.cert.pem')), 'tsa.pem');
});
afterAll(async () => {
  await trust?.stop();
  rmSync(caDir, { recursive: true, force: true });
  openssl.remove();
  removeTempFiles();
});

describe('PAdES baseline signatures of the example letter', () => {
  it.skipIf(!hasPoppler)('pdfsig: both signatures valid and ETSI.CAdES.detached, the document time-stamp covering the whole file', () => {
    const report = pdfsig(issued);
    const [, first, second, third] = report.split(/Signature #\d:/);
    expect(report).not.toContain('Signature #4:');
    for (const part of [first, second]) {
      expect(part).toContain('Signature Type: ETSI.CAdES.detached');
      expect(part).toContain('Signature Validation: Signature is Valid.');
      expect(part).toContain('Not total document signed');
    }
    expect(first).toContain('Signer Certificate Common Name: Nguyễn Văn Lực');
    expect(second).toContain('Signer Certificate Common Name: Tổng cục Thi hành án dân sự');
    // poppler 22 lists the document time-stamp (it does not validate RFC 3161 tokens: OpenSSL does, below).
    expect(third).toContain('Signature Field Name: DocTimeStamp');
    expect(third).toContain('Total document signed');
    expect(third).not.toContain('Not total document signed');
  });

  it.skipIf(!hasOpenssl)('OpenSSL: signing-certificate-v2 names the signer’s certificate, no signing-time attribute, the chain verifies to the CA', async () => {
    const signatures = extractSignatures(issued).filter((s) => s.subFilter === 'ETSI.CAdES.detached');
    expect(signatures).toHaveLength(2);
    for (const [i, key] of [signerKey, agencyKey].entries()) {
      const s = signatures[i]!;
      const [leaf] = await key.certificates();
      const cmsFile = openssl.file(s.cms, 'sig.der');
      const printed = openssl.run('cms', '-cmsout', '-print', '-inform', 'DER', '-in', cmsFile);
      expect(printed.ok, printed.out).toBe(true);
      const signerInfo = printed.out.slice(printed.out.indexOf('signerInfos:'));
      const ess = signerInfo.slice(signerInfo.indexOf('id-smime-aa-signingCertificateV2'));
      expect(ess).toMatch(new RegExp(`^id-smime-aa-signingCertificateV2[\\s\\S]*?OCTET STRING\\s+\\[HEX DUMP\\]:${sha256(leaf!).toUpperCase()}`));
      expect(signerInfo).not.toContain('signingTime');
      expect(signerInfo).toContain('id-smime-aa-timeStampToken');
      // The chain travels in the CMS: the signer's certificate and the root.
      const certs = openssl.run('pkcs7', '-inform', 'DER', '-in', cmsFile, '-print_certs', '-noout');
      expect(certs.out.match(/^subject=/gm)).toHaveLength(2);
      const verified = openssl.run('cms', '-verify', '-inform', 'DER', '-in', cmsFile, '-content', openssl.file(s.signed, 'signed'), '-binary', '-CAfile', caPem, '-purpose', 'any', '-out', '/dev/null');
      expect(verified.out).toContain('CMS Verification successful');
    }
  });

  it.skipIf(!hasOpenssl)('OpenSSL: each signature time-stamp verifies against the TSA’s certificate, and so does the document time-stamp', () => {
    const all = extractSignatures(issued);
    expect(all.map((s) => s.subFilter)).toEqual(['ETSI.CAdES.detached', 'ETSI.CAdES.detached', 'ETSI.RFC3161']);
    for (const s of all.slice(0, 2)) {
      const { signatureValue, token } = signerParts(s.cms);
      expect(token).toBeDefined();
      const verified = openssl.run('ts', '-verify', '-in', openssl.file(token!, 'tst.der'), '-token_in', '-data', openssl.file(signatureValue, 'sigvalue'), '-CAfile', caPem, '-untrusted', tsaPem);
      expect(verified.out).toContain('Verification: OK');
    }
    const doc = all[2]!;
    const verified = openssl.run('ts', '-verify', '-in', openssl.file(doc.cms, 'doc-tst.der'), '-token_in', '-data', openssl.file(doc.signed, 'signed'), '-CAfile', caPem, '-untrusted', tsaPem);
    expect(verified.out).toContain('Verification: OK');
    // The same token does not verify over other bytes.
    const other = openssl.run('ts', '-verify', '-in', openssl.file(doc.cms, 'doc-tst.der'), '-token_in', '-data', openssl.file(Buffer.concat([doc.signed, Buffer.from('x')]), 'other'), '-CAfile', caPem, '-untrusted', tsaPem);
    expect(other.out).not.toContain('Verification: OK');
  });

  it.skipIf(!hasOpenssl)('the DSS holds every certificate and, for each one below the root, an OCSP response and a CRL that OpenSSL verifies', async () => {
    const dss = (await readValidationData(issued))!;
    const certs = dss.certs.map((der) => new X509Certificate(Buffer.from(der)));
    const names = certs.map((c) => c.subject.split('\n').at(-1));
    expect(names.sort()).toEqual(
      ['CN=Cong Van Development CA (không dùng thật / not for real use)', 'CN=Cong Van Development TSA (không dùng thật / not for real use)', 'CN=Nguyễn Văn Lực', 'CN=Tổng cục Thi hành án dân sự'].sort(),
    );
    const belowRoot = certs.filter((c) => !c.ca);
    expect(belowRoot).toHaveLength(3);
    for (const cert of belowRoot) {
      const certPem = openssl.file(cert.toString(), 'cert.pem');
      const answers = dss.ocsps.map((der) => openssl.run('ocsp', '-respin', openssl.file(der, 'ocsp.der'), '-issuer', caPem, '-cert', certPem, '-VAfile', caPem, '-CAfile', caPem));
      const mine = answers.filter((a) => a.out.includes(': good'));
      expect(mine, answers.map((a) => a.out).join('\n')).toHaveLength(1);
      expect(mine[0]!.out).toContain('Response verify OK');
    }
    expect(dss.crls).toHaveLength(1);
    const crl = openssl.run('crl', '-inform', 'DER', '-in', openssl.file(dss.crls[0]!, 'crl.der'), '-CAfile', caPem, '-noout');
    expect(crl.out).toContain('verify OK');
  });

  it('our verifier: B-LTA for both signatures, the TSA and its time, the chain, revocation good at signing time', async () => {
    const check = (await checkPdfLongTerm(issued, roots)) as Extract<LongTermCheck, { kind: 'pdf' }>;
    expect(check.hasDss).toBe(true);
    expect(check.signatures.map((s) => [s.level, s.intact, s.trusted, s.coversWholeFile, !!s.documentTimestamp])).toEqual([
      ['B-LTA', true, true, false, false],
      ['B-LTA', true, true, false, false],
      [undefined, true, true, true, true],
    ]);
    for (const s of check.signatures.slice(0, 2)) {
      expect(s.timestamp?.authority).toBe('Cong Van Development TSA (không dùng thật / not for real use)');
      expect(Math.abs(s.timestamp!.time.getTime() - Date.now())).toBeLessThan(10 * 60_000);
      expect(s.chain!.map((c) => c.subject.split('\n').at(-1))).toEqual([`CN=${s.signer!.commonName}`, 'CN=Cong Van Development CA (không dùng thật / not for real use)']);
      expect(s.revocation!.map((r) => [r.status, r.source])).toEqual([
        ['good', 'ocsp'],
        ['good', 'ocsp'],
      ]);
    }
    expect(check.signatures[0]!.signingTime).toEqual(signedAt);
    expect(check.signatures[1]!.signingTime).toEqual(issuedAt);
  });

  it('each step reaches its level: B-T after signing, B-LT with the DSS, B-LTA under the document time-stamp; B-B without a TSA', async () => {
    const levels = async (pdf: Uint8Array) => ((await checkPdfLongTerm(pdf, roots)) as Extract<LongTermCheck, { kind: 'pdf' }>).signatures.map((s) => s.level);
    expect(await levels(bySigner)).toEqual(['B-T']);
    expect(await levels(sealed)).toEqual(['B-T', 'B-T']);
    expect(await levels(withDss)).toEqual(['B-LT', 'B-LT']);
    const plain = await signPdf(await renderLetter(unnumbered, { withoutNumberAndDate: true }), signerKey, { fieldName: 'Signer', name: person.name, reason: 'r', signingTime: signedAt });
    expect(await levels(plain)).toEqual(['B-B']);
  });

  it('a certificate revoked before the time-stamp, per the DSS, makes the signature untrusted and below B-LT', async () => {
    const { key } = await ca.ensureRoot();
    const rootCert = new X509Certificate(Buffer.from(roots[0]!));
    const [leaf] = await signerKey.certificates();
    const leafCert = new X509Certificate(Buffer.from(leaf!));
    const { ocspRequest, readOcspRequest, ocspResponse } = await import('../../../shared/signing/revocation');
    const { rsaSignDigest } = await import('../../../shared/signing/local-ca');
    const asked = readOcspRequest(ocspRequest(leafCert, rootCert), rootCert);
    const sign = async (tbs: Uint8Array) => rsaSignDigest(key, new Uint8Array(createHash('sha256').update(tbs).digest()));
    const revokedAnswer = await ocspResponse({ issuer: roots[0]!, certId: asked.certId, status: { status: 'revoked', at: new Date(signedAt.getTime() - 3600_000) }, producedAt: new Date(), nextUpdate: new Date(Date.now() + 86_400_000), sign });
    const { addValidationData } = await import('../../../shared/pdf/ltv');
    const forged = await addValidationData(sealed, { certs: [], crls: [], ocsps: [revokedAnswer] });
    const check = (await checkPdfLongTerm(forged, roots)) as Extract<LongTermCheck, { kind: 'pdf' }>;
    const first = check.signatures[0]!;
    expect(first.revocation![0]).toMatchObject({ status: 'revoked', source: 'ocsp' });
    expect(first.trusted).toBe(false);
    expect(first.level).toBe('B-T');
    expect(first.problems.map((p) => p.en)).toContain('A certificate was revoked before the time of signing.');
  });

  it('a byte changed anywhere in the file is detected', async () => {
    const valid = (pdf: Uint8Array) => {
      const check = checkPdf(pdf, roots);
      return check.kind === 'pdf' && check.signatures.length === 3 && check.signatures.every((s) => s.intact && s.trusted) && check.signatures.at(-1)!.coversWholeFile;
    };
    expect(valid(issued)).toBe(true);
    const text = Buffer.from(issued).toString('latin1');
    // Every 211th byte, plus the places nothing else signs: each /Contents' padding and the DSS.
    const positions = new Set<number>();
    for (let i = 0; i < issued.length; i += 211) positions.add(i);
    positions.add(issued.length - 1);
    for (const m of text.matchAll(/\/ByteRange\s*\[\s*\d+\s+(\d+)\s+(\d+)/g)) positions.add(Number(m[2]) - 3);
    positions.add(text.indexOf('/DSS'));
    const missed: number[] = [];
    for (const at of positions) {
      const copy = Buffer.from(issued);
      copy[at] = copy[at]! ^ 0x01;
      if (valid(copy)) missed.push(at);
    }
    expect(missed).toEqual([]);
    expect(positions.size).toBeGreaterThan(350);
  });
});

describe('time-stamping authority and revocation sources', () => {
  it('a TSA that does not answer in time fails the signature, with a message in both languages', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/tsa`;
      const slow = httpTimestampAuthority(url, 300);
      await expect(signPdf(bySigner, agencyKey, { fieldName: 'Agency', name: 'x', reason: 'x', signingTime: issuedAt, timestamp: slow })).rejects.toMatchObject({
        text: { vi: expect.stringContaining('Không lấy được dấu thời gian'), en: expect.stringContaining('No time-stamp from') },
      });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('a TSA answering for another digest is refused', async () => {
    const liar: TimestampAuthority = { timestamp: async () => tsa.timestamp(new Uint8Array(32)) };
    const signed = await signPdf(bySigner, agencyKey, { fieldName: 'Agency', name: 'x', reason: 'x', signingTime: issuedAt, timestamp: liar });
    const check = checkPdf(signed, roots);
    expect(check.kind === 'pdf' && check.signatures[1]!.intact).toBe(false);
    expect(check.kind === 'pdf' && check.signatures[1]!.problems.map((p) => p.en)).toContain('The time-stamp does not match the signature.');
  });

  it('the stand-ins answer only their media types', async () => {
    const wrong = await fetch(trust.tsaUrl, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(wrong.status).toBe(415);
    const crl = await fetch(trust.crlUrl);
    expect(crl.headers.get('content-type')).toBe('application/pkix-crl');
    expect((await fetch(trust.crlUrl.replace('/crl', '/nothing'))).status).toBe(404);
  });

  it('certificates name the CRL and OCSP URLs, and the TSA’s carries a critical timeStamping usage', () => {
    const tsaCert = new X509Certificate(readFileSync(path.join(caDir, 'tsa.cert.pem')));
    const text = openssl.run('x509', '-in', tsaPem, '-noout', '-text').out;
    expect(text).toMatch(/X509v3 Extended Key Usage: critical\s+Time Stamping/);
    expect(text).toContain(`URI:${trust.crlUrl}`);
    expect(text).toContain(`OCSP - URI:${trust.ocspUrl}`);
    expect(tsaCert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.8']);
  });
});

