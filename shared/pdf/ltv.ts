/**
 * Long-term validation (ETSI EN 319 142-1, 5.4.2 and 5.5): after the agency's signature, an
 * incremental update adds a Document Security Store (/DSS: /Certs, /CRLs, /OCSPs) holding every
 * certificate of every signature's chain and of every time-stamp authority's chain, with revocation
 * data (OCSP response and CRL) for each certificate below its root: PAdES-B-LT. A document
 * time-stamp on top (sign-pdf.ts, addDocumentTimestamp) protects that data: PAdES-B-LTA.
 *
 * The reader (checkPdfLongTerm) adds to checkPdf's byte-level checks what the DSS says: the level
 * each signature reaches and its certificates' revocation status at the time it was time-stamped.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream } from 'pdf-lib';
import { AppError } from '../errors';
import { readCrl, readOcspResponse, type OcspStatus, type RevocationSource } from '../signing/revocation';
import type { CertificateView } from './cms';
import { PdfRevision } from './pdf-revision';
import { declarePades } from './sign-pdf';
import { checkPdf, type PdfCheck, type PdfSignatureReport } from './verify-pdf';
import type { PadesLevel, RevocationView } from '../domain/views/verification';

export interface ValidationData {
  certs: Uint8Array[];
  crls: Uint8Array[];
  ocsps: Uint8Array[];
}

const fingerprint = (der: Uint8Array) => createHash('sha256').update(der).digest('hex');
const unique = (items: Uint8Array[]) => [...new Map(items.map((i) => [fingerprint(i), i])).values()];
const selfSigned = (c: X509Certificate) => c.checkIssued(c) && c.verify(c.publicKey);

/** Each certificate below a root, with its issuer, from the chains the signatures and time-stamps carry. */
function certificatesToCheck(check: Extract<PdfCheck, { kind: 'pdf' }>): { all: Uint8Array[]; pairs: { cert: X509Certificate; issuer: X509Certificate }[] } {
  const chains = check.signatures.flatMap((s) => [s.certificates ?? [], s.timestamp?.certificates ?? []]).filter((c) => c.length);
  const pairs = new Map<string, { cert: X509Certificate; issuer: X509Certificate }>();
  for (const chain of chains) {
    const parsed = chain.map((der) => new X509Certificate(Buffer.from(der)));
    parsed.forEach((cert, i) => {
      const issuer = parsed[i + 1];
      if (!selfSigned(cert) && issuer) pairs.set(cert.fingerprint256, { cert, issuer });
      if (!selfSigned(cert) && !issuer) throw new Error(`No issuer found for ${cert.subject}`);
    });
  }
  return { all: unique(chains.flat()), pairs: [...pairs.values()] };
}

/**
 * Fetches the revocation data of every certificate in the file's signatures. A certificate for
 * which no source answers fails the step: a letter is never issued with a gap in its LTV data.
 */
export async function collectValidationData(pdf: Uint8Array, source: RevocationSource, trustedRoots: readonly Uint8Array[]): Promise<ValidationData> {
  const check = checkPdf(pdf, trustedRoots);
  if (check.kind !== 'pdf') throw new Error(check.problem.en);
  const { all, pairs } = certificatesToCheck(check);
  const crls: Uint8Array[] = [];
  const ocsps: Uint8Array[] = [];
  // Every source asked at once: the step waits for the slowest answer, not for their sum.
  const answers = await Promise.all(pairs.map(async ({ cert, issuer }) => ({ cert, answer: await Promise.all([source.ocsp(cert, issuer), source.crl(cert, issuer)]) })));
  for (const { cert, answer } of answers) {
    const [ocsp, crl] = answer;
    if (!ocsp && !crl) {
      throw new AppError('internal', {
        vi: `Không lấy được thông tin thu hồi cho chứng thư "${cert.subject.replace(/\n/g, ', ')}"; chưa ban hành, hãy thử lại.`,
        en: `No revocation data for the certificate "${cert.subject.replace(/\n/g, ', ')}"; nothing was issued, try again.`,
      });
    }
    if (ocsp) ocsps.push(ocsp);
    if (crl) crls.push(crl);
  }
  return { certs: all, crls: unique(crls), ocsps: unique(ocsps) };
}

/** The DSS written in an incremental update (uncompressed: DER compresses little, and readers stay simple). */
export async function addValidationData(pdf: Uint8Array, data: ValidationData): Promise<Uint8Array> {
  const revision = await PdfRevision.open(pdf);
  const { context, doc } = revision;
  const mark = context.largestObjectNumber;
  const existing = doc.catalog.lookupMaybe(PDFName.of('DSS'), PDFDict);
  const refsOf = (key: string, items: Uint8Array[]) => {
    const before = existing?.lookupMaybe(PDFName.of(key), PDFArray)?.asArray() ?? [];
    return context.obj([...before, ...items.map((bytes) => context.register(context.stream(bytes)))]);
  };
  const dss = context.obj({ Certs: refsOf('Certs', data.certs), CRLs: refsOf('CRLs', data.crls), OCSPs: refsOf('OCSPs', data.ocsps) });
  doc.catalog.set(PDFName.of('DSS'), context.register(dss));
  declarePades(revision);
  revision.writeNewSince(mark);
  return revision.append().pdf;
}

/** Collects and adds the DSS: the issued file becomes PAdES-B-LT. */
export async function addLongTermValidation(pdf: Uint8Array, source: RevocationSource, trustedRoots: readonly Uint8Array[]): Promise<Uint8Array> {
  return addValidationData(pdf, await collectValidationData(pdf, source, trustedRoots));
}

/** The DSS of a PDF as its latest revision has it; undefined when it has none or cannot be read. */
export async function readValidationData(pdf: Uint8Array): Promise<ValidationData | undefined> {
  // Parsing the object graph of an uploaded file costs time: only when it can have a DSS at all
  // (named in the clear, or possibly inside a compressed object stream).
  const raw = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  if (!raw.includes('/DSS', 0, 'latin1') && !raw.includes('/ObjStm', 0, 'latin1')) return undefined;
  try {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: true });
    const dss = doc.catalog.lookupMaybe(PDFName.of('DSS'), PDFDict);
    if (!dss) return undefined;
    const streams = (key: string) =>
      (dss.lookupMaybe(PDFName.of(key), PDFArray)?.asArray() ?? []).flatMap((ref) => {
        const stream = ref instanceof PDFRef ? doc.context.lookup(ref) : ref;
        return stream instanceof PDFRawStream ? [decodePDFRawStream(stream).decode()] : [];
      });
    return { certs: streams('Certs'), crls: streams('CRLs'), ocsps: streams('OCSPs') };
  } catch {
    return undefined;
  }
}

export type { PadesLevel, RevocationView } from '../domain/views/verification';

export interface LongTermReport extends PdfSignatureReport {
  /** The PAdES baseline level reached; absent for a signature that reaches none (not ETSI.CAdES.detached, or broken). */
  level?: PadesLevel;
  /** Revocation status of each certificate below the root, as the DSS records it, at the time-stamp's time. */
  revocation?: RevocationView[];
}

export type LongTermCheck = { kind: 'refused'; problem: { vi: string; en: string } } | (Omit<Extract<PdfCheck, { kind: 'pdf' }>, 'signatures'> & { kind: 'pdf'; signatures: LongTermReport[]; hasDss: boolean });

/** The status of `cert` at `at` per the OCSP responses and CRLs of `data` its issuer signed. */
function revocationOf(cert: X509Certificate, issuer: X509Certificate, data: ValidationData, at: Date): RevocationView {
  const subject = cert.subject;
  for (const der of data.ocsps) {
    const ocsp = readOcspResponse(der, issuer);
    if (!ocsp || ocsp.serialNumber !== cert.serialNumber.replace(/^(00)+(?=.)/, '')) continue;
    const status: OcspStatus = ocsp.status;
    if (status.status === 'revoked') {
      return { subject, status: status.at <= at ? 'revoked' : 'good', source: 'ocsp', checkedAt: ocsp.producedAt.toISOString(), revokedAt: status.at.toISOString() };
    }
    if (status.status === 'good') return { subject, status: 'good', source: 'ocsp', checkedAt: ocsp.producedAt.toISOString() };
  }
  for (const der of data.crls) {
    const crl = readCrl(der, issuer);
    if (!crl) continue;
    const entry = crl.revoked.find((r) => r.serialNumber === cert.serialNumber.replace(/^(00)+(?=.)/, ''));
    if (entry) return { subject, status: entry.at <= at ? 'revoked' : 'good', source: 'crl', checkedAt: crl.thisUpdate.toISOString(), revokedAt: entry.at.toISOString() };
    return { subject, status: 'good', source: 'crl', checkedAt: crl.thisUpdate.toISOString() };
  }
  return { subject, status: 'unknown' };
}

const chainPairs = (ders: readonly Uint8Array[] | undefined) => {
  const parsed = (ders ?? []).map((d) => new X509Certificate(Buffer.from(d)));
  return parsed.flatMap((cert, i) => (parsed[i + 1] && !selfSigned(cert) ? [{ cert, issuer: parsed[i + 1]! }] : []));
};

/** Every certificate of the signature's chain and of its time-stamp's chain has a good status in `data`. */
function covered(s: PdfSignatureReport, data: ValidationData | undefined, at: Date): { views: RevocationView[]; complete: boolean } {
  const all = [...chainPairs(s.certificates), ...chainPairs(s.timestamp?.certificates)];
  const pairs = [...new Map(all.map((p) => [p.cert.fingerprint256, p])).values()];
  if (!data) return { views: pairs.map(({ cert }) => ({ subject: cert.subject, status: 'unknown' })), complete: false };
  const views = pairs.map(({ cert, issuer }) => revocationOf(cert, issuer, data, at));
  return { views, complete: pairs.length > 0 && views.every((v) => v.status === 'good') };
}

/** The bytes of the revision a signature at `byteRange` was added to the end of (up to its %%EOF). */
function revisionBefore(pdf: Uint8Array, byteRangeStart: number): Uint8Array {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, byteRangeStart).toString('latin1');
  const eof = text.lastIndexOf('%%EOF');
  return pdf.subarray(0, eof < 0 ? 0 : eof + '%%EOF'.length);
}

/**
 * checkPdf plus long-term validation: the DSS of the latest revision, each signature's revocation
 * status and PAdES level. B-LTA needs a document time-stamp after the signature whose revision
 * already held that signature's validation data.
 */
export async function checkPdfLongTerm(bytes: Uint8Array, trustedRoots: readonly Uint8Array[]): Promise<LongTermCheck> {
  const check = checkPdf(bytes, trustedRoots);
  if (check.kind === 'refused') return check;
  const dss = await readValidationData(bytes);
  const docTimestamps = check.signatures.filter((s) => s.documentTimestamp && s.intact && s.trusted);
  const signatures: LongTermReport[] = [];
  for (const s of check.signatures) {
    if (s.documentTimestamp) {
      const { views } = covered(s, dss, s.timestamp?.time ?? new Date());
      signatures.push({ ...s, revocation: views });
      continue;
    }
    const at = s.timestamp?.intact ? s.timestamp.time : (s.signingTime ?? new Date());
    const { views, complete } = covered(s, dss, at);
    const bb = s.subFilter === 'ETSI.CAdES.detached' && s.signingCertificateV2 === true && s.intact && s.trusted;
    const bt = bb && s.timestamp?.intact === true && s.timestamp.trusted;
    const blt = bt && complete;
    let blta = false;
    if (blt) {
      for (const ts of docTimestamps) {
        if (ts.byteRange[1] <= s.byteRange[2]) continue;
        const before = await readValidationData(revisionBefore(bytes, ts.byteRange[1]));
        if (covered(s, before, at).complete) blta = true;
      }
    }
    const level: PadesLevel | undefined = blta ? 'B-LTA' : blt ? 'B-LT' : bt ? 'B-T' : bb ? 'B-B' : undefined;
    // A certificate revoked before the signature's time makes the signature worthless, whatever else holds.
    const revoked = views.filter((v) => v.status === 'revoked');
    const problems = revoked.length
      ? [...s.problems, { vi: 'Chứng thư đã bị thu hồi trước thời điểm ký.', en: 'A certificate was revoked before the time of signing.' }]
      : s.problems;
    signatures.push({ ...s, ...(revoked.length ? { trusted: false } : {}), ...(level ? { level } : {}), revocation: views, problems });
  }
  return { ...check, signatures, hasDss: dss !== undefined };
}

export type { CertificateView };
