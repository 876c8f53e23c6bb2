import type { FieldError } from '../errors';
import type { Agency } from '../schemas/agency';
import type { Issuer, SignerChoice, Signer } from '../schemas/dispatch';
import { sameForm, signatureBlockOf, type Person } from '../schemas/person';

/**
 * Who may act for whom. Pure: the services load the records and apply these rules; the lifecycle
 * (lifecycle.ts) applies the same agency rule to every transition.
 */

/** The issuer block a letter prints, from the agency's record: header lines upper-case as Nghị định 30 sets them. */
export function issuerOf(agency: Agency): Issuer {
  return {
    ...(agency.parent ? { parent: agency.parent.toLocaleUpperCase('vi-VN') } : {}),
    name: agency.name.toLocaleUpperCase('vi-VN'),
    code: agency.code,
    place: agency.place,
    ...(agency.unitId ? { unitId: agency.unitId } : {}),
  };
}

// In its own module (agency-tree.ts) for the route gate, which needs nothing else from here (issue 11).
export { readableAgencies } from './agency-tree';

/**
 * The signature block for a clerk's choice of signer, or why the choice is refused. The signer must be a
 * registered, active signer of the dispatch's own agency, choosing a form their record allows, and not
 * one of the people who drafted the letter (separation of duties).
 */
export function signatureFor(
  choice: SignerChoice,
  person: Person | undefined,
  agencyCode: string,
  drafters: readonly string[],
  field = 'signer',
): { signer: Signer } | { problem: FieldError } {
  const refuse = (vi: string, en: string) => ({ problem: { field, vi: `${field}: ${vi}`, en: `${field}: ${en}` } });
  if (!person) return refuse(`không có người ký "${choice.personId}" trong danh bạ`, `no person "${choice.personId}" in the directory`);
  if (!person.active) return refuse(`${person.name} đã ngừng hoạt động`, `${person.name} is no longer active`);
  if (person.agencyCode !== agencyCode) {
    return refuse(`${person.name} thuộc cơ quan ${person.agencyCode}, không ký cho ${agencyCode}`, `${person.name} belongs to ${person.agencyCode}, not ${agencyCode}`);
  }
  if (!person.roles.includes('signer')) return refuse(`${person.name} không có quyền ký`, `${person.name} may not sign`);
  if (drafters.includes(person.id)) {
    return refuse(`người soạn thảo công văn không được tự ký công văn đó`, `the person who drafts a dispatch may not also sign it`);
  }
  const form = person.signingForms.find((f) => sameForm(f, choice));
  if (!form) {
    const allowed = person.signingForms.map(formLabel).join(', ');
    return refuse(
      `${person.name} không được ký theo hình thức "${formLabel(choice)}" (được phép: ${allowed})`,
      `${person.name} may not sign as "${formLabel(choice)}" (allowed: ${allowed})`,
    );
  }
  return { signer: signatureBlockOf(person, form) };
}

/** "KT. Tổng cục trưởng", or "Người đứng đầu" for the head signing in their own name. */
export function formLabel(form: Pick<SignerChoice, 'authority' | 'headTitle'>): string {
  if (!form.authority) return 'Người đứng đầu / head';
  return form.headTitle ? `${form.authority}. ${form.headTitle}` : `${form.authority}.`;
}
