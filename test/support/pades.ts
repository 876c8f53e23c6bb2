/**
 * Independent checks of a PAdES file with OpenSSL: each signature's CMS and its byte range are cut
 * out of the file (as any verifier would), then `openssl cms`, `openssl ts -verify`, `openssl ocsp`
 * and `openssl crl` judge them against the CA's and the TSA's certificates.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import { AsnConvert } from '@peculiar/asn1-schema';
import { exampleLetter } from '../../shared/pdf/example-letter';
import type { LetterModel } from '../../shared/pdf/letter-model';

/** The example letter and the parties that sign it, as the PAdES tests sign it (a minute ago, then sealed 30 s later). */
export const signingFixtures = () => {
  const letter: LetterModel = { ...exampleLetter, verificationUrl: 'https://congvan.example.gov.vn/verify/01JD5Q8Z3K4M5N6P7Q8R9S0T1V' };
  const signedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
  return {
    letter,
    unnumbered: { ...letter, number: undefined, issuedOn: undefined } satisfies LetterModel,
    person: { kind: 'person', userId: 'u-nguyen-van-luc', name: 'Nguyễn Văn Lực', organization: 'Tổng cục Thi hành án dân sự' } as const,
    agency: { kind: 'agency', code: 'TCTHADS', name: 'Tổng cục Thi hành án dân sự' } as const,
    signedAt,
    issuedAt: new Date(signedAt.getTime() + 30_000),
  };
};

export const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

export interface ExtractedSignature {
  subFilter: string | undefined;
  /** The DER of /Contents without its zero padding. */
  cms: Buffer;
  /** The bytes the byte range covers. */
  signed: Buffer;
}

export function extractSignatures(pdf: Uint8Array): ExtractedSignature[] {
  const buffer = Buffer.from(pdf);
  const text = buffer.toString('latin1');
  return [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].map((m) => {
    const [a, b, c, d] = m.slice(1, 5).map(Number) as [number, number, number, number];
    const der = Buffer.from(text.slice(b + 1, c - 1), 'hex');
    const lengthBytes = der[1]! & 0x80 ? der[1]! & 0x7f : 0;
    const length = lengthBytes ? 2 + lengthBytes + der.subarray(2, 2 + lengthBytes).reduce((n, x) => n * 256 + x, 0) : 2 + der[1]!;
    const subFilter = /\/SubFilter\s*\/([A-Za-z0-9.]+)/.exec(text.slice(Math.max(0, m.index - 256), m.index))?.[1];
    return { subFilter, cms: der.subarray(0, length), signed: Buffer.concat([buffer.subarray(a, a + b), buffer.subarray(c, c + d)]) };
  });
}

/** The signature value and the signature time-stamp token of a CMS's one SignerInfo. */
export function signerParts(cms: Uint8Array): { signatureValue: Buffer; token?: Buffer } {
  const signedData = AsnConvert.parse(AsnConvert.parse(cms, ContentInfo).content, SignedData);
  const signerInfo = signedData.signerInfos[0]!;
  const token = signerInfo.unsignedAttrs?.find((a) => a.attrType === '1.2.840.113549.1.9.16.2.14')?.attrValues[0];
  return { signatureValue: Buffer.from(signerInfo.signature.buffer), ...(token ? { token: Buffer.from(token) } : {}) };
}

export class OpensslBench {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'cong-van-openssl-'));
  private count = 0;

  file(bytes: Uint8Array | string, name = 'f'): string {
    const file = path.join(this.dir, `${++this.count}-${name}`);
    writeFileSync(file, bytes);
    return file;
  }

  run(...args: string[]): { ok: boolean; out: string } {
    const r = spawnSync('openssl', args, { encoding: 'utf8' });
    return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
