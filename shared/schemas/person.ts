import { roles } from '../roles';
import * as z from 'zod';
import { text, id, abbreviation } from './common';
import { signingAuthorities } from './signing-authority';

/**
 * A form a signer may sign in: as the head (authority null), or KT. / TL. / TUQ. / Q. / TM. for a head
 * whose title is printed above their own position ("KT. TỔNG CỤC TRƯỞNG / PHÓ TỔNG CỤC TRƯỞNG").
 */
export const signingFormSchema = z
  .strictObject({
    authority: z.enum(signingAuthorities).nullable(),
    /** The head's title, e.g. "Tổng cục trưởng"; required with KT., TL., TUQ. and TM. */
    headTitle: text(200).optional(),
  })
  .superRefine((f, ctx) => {
    if (f.authority && f.authority !== 'Q' && !f.headTitle) ctx.addIssue({ code: 'custom', path: ['headTitle'], message: 'required-with-authority' });
  })
  .meta({ id: 'SigningForm' });
export type SigningForm = z.infer<typeof signingFormSchema>;

/** A person of an agency: who they are, what they may do, and in which forms they may sign. */
export const personInputSchema = z
  .strictObject({
    /** The sign-in name (Cognito username), e.g. "u-nguyen-van-luc". */
    id,
    /** Full name with diacritics, e.g. "Nguyễn Văn Lực". */
    name: text(200),
    /** Chức vụ, e.g. "Phó Tổng cục trưởng" (printed upper-case in a signature block). */
    position: text(200),
    agencyCode: abbreviation,
    roles: z.array(z.enum(roles)).min(1).max(roles.length),
    email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
    active: z.boolean().default(true),
    /** For a signer: the forms they may sign in. */
    signingForms: z.array(signingFormSchema).max(10).default([]),
    /** Opt-in: a leader's daily e-mail of overdue units. */
    overdueDigest: z.boolean().default(false),
  })
  .superRefine((p, ctx) => {
    if (p.roles.includes('signer') && p.signingForms.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['signingForms'], message: 'signer-needs-form' });
    }
    if (new Set(p.roles).size !== p.roles.length) ctx.addIssue({ code: 'custom', path: ['roles'], message: 'duplicate' });
  })
  .meta({ id: 'PersonInput' });
export type PersonInput = z.infer<typeof personInputSchema>;
export type Person = PersonInput & { version: number; createdAt: string; updatedAt: string };

export const personIdParams = z.strictObject({ personId: id });
export const personUpdateSchema = z.strictObject({ version: z.number().int().min(1), person: personInputSchema }).meta({ id: 'PersonUpdate' });
export const peopleQuery = z.strictObject({
  agency: abbreviation.optional(),
  role: z.enum(roles).optional(),
  active: z.enum(['true', 'false']).optional(),
});

/**
 * The signature block a form gives a person, in the records' wording: the letter prints the titles in
 * capitals (shared/domain/letter-format.ts), pages print them as written.
 */
export function signatureBlockOf(person: Pick<Person, 'id' | 'name' | 'position'>, form: SigningForm) {
  return {
    authority: form.authority,
    ...(form.headTitle ? { headTitle: form.headTitle } : {}),
    position: person.position,
    name: person.name,
    userId: person.id,
  };
}

/** Two forms are the same when authority and head title agree (titles compared without case). */
export const sameForm = (a: SigningForm, b: SigningForm) =>
  a.authority === b.authority && (a.headTitle ?? '').toLocaleLowerCase('vi-VN') === (b.headTitle ?? '').toLocaleLowerCase('vi-VN');
