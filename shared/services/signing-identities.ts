/**
 * Keys sign only for registered people and agencies, and their certificates name exactly what the
 * records say: nothing a clerk types reaches a certificate. A person's key signs only for that active
 * signer; an agency's seal only for that active agency.
 */
import { X509Certificate } from 'node:crypto';
import { getAgency } from '../data/agency-repo';
import { getPerson } from '../data/people-repo';
import { conflict, forbidden } from '../errors';
import { agencyUid, type Signer, type SigningIdentity } from '../signing/signer';
import { signers } from '../signing/signers';

export async function personSigner(personId: string): Promise<Signer> {
  return checked(await personIdentity(personId), personId);
}

export async function agencySigner(code: string): Promise<Signer> {
  return checked(await agencyIdentity(code), agencyUid(code));
}

/** The signing identity of an active signer, named as the records say (also what a CSR asks the CA to certify). */
export async function personIdentity(personId: string): Promise<SigningIdentity & { kind: 'person' }> {
  const person = await getPerson(personId);
  if (!person?.active || !person.roles.includes('signer')) {
    throw forbidden({ vi: `Không có người ký đang hoạt động "${personId}" trong danh bạ.`, en: `No active signer "${personId}" in the directory.` });
  }
  const agency = await getAgency(person.agencyCode);
  return { kind: 'person', userId: person.id, name: person.name, organization: agency?.name ?? person.agencyCode };
}

/** The signing identity of an active issuing agency (its seal). */
export async function agencyIdentity(code: string): Promise<SigningIdentity & { kind: 'agency' }> {
  const agency = await getAgency(code);
  if (!agency?.active) throw forbidden({ vi: `Không có cơ quan ban hành "${code}".`, en: `No issuing agency "${code}".` });
  return { kind: 'agency', code: agency.code, name: agency.name, ...(agency.parent ? { organization: agency.parent } : {}) };
}

/**
 * The certificate a signer presents must name the record it signs for (its UID): with certificates
 * provisioned by hand in AWS (SSM), a chain put under the wrong identity is refused before any signature.
 */
async function checked(identity: SigningIdentity, uid: string): Promise<Signer> {
  const signer = await signers().signerFor(identity);
  const [leaf] = await signer.certificates();
  const subject = leaf ? new X509Certificate(Buffer.from(leaf)).subject : '';
  if (!subject.split('\n').includes(`UID=${uid}`)) {
    throw conflict({
      vi: `Chứng thư số của ${identity.name} không mang định danh ${uid} trong danh bạ; cần cấp lại chứng thư.`,
      en: `The certificate of ${identity.name} does not carry the directory id ${uid}; it must be issued again.`,
    });
  }
  return signer;
}
