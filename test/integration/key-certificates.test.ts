import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { parseArgs, run } from '../../infra/local/csr-cli';
import { listAudit } from '../../shared/data/audit';
import { keys } from '../../shared/data/keys';
import { createTestCa, type TestCa } from '../support/external-ca';
import { startTestStack, type TestStack } from '../support/local-stack';
import { hasPoppler, pdfFile, removeTempFiles } from '../unit/pdf/poppler';

/**
 * Issue 12 §3 end to end on the local stack, the development key files standing in for KMS: a CSR
 * from the agency's and the signer's own keys (route and `npm run csr`), certified by a CA made in the
 * test (its CRLs served here, as a real CA publishes them), imported after the checks (wrong key,
 * wrong subject, broken chain and expired refused, nothing stored), and the next letter signed with
 * the imported chains: `pdfsig` and /verify accept it and say the certificates are the external CA's.
 */
let stack: TestStack;
let external: TestCa;
let crlServer: Server;
const admin = () => stack.tokenFor('u-admin', ['admin']);
const clerk = () => stack.tokenFor('u-vanthu', ['clerk']);
const signer = () => stack.tokenFor('u-nguyen-van-luc', ['signer']);
const PEM_CHAIN = { 'content-type': 'application/pem-certificate-chain' };
const chainFile = (id: string) => path.join(stack.dataDir, 'ca', 'identities', `${id}.chain.pem`);

beforeAll(async () => {
  stack = await startTestStack();
  const crls: Record<string, Uint8Array> = {};
  crlServer = createServer((req, res) => {
    const body = crls[req.url ?? ''];
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/pkix-crl' }).end(body ? Buffer.from(body) : undefined);
  });
  await new Promise<void>((resolve) => crlServer.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(crlServer.address() as AddressInfo).port}`;
  external = await createTestCa({ rootCrl: `${base}/root.crl`, intermediateCrl: `${base}/intermediate.crl` });
  const { root, intermediate } = await external.crls();
  Object.assign(crls, { '/root.crl': root, '/intermediate.crl': intermediate });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await new Promise((resolve) => crlServer?.close(resolve));
  removeTempFiles();
});

/** Drafts, signs and issues the example letter; the issued file and its verification (JSON). */
async function issueLetter(): Promise<{ id: string; pdf: Buffer; verification: any }> {
  const created = await stack.api('POST', '/dispatches', { token: await clerk(), body: exampleDispatchContent() });
  expect(created.status, created.text).toBe(201);
  const id = created.json.id;
  expect((await stack.api('POST', `/dispatches/${id}/submit`, { token: await clerk(), body: { version: 1 } })).status).toBe(200);
  const signed = await stack.api('POST', `/dispatches/${id}/sign`, { token: await signer(), body: { version: 2 } });
  expect(signed.status, signed.text).toBe(200);
  const issued = await stack.api('POST', `/dispatches/${id}/issue`, { token: await clerk(), body: { version: 3 } });
  expect(issued.status, issued.text).toBe(200);
  await stack.whenIdle();
  const link = await stack.api('GET', `/dispatches/${id}/pdf`, { token: await clerk() });
  expect(link.status, link.text).toBe(302);
  const pdf = Buffer.from(await (await fetch(link.headers['location']!)).arrayBuffer());
  const verification = await stack.api('GET', `/verify/${id}`, { headers: { accept: 'application/json' } });
  expect(verification.status, verification.text).toBe(200);
  return { id, pdf, verification: verification.json };
}

describe('before any chain is imported', () => {
  it('signs with the system CA certificates, and the verify page says so', async () => {
    const { id, verification } = await issueLetter();
    expect(verification.authentic).toBe(true);
    expect(verification.signatures.map((s: { issuerKind: string }) => s.issuerKind)).toEqual(['internal', 'internal', 'internal']);
    const page = await stack.api('GET', `/verify/${id}`);
    expect(page.text).toContain('Chứng thư do CA nội bộ của hệ thống cấp (chưa phải CA chuyên dùng)');
  }, 120_000);
});

describe('the certificate signing request', () => {
  it('GET /signing-identities/{id}/csr: PEM PKCS#10 signed by the agency key, for administrators only, audited', async () => {
    expect((await stack.api('GET', '/signing-identities/TCTHADS/csr', { token: await clerk() })).status).toBe(403);
    const csr = await stack.api('GET', '/signing-identities/TCTHADS/csr', { token: await admin() });
    expect(csr.status, csr.text).toBe(200);
    expect(csr.headers['content-type']).toContain('application/pkcs10');
    expect(csr.text).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
    const verified = spawnSync('openssl', ['req', '-noout', '-verify', '-subject', '-nameopt', 'utf8,sep_comma_plus'], { input: csr.text, encoding: 'utf8' });
    expect(`${verified.stdout}${verified.stderr}`).toMatch(/verify OK/i);
    expect(verified.stdout).toContain('UID=AGENCY:TCTHADS');
    const audit = await listAudit(keys.agency('TCTHADS').PK);
    expect(audit.items.find((e) => e.action === 'certificate.request')).toMatchObject({ actor: 'u-admin', details: { identity: 'agency-TCTHADS' } });
  });

  it('answers an unknown identity with a bilingual 4xx', async () => {
    const res = await stack.api('GET', '/signing-identities/KHONG-CO/csr', { token: await admin() });
    expect(res.status).toBe(403);
    expect(res.json.error).toMatchObject({ message: expect.stringContaining('KHONG-CO'), messageEn: expect.stringContaining('KHONG-CO') });
  });
});

describe('importing the chain the CA returned', () => {
  let agencyCsr: string;
  beforeAll(async () => {
    agencyCsr = (await stack.api('GET', '/signing-identities/agency-TCTHADS/csr', { token: await admin() })).text;
  });

  it('refuses wrong key, wrong subject, broken chain and expired: 400 naming the reason, nothing stored', async () => {
    const day = 86400_000;
    const cases: [string, string, RegExp][] = [
      ['wrong key', await external.certify(agencyCsr, { publicKey: (await external.strangerKey()).publicKey }), /another public key/],
      ['wrong subject', await external.certify(agencyCsr, { subject: 'CN=Cục Thi hành án dân sự, 0.9.2342.19200300.100.1.1=AGENCY:THADS-HN, C=VN' }), /does not name the registered/],
      ['broken chain', await external.certify(agencyCsr, { chain: 'wrong-intermediate' }), /does not verify up to a root/],
      ['expired', await external.certify(agencyCsr, { notBefore: new Date(Date.now() - 400 * day), notAfter: new Date(Date.now() - day) }), /expired/],
    ];
    for (const [name, pem, reason] of cases) {
      const res = await stack.api('PUT', '/signing-identities/TCTHADS/certificate-chain', { token: await admin(), body: pem, headers: PEM_CHAIN });
      expect(res.status, name).toBe(400);
      expect(res.json.error.fields[0], name).toMatchObject({ field: 'chain', en: expect.stringMatching(reason), vi: expect.any(String) });
    }
    expect(existsSync(chainFile('agency-TCTHADS'))).toBe(false);
    expect(existsSync(path.join(stack.dataDir, 'ca', 'roots.pem'))).toBe(false);
    const wrongType = await stack.api('PUT', '/signing-identities/TCTHADS/certificate-chain', { token: await admin(), body: 'x', headers: { 'content-type': 'text/plain' } });
    expect(wrongType.status).toBe(415);
  });

  it('imports the agency chain (route) and the signer chain (npm run csr / csr:import), audited', async () => {
    const res = await stack.api('PUT', '/signing-identities/TCTHADS/certificate-chain', { token: await admin(), body: await external.certify(agencyCsr), headers: PEM_CHAIN });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ identity: 'agency-TCTHADS', chainLength: 3, root: { newlyTrusted: true } });
    expect(res.json.subject).toContain('UID=AGENCY:TCTHADS');

    const [csrPem] = await run(parseArgs(['--identity', 'u-nguyen-van-luc']));
    const file = path.join(stack.dataDir, 'signer-chain.pem');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, await external.certify(csrPem!));
    const lines = await run(parseArgs(['--identity', 'u-nguyen-van-luc', '--import', '--chain', file]));
    expect(lines[0]).toContain('person-u-nguyen-van-luc');
    expect(lines.join('\n')).not.toContain('trusted from now on'); // the root came with the agency's chain
    expect(readFileSync(chainFile('person-u-nguyen-van-luc'), 'utf8').match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
    const audit = await listAudit(keys.person('u-nguyen-van-luc').PK);
    expect(audit.items.map((e) => e.action)).toEqual(expect.arrayContaining(['certificate.request', 'certificate.import']));
  });

  it('the next letter carries the imported chains: pdfsig and /verify accept it, issued by the external CA', async () => {
    const { id, pdf, verification } = await issueLetter();
    expect(verification).toMatchObject({ authentic: true, signaturesValid: true });
    const [bySigner, byAgency, docTimestamp] = verification.signatures;
    for (const s of [bySigner, byAgency]) {
      expect(s).toMatchObject({ valid: true, trusted: true, issuerKind: 'external', level: 'B-LTA' });
      expect(s.chain.map((c: { subject: string }) => c.subject)).toEqual([expect.anything(), expect.stringContaining('Test Agency Issuing CA'), expect.stringContaining('Test Agency Root CA')]);
      // Leaf and intermediate from the CRLs the external CA publishes (served above), in the DSS.
      expect(s.revocation.length).toBeGreaterThanOrEqual(2);
      expect(s.revocation.every((r: { status: string }) => r.status === 'good')).toBe(true);
    }
    expect(bySigner.registered).toMatchObject({ kind: 'person', name: 'Nguyễn Văn Lực' });
    expect(byAgency.registered).toMatchObject({ kind: 'agency', code: 'TCTHADS' });
    expect(docTimestamp.issuerKind).toBe('internal');
    const page = await stack.api('GET', `/verify/${id}`);
    expect(page.text).toContain('Chứng thư do CA bên ngoài mà cơ quan đăng ký cấp');
    if (hasPoppler) {
      const out = spawnSync('pdfsig', [pdfFile(pdf)], { encoding: 'utf8' });
      const report = `${out.stdout}${out.stderr}`;
      expect(report.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
      expect(report).toContain('Signer Certificate Common Name: Tổng cục Thi hành án dân sự');
    }
  }, 120_000);
});
