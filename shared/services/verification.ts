/**
 * Public verification of an issued công văn: given an uploaded file or a dispatch id (the QR code /
 * URL printed on page 1), say whether it is a document this system issued, what it is (number,
 * date, issuer, signer) and whether each signature is valid and the bytes match the stored SHA-256.
 * Only what the letter itself prints is disclosed.
 */
import { getAgency } from '../data/agency-repo';
import { findDispatchIdByPdfHash, getDispatch, type DispatchRecord } from '../data/dispatch-repo';
import { getPerson } from '../data/people-repo';
import { agencyUid } from '../signing/signer';
import { invalidField } from '../errors';
import { getPdf } from '../pdf/store';
import { keys } from '../data/keys';
import { verifyEntityAudit } from './audit-verification';
import { checkPdfLongTerm, type LongTermReport } from '../pdf/ltv';
import type { IssuedDocument, RegisteredSigner, SignatureView, VerificationReport } from '../domain/views/verification';
import { signers } from '../signing/signers';
import { createHash } from 'node:crypto';

const fingerprintOf = (der: Uint8Array) => createHash('sha256').update(der).digest('hex');

export type { IssuedDocument, RegisteredSigner, SignatureView, VerificationReport } from '../domain/views/verification';

/** Internally the person's id too, to compare with the dispatch; the public report shows what the letter prints. */
type Registered = RegisteredSigner | (RegisteredSigner & { kind: 'person'; id: string });

/** What POST /verify accepts; the Lambda payload limit (6 MB, base64 inflates by a third) caps it. */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024;

/**
 * What the page prints as issuer and signer comes from the records the signatures' certificates name,
 * never from the letter's text: a letter naming one person but signed with another's key shows the key's
 * owner (and is not authentic). Before any signature (or without one of ours), nothing is vouched for.
 */
function documentOf(d: DispatchRecord, signatures: readonly SignatureView[]): IssuedDocument {
  const { subject } = d.content;
  const person = signatures.map((s) => s.registered).find((r) => r?.kind === 'person');
  const agency = signatures.map((s) => s.registered).find((r) => r?.kind === 'agency');
  const unknown = { vi: '(không xác định được từ chữ ký số)', en: '(not established by a digital signature)' };
  return {
    dispatchId: d.id,
    ...(d.symbol ? { symbol: d.symbol } : {}),
    ...(d.number !== undefined ? { number: d.number } : {}),
    ...(d.issuedOn ? { issuedOn: d.issuedOn } : {}),
    issuer:
      agency?.kind === 'agency'
        ? { name: agency.name.toLocaleUpperCase('vi-VN'), code: agency.code, ...(agency.parent ? { parent: agency.parent.toLocaleUpperCase('vi-VN') } : {}) }
        : { name: `${unknown.vi} ${unknown.en}`, code: d.agencyCode },
    subject,
    signer: person?.kind === 'person' ? { name: person.name, position: person.position } : { name: `${unknown.vi} ${unknown.en}`, position: '' },
    state: d.state,
    ...(d.pdfSha256 ? { storedSha256: d.pdfSha256 } : {}),
  };
}

const viewOf = (s: LongTermReport): SignatureView => ({
  ...(s.signer ? { signer: s.signer.commonName } : {}),
  ...(s.signer?.organization ? { organization: s.signer.organization } : {}),
  ...(s.signingTime ? { signingTime: s.signingTime.toISOString() } : {}),
  ...(s.reason ? { reason: s.reason } : {}),
  valid: s.intact,
  trusted: s.trusted,
  coversWholeFile: s.coversWholeFile,
  ...(s.subFilter ? { subFilter: s.subFilter } : {}),
  ...(s.documentTimestamp ? { documentTimestamp: true } : {}),
  ...(s.level ? { level: s.level } : {}),
  ...(s.timestamp
    ? { timestamp: { time: s.timestamp.time.toISOString(), authority: s.timestamp.authority, valid: s.timestamp.intact, trusted: s.timestamp.trusted } }
    : {}),
  ...(s.chain ? { chain: s.chain.map(({ subject, issuer, serialNumber, validFrom, validTo }) => ({ subject, issuer, serialNumber, validFrom, validTo })) } : {}),
  ...(s.revocation ? { revocation: s.revocation } : {}),
  problems: s.problems,
});

/** The person or agency record a certificate's UID names, if any. */
async function registeredOf(uid: string | undefined): Promise<Registered | undefined> {
  if (!uid) return undefined;
  if (uid.startsWith(agencyUid(''))) {
    const agency = await getAgency(uid.slice(agencyUid('').length));
    return agency ? { kind: 'agency', code: agency.code, name: agency.name, ...(agency.parent ? { parent: agency.parent } : {}) } : undefined;
  }
  const person = await getPerson(uid);
  return person ? { kind: 'person', id: person.id, name: person.name, position: person.position, agencyCode: person.agencyCode } : undefined;
}

/** The signatures must be the named signer's and the dispatch's own agency's: anyone else's key is a problem. */
function signedByTheRightPeople(d: DispatchRecord, registered: readonly (Registered | undefined)[]): boolean {
  const ids = registered.map((r) => (r?.kind === 'person' && 'id' in r ? r.id : r?.kind === 'agency' ? agencyUid(r.code) : undefined));
  const expected = [...(d.signedPdfKey ? [d.content.signer.userId] : []), agencyUid(d.agencyCode)];
  return ids.length === expected.length && ids.every((id, i) => id === expected[i]);
}

async function report(bytes: Uint8Array, known?: DispatchRecord): Promise<VerificationReport> {
  const check = await checkPdfLongTerm(bytes, await signers().trustedRoots());
  if (check.kind === 'refused') throw invalidField('(body)', check.problem.vi, check.problem.en);
  const dispatchId = known?.id ?? (await findDispatchIdByPdfHash(check.sha256));
  const dispatch = known ?? (dispatchId ? await getDispatch(dispatchId) : undefined);
  const matches = dispatch?.pdfSha256 ? dispatch.pdfSha256 === check.sha256 : null;
  // Only a certificate of our own CA can vouch for a record; a stranger's UID says nothing. A
  // document time-stamp is the TSA's, not a person's or agency's: it names no record.
  const registered = await Promise.all(check.signatures.map((s) => (s.trusted && !s.documentTimestamp ? registeredOf(s.signer?.userId) : undefined)));
  const own = new Set((await signers().ownRoots()).map(fingerprintOf));
  const signatures: SignatureView[] = check.signatures.map((s, i) => {
    const root = s.trusted ? s.certificates?.at(-1) : undefined;
    const view = { ...viewOf(s), ...(root ? { issuerKind: own.has(fingerprintOf(root)) ? ('internal' as const) : ('external' as const) } : {}) };
    const r = registered[i];
    if (!r) return view;
    const { id: _id, ...shown } = r as Registered & { id?: string };
    return { ...view, registered: shown as RegisteredSigner };
  });
  const bySigners = registered.filter((_, i) => !check.signatures[i]!.documentTimestamp);
  const rightPeople = dispatch ? signedByTheRightPeople(dispatch, bySigners) : false;
  if (dispatch && !rightPeople) {
    signatures.at(-1)?.problems.push({
      vi: 'Chữ ký số không phải của người ký và cơ quan ban hành được ghi nhận cho văn bản này.',
      en: 'The signatures are not those of the signer and issuing agency recorded for this document.',
    });
  }
  const signaturesValid = signatures.length > 0 && signatures.every((s) => s.valid && s.trusted) && signatures.at(-1)!.coversWholeFile;
  const audit = dispatch ? await verifyEntityAudit(keys.dispatch(dispatch.id).PK) : undefined;
  const auditIntact = audit ? audit.intact : null;
  return {
    authentic: matches === true && signaturesValid && rightPeople && auditIntact === true,
    sha256: check.sha256,
    size: check.size,
    matchesStoredSha256: matches,
    ...(dispatch ? { document: documentOf(dispatch, signatures) } : {}),
    signatures,
    signaturesValid,
    auditIntact,
    ...(audit?.break ? { auditBreak: { kind: audit.break.kind, ...(audit.break.seq !== undefined ? { seq: audit.break.seq } : {}), message: audit.break.message } } : {}),
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
