/**
 * What the public verification page shows (shared/services/verification.ts builds it, shared/pdf/ltv.ts
 * checks the long-term signatures): only what the letter itself prints, and each signature's checks.
 */

export type PadesLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

export interface RevocationView {
  subject: string;
  /** `good`: not revoked at the signature's time; `revoked`: revoked before it; `unknown`: no data for it in the DSS. */
  status: 'good' | 'revoked' | 'unknown';
  /** Where the answer came from, and when that source said it. */
  source?: 'ocsp' | 'crl';
  checkedAt?: string;
  revokedAt?: string;
}

export interface IssuedDocument {
  dispatchId: string;
  /** "01/TCTHADS-CNTT" */
  symbol?: string;
  number?: number;
  issuedOn?: string;
  issuer: { name: string; code: string; parent?: string };
  subject: string;
  signer: { name: string; position: string };
  /** `recalled` when the issuer withdrew it after issue. */
  state: string;
  storedSha256?: string;
}

/** Whose record a signature's certificate names (its UID), as the directory knows them now. */
export type RegisteredSigner =
  | { kind: 'person'; name: string; position: string; agencyCode: string }
  | { kind: 'agency'; code: string; name: string; parent?: string };

export interface SignatureView {
  signer?: string;
  /** The registered person or agency the certificate belongs to; absent when it names no record of ours. */
  registered?: RegisteredSigner;
  organization?: string;
  signingTime?: string;
  reason?: string;
  /** The signed bytes are unchanged and the signature matches the certificate. */
  valid: boolean;
  /** The certificate was issued by this system's certificate authority. */
  trusted: boolean;
  /** Nothing was added after this signature. */
  coversWholeFile: boolean;
  /**
   * Who certified the key, for a trusted signature: `internal`, the system's own CA (until an
   * administrator imports a chain from the agency's CA, issue 12 §3); `external`, a CA whose chain was imported.
   */
  issuerKind?: 'internal' | 'external';
  /** `/SubFilter` as written (ETSI.CAdES.detached for PAdES). */
  subFilter?: string;
  /** A document time-stamp (PAdES-B-LTA) rather than a person's or agency's signature. */
  documentTimestamp?: boolean;
  /** The PAdES baseline level reached (B-B, B-T, B-LT, B-LTA); absent when none. */
  level?: PadesLevel;
  /** The signature time-stamp: when the TSA saw the signature, and which TSA. */
  timestamp?: { time: string; authority: string; valid: boolean; trusted: boolean };
  /** The certificate chain, the signer's certificate first, up to the root. */
  chain?: { subject: string; issuer: string; serialNumber: string; validFrom: string; validTo: string }[];
  /** Revocation status of each certificate below the root at the signature's time, from the file's DSS. */
  revocation?: RevocationView[];
  problems: { vi: string; en: string }[];
}

export interface VerificationReport {
  /** Issued by this system and intact: the bytes match an issued document's stored SHA-256. */
  authentic: boolean;
  sha256: string;
  size: number;
  /** Whether the bytes match the stored SHA-256 of the document (null: no document matched). */
  matchesStoredSha256: boolean | null;
  document?: IssuedDocument;
  signatures: SignatureView[];
  /** Every signature valid and trusted, the last one covering the whole file. */
  signaturesValid: boolean;
  /**
   * The dispatch's audit trail is intact: every hash chain unbroken, at its head and not behind the
   * latest seal (null: no document matched). `authentic` requires it.
   */
  auditIntact: boolean | null;
  /** The first broken link, when the trail is not intact (which chain position, not what it held). */
  auditBreak?: { kind: string; seq?: number; message: string };
}
