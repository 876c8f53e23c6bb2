/**
 * PKCS#10 certificate signing requests (RFC 2986) for the signing keys: the request names the
 * registered person or agency (the same DN as the system's own certificates, UID included) and is
 * signed by the very key it asks to certify, so the CA sees proof of possession. The key never leaves
 * its store: `sign` receives the SHA-256 digest of the CertificationRequestInfo (KMS Sign with
 * MessageType DIGEST, or the local development key).
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import { AsnConvert } from '@peculiar/asn1-schema';
import type { Name } from '@peculiar/asn1-x509';
import { SHA256_WITH_RSA, toPem } from './certificates';
import { int, oid, raw, seq, toDer, view } from './der';

export interface CsrParams {
  subject: Name;
  /** DER SubjectPublicKeyInfo of the key (kms:GetPublicKey returns exactly this). */
  publicKey: Uint8Array;
  /** RSASSA-PKCS1-v1_5 signature of a SHA-256 digest with the key being certified. */
  signDigest: (digest: Uint8Array) => Promise<Uint8Array>;
}

export async function buildCsr(params: CsrParams): Promise<Uint8Array> {
  const info = toDer(
    seq(
      int(0),
      raw(new Uint8Array(AsnConvert.serialize(params.subject))),
      raw(params.publicKey),
      // attributes [0] IMPLICIT SET OF Attribute: none (the CA decides the extensions it certifies).
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [] }),
    ),
  );
  const signature = await params.signDigest(new Uint8Array(createHash('sha256').update(info).digest()));
  return toDer(seq(raw(info), seq(oid(SHA256_WITH_RSA), new asn1js.Null()), new asn1js.BitString({ valueHex: view(signature) })));
}

export const csrToPem = (der: Uint8Array) => toPem(der, 'CERTIFICATE REQUEST');
