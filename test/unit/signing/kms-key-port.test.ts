import '../../support/reflect-metadata';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildName, fromPem, toPem } from '../../../shared/signing/certificates';
import { checkImportedChain } from '../../../shared/signing/chain-import';
import { buildCsr, csrToPem } from '../../../shared/signing/csr';
import { KmsSigners } from '../../../shared/signing/kms-signer';
import { LocalCa, rsaSignDigest } from '../../../shared/signing/local-ca';
import { subjectOf, type SigningIdentity } from '../../../shared/signing/signer';
import { createTestCa } from '../../support/external-ca';

/**
 * The AWS side of issue 12 §3 with the SDK clients faked: KMS GetPublicKey and Sign answered with a
 * development key (as KMS would with its own), SSM GetParameter / PutParameter over a map.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'cong-van-kms-port-'));
const identity: SigningIdentity = { kind: 'person', userId: 'u-nguyen-van-luc', name: 'Nguyễn Văn Lực', organization: 'Tổng cục Thi hành án dân sự' };
const parameters = new Map<string, string>();
const kmsCalls: { name: string; input: Record<string, unknown> }[] = [];
const puts: PutParameterCommand['input'][] = [];
let ownRoot: Uint8Array;

beforeAll(async () => {
  Object.assign(process.env, { TABLE_NAME: 't', PDF_BUCKET: 'b', MAIL_FROM: 'a@example.gov.vn', PUBLIC_BASE_URL: 'https://x.example' });
  const ca = new LocalCa(dir);
  const local = await ca.signerFor(identity);
  const key = createPrivateKey(readFileSync(path.join(dir, 'identities', 'person-u-nguyen-van-luc.key.pem'), 'utf8'));
  ownRoot = (await ca.ownRoots())[0]!;
  parameters.set('/congvan/certificates/person-u-nguyen-van-luc', toPem((await local.certificates())[0]!));
  parameters.set('/congvan/certificates/ca', toPem(ownRoot));
  vi.spyOn(KMSClient.prototype, 'send').mockImplementation(async (command: unknown) => {
    const input = (command as { input: Record<string, unknown> }).input;
    if (command instanceof GetPublicKeyCommand) {
      kmsCalls.push({ name: 'GetPublicKey', input });
      return { PublicKey: new Uint8Array(createPublicKey(key).export({ type: 'spki', format: 'der' })) } as never;
    }
    if (command instanceof SignCommand) {
      kmsCalls.push({ name: 'Sign', input });
      return { Signature: rsaSignDigest(key, input['Message'] as Uint8Array) } as never;
    }
    throw new Error('unexpected KMS call');
  });
  vi.spyOn(SSMClient.prototype, 'send').mockImplementation(async (command: unknown) => {
    if (command instanceof PutParameterCommand) {
      puts.push(command.input);
      parameters.set(command.input.Name!, command.input.Value!);
      return {} as never;
    }
    const name = (command as GetParameterCommand).input.Name!;
    const value = parameters.get(name);
    if (!value) throw Object.assign(new Error('not found'), { name: 'ParameterNotFound' });
    return { Parameter: { Name: name, Value: value } } as never;
  });
}, 60_000);
afterAll(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('KmsSigners as the key port', () => {
  it('a CSR: public key from kms:GetPublicKey, signed by kms:Sign with that key (DIGEST, RSASSA_PKCS1_V1_5_SHA_256)', async () => {
    const kms = new KmsSigners('congvan');
    const publicKey = await kms.publicKeyOf(identity);
    const csr = new x509.Pkcs10CertificateRequest(csrToPem(await buildCsr({ subject: buildName(subjectOf(identity)), publicKey, signDigest: (d) => kms.signDigestWith(identity, d) })));
    expect(await csr.verify()).toBe(true);
    expect(csr.subject).toContain('Nguyễn Văn Lực');
    expect(kmsCalls.map((c) => [c.name, c.input['KeyId']])).toEqual([
      ['GetPublicKey', 'alias/congvan/person-u-nguyen-van-luc'],
      ['Sign', 'alias/congvan/person-u-nguyen-van-luc'],
    ]);
    expect(kmsCalls[1]!.input).toMatchObject({ MessageType: 'DIGEST', SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' });
  });

  it('stores the checked chain in the SSM parameter the signer reads, the new root beside the own CA, and the warm cache follows', async () => {
    const kms = new KmsSigners('congvan');
    const before = await (await kms.signerFor(identity)).certificates(); // warms the cache: the own CA's leaf + root
    expect(before).toHaveLength(2);
    const external = await createTestCa();
    const publicKey = await kms.publicKeyOf(identity);
    const csrPem = csrToPem(await buildCsr({ subject: buildName(subjectOf(identity)), publicKey, signDigest: (d) => kms.signDigestWith(identity, d) }));
    const checked = checkImportedChain({ pem: await external.certify(csrPem), publicKey, expected: subjectOf(identity), trustedRoots: await kms.trustedRoots(), now: new Date() });
    await kms.storeChain(identity, checked.chain, checked.root, checked.newRoot);

    expect(puts.map((p) => [p.Name, p.Overwrite, p.Tier])).toEqual([
      ['/congvan/certificates/roots', true, 'Intelligent-Tiering'],
      ['/congvan/certificates/person-u-nguyen-van-luc', true, 'Intelligent-Tiering'],
    ]);
    const after = await (await kms.signerFor(identity)).certificates();
    // The imported chain as it is: it ends at its own root, the own CA's root is not appended.
    expect(after.map((c) => Buffer.from(c).toString('hex'))).toEqual(checked.chain.map((c) => Buffer.from(c).toString('hex')));
    const trusted = await kms.trustedRoots();
    expect(trusted.map((c) => Buffer.from(c).toString('hex'))).toEqual([ownRoot, checked.root].map((c) => Buffer.from(c).toString('hex')));
    expect((await kms.ownRoots()).map((c) => Buffer.from(c).toString('hex'))).toEqual([Buffer.from(ownRoot).toString('hex')]);
    expect(fromPem(parameters.get('/congvan/certificates/roots')!)).toHaveLength(1);
  });
});
