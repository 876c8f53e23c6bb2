import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import '../../support/reflect-metadata';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildName, fromPem } from '../../../shared/signing/certificates';
import { checkImportedChain } from '../../../shared/signing/chain-import';
import { buildCsr, csrToPem } from '../../../shared/signing/csr';
import { LocalCa } from '../../../shared/signing/local-ca';
import { subjectOf, type SigningIdentity } from '../../../shared/signing/signer';
import { createTestCa, type TestCa } from '../../support/external-ca';

/**
 * Issue 12 §3 without the stack: a CSR signed by the identity's own key (the development CA's key
 * files standing in for KMS), certified by a CA made in the test, and each way an imported chain is
 * refused before anything is stored.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'cong-van-csr-'));
const agency: SigningIdentity = { kind: 'agency', code: 'TCTHADS', name: 'Tổng cục Thi hành án dân sự', organization: 'Bộ Tư pháp' };
let ca: LocalCa;
let external: TestCa;
let csrPem: string;
let publicKey: Uint8Array;

const check = (pem: string, now = new Date(), trustedRoots?: Uint8Array[]) =>
  checkImportedChain({ pem, publicKey, expected: subjectOf(agency), trustedRoots: trustedRoots ?? [], now });

const refusal = (fn: () => unknown): { field: string; vi: string; en: string } => {
  try {
    fn();
  } catch (error) {
    const e = error as { code: string; fields: { field: string; vi: string; en: string }[] };
    expect(e.code).toBe('validation');
    return e.fields[0]!;
  }
  throw new Error('expected a refusal');
};

beforeAll(async () => {
  ca = new LocalCa(dir);
  external = await createTestCa();
  publicKey = await ca.publicKeyOf(agency);
  csrPem = csrToPem(await buildCsr({ subject: buildName(subjectOf(agency)), publicKey, signDigest: (d) => ca.signDigestWith(agency, d) }));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the certificate signing request', () => {
  it('is signed by the key it certifies and names the agency with its UID (OpenSSL and @peculiar/x509 agree)', async () => {
    const file = path.join(dir, 'agency.csr');
    writeFileSync(file, csrPem);
    const text = execFileSync('openssl', ['req', '-in', file, '-noout', '-verify', '-subject', '-nameopt', 'utf8,sep_comma_plus'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(text).toContain('UID=AGENCY:TCTHADS');
    expect(text).toContain('CN=Tổng cục Thi hành án dân sự');
    const csr = new x509.Pkcs10CertificateRequest(csrPem);
    expect(await csr.verify()).toBe(true);
    expect(Buffer.from(csr.publicKey.rawData).equals(Buffer.from(publicKey))).toBe(true);
  });
});

describe('importing the chain the CA returned', () => {
  it('accepts the leaf, intermediate and root the CA returned, and says the root is new', async () => {
    const checked = check(await external.certify(csrPem));
    expect(checked.chain).toHaveLength(3);
    expect(checked.newRoot).toBe(true);
    expect(Buffer.from(checked.root).equals(Buffer.from(external.root.rawData))).toBe(true);
  });

  it('completes a chain whose root is already trusted, without trusting anything new', async () => {
    const pem = await external.certify(csrPem);
    const [leaf, intermediate] = pem.split(/(?<=-----END CERTIFICATE-----)\n*/).filter((p) => p.includes('BEGIN'));
    const checked = check(`${leaf}\n${intermediate}\n`, new Date(), [new Uint8Array(external.root.rawData)]);
    expect(checked.chain).toHaveLength(3);
    expect(checked.newRoot).toBe(false);
  });

  it('refuses a certificate of another key', async () => {
    const stranger = await external.strangerKey();
    const pem = await external.certify(csrPem, { publicKey: stranger.publicKey });
    expect(refusal(() => check(pem))).toMatchObject({ field: 'chain', vi: expect.stringContaining('khóa ký'), en: expect.stringContaining('another public key') });
  });

  it('refuses a subject that does not name the registered agency (UID)', async () => {
    const pem = await external.certify(csrPem, { subject: 'CN=Tổng cục Thi hành án dân sự, 0.9.2342.19200300.100.1.1=AGENCY:KHAC, C=VN' });
    expect(refusal(() => check(pem))).toMatchObject({ field: 'chain', vi: expect.stringContaining('UID=AGENCY:KHAC'), en: expect.stringContaining('does not name the registered') });
  });

  it('refuses an expired certificate, and one not yet valid', async () => {
    const expired = await external.certify(csrPem, { notBefore: new Date(Date.now() - 400 * 86400_000), notAfter: new Date(Date.now() - 86400_000) });
    expect(refusal(() => check(expired))).toMatchObject({ vi: expect.stringContaining('hiệu lực'), en: expect.stringContaining('expired') });
    const early = await external.certify(csrPem, { notBefore: new Date(Date.now() + 86400_000), notAfter: new Date(Date.now() + 400 * 86400_000) });
    expect(refusal(() => check(early))).toMatchObject({ en: expect.stringContaining('not yet valid') });
  });

  it('refuses a broken chain: an intermediate that did not sign the leaf, no intermediate, an unknown root', async () => {
    for (const chain of ['wrong-intermediate', 'no-intermediate', 'leaf-and-root'] as const) {
      const pem = await external.certify(csrPem, { chain });
      expect(refusal(() => check(pem)), chain).toMatchObject({ field: 'chain', en: expect.stringContaining('does not verify up to a root') });
    }
  });

  it('refuses a key usage that allows neither digital signature nor non-repudiation', async () => {
    const pem = await external.certify(csrPem, { keyUsage: x509.KeyUsageFlags.keyEncipherment });
    expect(refusal(() => check(pem))).toMatchObject({ en: expect.stringContaining('key usage') });
  });

  it('refuses an upload without a certificate', () => {
    expect(refusal(() => check('hello'))).toMatchObject({ en: expect.stringContaining('no certificate') });
    expect(fromPem('hello')).toEqual([]);
  });
});

describe('the local key port', () => {
  it('stores the imported chain where the signer reads it, and trusts the new root beside its own', async () => {
    const checked = check(await external.certify(csrPem));
    await ca.storeChain(agency, checked.chain, checked.root, checked.newRoot);
    const signer = await ca.signerFor(agency);
    expect((await signer.certificates()).map((c) => Buffer.from(c).toString('hex'))).toEqual(checked.chain.map((c) => Buffer.from(c).toString('hex')));
    expect(await ca.trustedRoots()).toHaveLength(2);
    expect(await ca.ownRoots()).toHaveLength(1);
    // A new process reads the same files.
    const again = new LocalCa(dir);
    expect(await (await again.signerFor(agency)).certificates()).toHaveLength(3);
    expect(await again.trustedRoots()).toHaveLength(2);
  });
});
