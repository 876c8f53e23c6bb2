import { auditPut, transactWrite, type AuditEvent } from '../../shared/data/audit';
import { keys } from '../../shared/data/keys';
import { getSignatureImage, putSignatureImage, type SignatureImageKind } from '../../shared/data/signature-image-store';
import { specimenSealPng, specimenSignaturePng } from '../../shared/pdf/specimen-images';
import { demoAgencies, demoPeople } from './demo-data';

/**
 * The demo's signature images (Nghị định 30/2020): a drawn specimen seal for each demo agency and a
 * drawn specimen signature for each demo signer, both marked "MẪU" (shared/pdf/specimen-images.ts).
 * Each is written only when none is stored, so an image uploaded since is kept across restarts, and
 * a data folder seeded before images existed gets them on its next start.
 */
export async function seedSpecimenImages(): Promise<number> {
  let written = 0;
  const put = async (kind: SignatureImageKind, owner: string, entityPk: string, draw: () => Uint8Array) => {
    if (await getSignatureImage(kind, owner)) return;
    const png = draw();
    const sha256 = await putSignatureImage(kind, owner, png);
    const audit: AuditEvent = {
      at: new Date().toISOString(),
      actor: 'system:seed',
      action: kind === 'seal' ? 'agency.sealImage' : 'person.signatureImage',
      details: { kind, sha256, bytes: png.length, specimen: true },
    };
    await transactWrite([auditPut(entityPk, audit)]);
    written++;
  };
  for (const agency of demoAgencies) await put('seal', agency.code, keys.agency(agency.code).PK, () => specimenSealPng(agency.code));
  for (const person of demoPeople.filter((p) => p.roles.includes('signer'))) {
    await put('signature', person.id, keys.person(person.id).PK, () => specimenSignaturePng(person.name));
  }
  return written;
}
