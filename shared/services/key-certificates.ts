/**
 * Certificates from the agency's own CA for the signing keys (issue 12 §3). An administrator asks
 * for a PKCS#10 request signed by the identity's key (KMS in AWS, the development key locally), takes
 * it to the CA, and imports the chain the CA returns. The chain is checked before anything is stored
 * (chain-import.ts); once stored, the identity's next signature carries it instead of the system's
 * own CA certificate. Both steps are audited on the agency's or person's record.
 *
 * An identity is named `agency-<code>` / `person-<id>` (as KMS aliases and SSM parameters name it), or
 * by the bare agency code or person id.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { auditPut, transactWrite } from '../data/audit';
import { getAgency } from '../data/agency-repo';
import { keys } from '../data/keys';
import { buildName } from '../signing/certificates';
import { checkImportedChain } from '../signing/chain-import';
import { buildCsr, csrToPem } from '../signing/csr';
import { identityId, subjectOf, type CertifiableKeys, type SigningIdentity } from '../signing/signer';
import { certifiableKeys } from '../signing/signers';
import { auditOf, type UseCaseContext } from './context';
import { agencyIdentity, personIdentity } from './signing-identities';

export async function signingIdentityOf(ref: string): Promise<SigningIdentity & { kind: 'person' | 'agency' }> {
  if (ref.startsWith('agency-')) return agencyIdentity(ref.slice('agency-'.length));
  if (ref.startsWith('person-')) return personIdentity(ref.slice('person-'.length));
  return (await getAgency(ref)) ? agencyIdentity(ref) : personIdentity(ref);
}

const entityPkOf = (identity: SigningIdentity & { kind: 'person' | 'agency' }) =>
  identity.kind === 'agency' ? keys.agency(identity.code).PK : keys.person(identity.userId).PK;

const sha256Hex = (der: Uint8Array) => createHash('sha256').update(der).digest('hex');

export interface CertificateRequest {
  identity: string;
  /** PEM `CERTIFICATE REQUEST`, for the CA. */
  pem: string;
  /** SHA-256 of the key's SubjectPublicKeyInfo: what the imported certificate must certify. */
  publicKeySha256: string;
}

/** A CSR for the identity's key, signed by that key, naming the registered person or agency (UID included). */
export async function certificateRequest(ctx: UseCaseContext, ref: string, port: CertifiableKeys = certifiableKeys()): Promise<CertificateRequest> {
  const identity = await signingIdentityOf(ref);
  const publicKey = await port.publicKeyOf(identity);
  const der = await buildCsr({ subject: buildName(subjectOf(identity)), publicKey, signDigest: (digest) => port.signDigestWith(identity, digest) });
  const id = identityId(identity);
  const publicKeySha256 = sha256Hex(publicKey);
  await transactWrite([auditPut(entityPkOf(identity), auditOf(ctx, 'certificate.request', { details: { identity: id, publicKeySha256 } }))]);
  return { identity: id, pem: csrToPem(der), publicKeySha256 };
}

export interface ImportedChain {
  identity: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  validFrom: string;
  validTo: string;
  fingerprint256: string;
  /** The root the chain ends at, and whether it was trusted only from this import on. */
  root: { subject: string; fingerprint256: string; newlyTrusted: boolean };
  chainLength: number;
}

/** Checks the CA's chain against the identity's key and record, then stores it where its signer reads it. */
export async function importCertificateChain(ctx: UseCaseContext, ref: string, pem: string, port: CertifiableKeys = certifiableKeys()): Promise<ImportedChain> {
  const identity = await signingIdentityOf(ref);
  const checked = checkImportedChain({
    pem,
    publicKey: await port.publicKeyOf(identity),
    expected: subjectOf(identity),
    trustedRoots: await port.trustedRoots(),
    now: ctx.clock.now(),
  });
  const leaf = new X509Certificate(Buffer.from(checked.chain[0]!));
  const root = new X509Certificate(Buffer.from(checked.root));
  const view: ImportedChain = {
    identity: identityId(identity),
    subject: leaf.subject.replace(/\n/g, ', '),
    issuer: leaf.issuer.replace(/\n/g, ', '),
    serialNumber: leaf.serialNumber,
    validFrom: new Date(leaf.validFrom).toISOString(),
    validTo: new Date(leaf.validTo).toISOString(),
    fingerprint256: leaf.fingerprint256,
    root: { subject: root.subject.replace(/\n/g, ', '), fingerprint256: root.fingerprint256, newlyTrusted: checked.newRoot },
    chainLength: checked.chain.length,
  };
  await port.storeChain(identity, checked.chain, checked.root, checked.newRoot);
  await transactWrite([auditPut(entityPkOf(identity), auditOf(ctx, 'certificate.import', { details: { ...view } }))]);
  return view;
}
