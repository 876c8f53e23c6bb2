import { X509Certificate, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildName, issueCertificate, positiveSerial } from '../../../shared/signing/certificates';

describe('positiveSerial', () => {
  it('gives a minimal, positive DER INTEGER for every possible first and second octet', () => {
    for (let first = 0; first < 256; first++) {
      for (const second of [0x00, 0x7f, 0x80, 0xff]) {
        const serial = positiveSerial(Uint8Array.from([first, second, ...new Uint8Array(14)]));
        // Minimal: no leading 0x00; positive: top bit clear. Both hold only if the first octet is 0x01..0x7f.
        expect(serial[0]).toBeGreaterThan(0);
        expect(serial[0]).toBeLessThan(0x80);
        expect(serial.length).toBe(16);
      }
    }
  });

  it('keeps every other random octet', () => {
    const random = Uint8Array.from({ length: 16 }, (_, i) => i * 17);
    expect([...positiveSerial(random).subarray(1)]).toEqual([...random.subarray(1)]);
  });
});

describe('issueCertificate', () => {
  // Before positiveSerial, 1 certificate in 256 had a non-minimal serial that OpenSSL refused to parse.
  it('issues certificates that OpenSSL parses, every time', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicKey = new Uint8Array(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }));
    const name = buildName({ commonName: 'Nguyễn Văn Lực', organization: 'Tổng cục Thi hành án dân sự', userId: 'u-1', country: 'VN' });
    const now = Date.now();
    for (let i = 0; i < 600; i++) {
      const der = await issueCertificate({
        subject: name,
        issuer: name,
        publicKey,
        ca: false,
        notBefore: new Date(now - 3600_000),
        notAfter: new Date(now + 3600_000),
        sign: async (tbs) => new Uint8Array(sign('sha256', tbs, privateKey)),
      });
      const cert = new X509Certificate(Buffer.from(der));
      expect(cert.serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/);
    }
  });
});
