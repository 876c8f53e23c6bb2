/**
 * Public verification of an issued công văn: given an uploaded file or a dispatch id (the QR code /
 * URL printed on page 1), say whether it is a document this system issued, what it is (number,
 * date, issuer, signer) and whether each signature is valid and the bytes match the stored SHA-256.
 * Only what the letter itself prints is disclosed.
 */
import { findDispatchIdByPdfHash, getDispatch, type DispatchRecord } from '../data/dispatch-repo';
import { invalidField } from '../errors';
import { getPdf } from '../pdf/store';
import { checkPdf, type PdfSignatureReport } from '../pdf/verify-pdf';
import { signers } from '../signing/signers';

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

export interface SignatureView {
  signer?: string;
  organization?: string;
  signingTime?: string;
  reason?: string;
  /** The signed bytes are unchanged and the signature matches the certificate. */
  valid: boolean;
  /** The certificate was issued by this system's certificate authority. */
  trusted: boolean;
  /** Nothing was added after this signature. */
  coversWholeFile: boolean;
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
}

/** What POST /verify accepts; the Lambda payload limit (6 MB, base64 inflates by a third) caps it. */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024;

function documentOf(d: DispatchRecord): IssuedDocument {
  const { issuer, subject, signer } = d.content;
  return {
    dispatchId: d.id,
    ...(d.symbol ? { symbol: d.symbol } : {}),
    ...(d.number !== undefined ? { number: d.number } : {}),
    ...(d.issuedOn ? { issuedOn: d.issuedOn } : {}),
    issuer: { name: issuer.name, code: issuer.code, ...(issuer.parent ? { parent: issuer.parent } : {}) },
    subject,
    signer: { name: signer.name, position: signer.position },
    state: d.state,
    ...(d.pdfSha256 ? { storedSha256: d.pdfSha256 } : {}),
  };
}

const viewOf = (s: PdfSignatureReport): SignatureView => ({
  ...(s.signer ? { signer: s.signer.commonName } : {}),
  ...(s.signer?.organization ? { organization: s.signer.organization } : {}),
  ...(s.signingTime ? { signingTime: s.signingTime.toISOString() } : {}),
  ...(s.reason ? { reason: s.reason } : {}),
  valid: s.intact,
  trusted: s.trusted,
  coversWholeFile: s.coversWholeFile,
  problems: s.problems,
});

async function report(bytes: Uint8Array, known?: DispatchRecord): Promise<VerificationReport> {
  const check = checkPdf(bytes, await signers().trustedRoots());
  if (check.kind === 'refused') throw invalidField('(body)', check.problem.vi, check.problem.en);
  const dispatchId = known?.id ?? (await findDispatchIdByPdfHash(check.sha256));
  const dispatch = known ?? (dispatchId ? await getDispatch(dispatchId) : undefined);
  const matches = dispatch?.pdfSha256 ? dispatch.pdfSha256 === check.sha256 : null;
  const signatures = check.signatures.map(viewOf);
  const signaturesValid = signatures.length > 0 && signatures.every((s) => s.valid && s.trusted) && signatures.at(-1)!.coversWholeFile;
  return {
    authentic: matches === true && signaturesValid,
    sha256: check.sha256,
    size: check.size,
    matchesStoredSha256: matches,
    ...(dispatch ? { document: documentOf(dispatch) } : {}),
    signatures,
    signaturesValid,
  };
}

/** An uploaded file: recognised by its SHA-256 among issued documents, signatures checked. */
export async function verifyUpload(bytes: Uint8Array): Promise<VerificationReport> {
  return report(bytes);
}

/** The stored file of an issued dispatch, checked again; undefined when there is none (yet). */
export async function verifyIssued(dispatchId: string): Promise<VerificationReport | undefined> {
  const dispatch = await getDispatch(dispatchId);
  if (!dispatch?.pdfKey || (dispatch.state !== 'issued' && dispatch.state !== 'recalled')) return undefined;
  return report(await getPdf(dispatch.pdfKey), dispatch);
}
