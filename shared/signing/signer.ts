import { X509Certificate } from 'node:crypto';

/**
 * The signing port. A signer holds one private key and its certificate chain; it signs a SHA-256
 * digest and never hands the key out. Two implementations: the local development CA
 * (local-ca.ts, keys under the local stack's data directory) and AWS KMS (kms-signer.ts, keys that
 * never leave KMS). Everything that builds signatures (pdf/cms.ts, pdf/sign-pdf.ts) sees only this.
 *
 * Keys are RSA 2048 and signatures RSASSA-PKCS1-v1_5 with SHA-256: what KMS offers for RSA keys and
 * what every PDF reader (poppler/NSS, Acrobat, the Ban Cơ yếu's tools) verifies.
 */
export interface Signer {
  /** DER certificates: the signer's own first, then its issuers up to and including the root. */
  certificates(): Promise<Uint8Array[]>;
  /** RSASSA-PKCS1-v1_5 signature of a SHA-256 digest. */
  signDigest(digest: Uint8Array): Promise<Uint8Array>;
}

/**
 * Who signs: a person (the named signer of a dispatch), the issuing agency (applied by Văn thư), or a
 * service of the system itself (`audit`: the seal of the audit chains; never a document).
 */
export type SigningIdentity =
  | { kind: 'person'; userId: string; name: string; organization: string }
  | { kind: 'agency'; code: string; name: string; organization?: string }
  | { kind: 'service'; id: 'audit'; name: string; organization: string };

/** The certificate subject of an identity: names from the records, and whose record it is (UID). */
export const subjectOf = (identity: SigningIdentity) =>
  identity.kind === 'person'
    ? { commonName: identity.name, organization: identity.organization, userId: identity.userId, country: 'VN' }
    : identity.kind === 'service'
      ? { commonName: identity.name, organization: identity.organization, userId: serviceUid(identity.id), country: 'VN' }
      : { commonName: identity.name, organization: identity.organization ?? identity.name, userId: agencyUid(identity.code), country: 'VN' };

/** The UID of an agency's seal certificate; a colon never appears in a person's id, so the two cannot clash. */
export const agencyUid = (code: string) => `AGENCY:${code}`;

/** The UID of a service certificate (no record of the directory; PDF verification never treats it as a signer). */
export const serviceUid = (id: string) => `SERVICE:${id}`;

export interface SignerDirectory {
  signerFor(identity: SigningIdentity): Promise<Signer>;
  /**
   * DER certificates of the roots our signatures chain to (the verifier trusts these, no others): the
   * system's own CA, and the roots of the CAs whose chains an administrator imported (issue 12 §3).
   */
  trustedRoots(): Promise<Uint8Array[]>;
  /** The system's own CA only: a signature chaining to it is certified internally, not by a CA of the agency's choice. */
  ownRoots(): Promise<Uint8Array[]>;
}

/**
 * The port the certification of a signing key uses (a CSR signed by the key, then the CA's chain
 * stored where the signers read it): KMS in AWS, the development CA's key files locally, the same
 * service code over both (shared/services/key-certificates.ts).
 */
export interface CertifiableKeys {
  /** DER SubjectPublicKeyInfo of the identity's signing key (kms:GetPublicKey; locally made on first use). */
  publicKeyOf(identity: SigningIdentity): Promise<Uint8Array>;
  /** RSASSA-PKCS1-v1_5 signature of a SHA-256 digest with the identity's own key (proof of possession). */
  signDigestWith(identity: SigningIdentity, digest: Uint8Array): Promise<Uint8Array>;
  trustedRoots(): Promise<Uint8Array[]>;
  /**
   * Stores a checked chain (DER, leaf first, root last) where the identity's signer reads it, and
   * trusts `root` from now on when `newRoot`. The next signature of the identity carries this chain.
   */
  storeChain(identity: SigningIdentity, chain: Uint8Array[], root: Uint8Array, newRoot: boolean): Promise<void>;
}

/** A chain ends at a root when its last certificate is self-issued and self-signed. */
export const endsAtRoot = (chain: readonly Uint8Array[]): boolean => {
  const last = chain.at(-1);
  if (!last) return false;
  const cert = new X509Certificate(Buffer.from(last));
  return cert.checkIssued(cert) && cert.verify(cert.publicKey);
};

/**
 * A stable, path- and alias-safe id: the local CA's file name and the KMS alias / SSM parameter
 * suffix, e.g. `person-u-nguyen-van-luc`, `agency-TCTHADS`.
 */
export function identityId(identity: SigningIdentity): string {
  const raw = identity.kind === 'person' ? `person-${identity.userId}` : identity.kind === 'service' ? `service-${identity.id}` : `agency-${identity.code}`;
  return raw.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Where the KMS key of an identity is found (infra/aws/signing.ts creates it under this alias). */
export const kmsAliasOf = (prefix: string, id: string) => `alias/${prefix}/${id}`;
/** The SSM parameter holding an identity's PEM certificate chain (`ca`: the root). */
export const certificateParameterOf = (prefix: string, id: string) => `/${prefix}/certificates/${id}`;

/** DigestInfo prefix of SHA-256 (RFC 8017, 9.2): what PKCS#1 v1.5 signs in front of the digest. */
export const SHA256_DIGEST_INFO_PREFIX = Buffer.from('3031300d060960864801650304020105000420', 'hex');
