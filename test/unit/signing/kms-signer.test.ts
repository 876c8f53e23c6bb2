import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { createPrivateKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exampleLetter } from '../../../shared/pdf/example-letter';
import { renderLetter } from '../../../shared/pdf/render-letter';
import { signPdf } from '../../../shared/pdf/sign-pdf';
import { checkPdf } from '../../../shared/pdf/verify-pdf';
import { toPem } from '../../../shared/signing/certificates';
import { KmsSigners } from '../../../shared/signing/kms-signer';
import { LocalCa, rsaSignDigest } from '../../../shared/signing/local-ca';

/**
 * The KMS signer against a stand-in for the two AWS calls it makes: KMS Sign (answered with a key of
 * the development CA, as KMS would with its own) and SSM GetParameter (the certificate chain).
 */
const dir = mkdtempSync(path.join(tmpdir(), 'cong-van-kms-'));
const identity = { kind: 'person', userId: 'u-nguyen-van-luc', name: 'Nguyễn Văn Lực', organization: 'Tổng cục' } as const;
const parameters = new Map<string, string>();
const signCalls: SignCommand['input'][] = [];
let ca: LocalCa;

beforeAll(async () => {
  Object.assign(process.env, { TABLE_NAME: 't', PDF_BUCKET: 'b', MAIL_FROM: 'a@example.gov.vn', PUBLIC_BASE_URL: 'https://x.example' });
  ca = new LocalCa(dir);
  const local = await ca.signerFor(identity);
  const key = createPrivateKey(readFileSync(path.join(dir, 'identities', 'person-u-nguyen-van-luc.key.pem'), 'utf8'));
  parameters.set('/congvan/certificates/person-u-nguyen-van-luc', toPem((await local.certificates())[0]!));
  parameters.set('/congvan/certificates/ca', toPem((await ca.trustedRoots())[0]!));
  vi.spyOn(KMSClient.prototype, 'send').mockImplementation(async (command: unknown) => {
    const input = (command as SignCommand).input;
    signCalls.push(input);
    return { Signature: rsaSignDigest(key, input.Message as Uint8Array) } as never;
  });
  vi.spyOn(SSMClient.prototype, 'send').mockImplementation(async (command: unknown) => {
    const name = (command as GetParameterCommand).input.Name!;
    const value = parameters.get(name);
    if (!value) throw Object.assign(new Error('not found'), { name: 'ParameterNotFound' });
    return { Parameter: { Name: name, Value: value } } as never;
  });
});
afterAll(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('KmsSigners', () => {
  it('signs a digest by alias with MessageType DIGEST, and the PDF signature verifies against the stored root', async () => {
    const kms = new KmsSigners('congvan');
    const signer = await kms.signerFor(identity);
    const pdf = await signPdf(await renderLetter(exampleLetter), signer, { fieldName: 'Signer', name: identity.name, reason: 'Ký', signingTime: new Date() });
    expect(signCalls).toHaveLength(1);
    expect(signCalls[0]).toMatchObject({ KeyId: 'alias/congvan/person-u-nguyen-van-luc', MessageType: 'DIGEST', SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' });
    expect((signCalls[0]!.Message as Uint8Array).length).toBe(32);
    const check = checkPdf(pdf, await kms.trustedRoots());
    expect(check.kind === 'pdf' && check.signatures.map((s) => [s.intact, s.trusted])).toEqual([[true, true]]);
    // PAdES: the CMS carries the chain up to the root (the SSM chain holds the leaf only; the root is appended).
    const chain = await signer.certificates();
    expect(chain).toHaveLength(2);
    expect(Buffer.from(chain[1]!).equals(Buffer.from((await ca.trustedRoots())[0]!))).toBe(true);
    expect(check.kind === 'pdf' && check.signatures[0]!.chain).toHaveLength(2);
  });

  it('refuses, before anything is signed, an identity without a certificate: a bilingual 409', async () => {
    const before = signCalls.length;
    await expect(new KmsSigners('congvan').signerFor({ kind: 'agency', code: 'KHAC', name: 'Cơ quan khác' })).rejects.toMatchObject({
      code: 'conflict',
      text: { vi: expect.stringContaining('Chưa cấp chứng thư số'), en: expect.stringContaining('No certificate') },
    });
    expect(signCalls.length).toBe(before);
  });
});
