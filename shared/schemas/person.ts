import { roles } from '../roles';
import * as z from 'zod/mini';
import { text, id, abbreviation, emailAddress } from './common';
import { signingAuthorities } from './signing-authority';

/**
 * A form a signer may sign in: as the head (authority null), or KT. / TL. / TUQ. / Q. / TM. for a head
 * whose title is printed above their own position ("KT. TỔNG CỤC TRƯỞNG / PHÓ TỔNG CỤC TRƯỞNG").
 */
export const signingFormSchema = z
  .strictObject({
    authority: z.nullable(z.enum(signingAuthorities)),
    /** The head's title, e.g. "Tổng cục trưởng"; required with KT., TL., TUQ. and TM. */
    headTitle: z.optional(text(200)),
  })
  .check(
    z.superRefine((f, ctx) => {
      if (f.authority && f.authority !== 'Q' && !f.headTitle) ctx.addIssue({ code: 'custom', path: ['headTitle'], message: 'required-with-authority' });
    }),
  )
  .register(z.globalRegistry, { id: 'SigningForm' });
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
    roles: z.array(z.enum(roles)).check(z.minLength(1), z.maxLength(roles.length)),
    email: emailAddress(),
    active: z._default(z.boolean(), true),
    /** For a signer: the forms they may sign in. */
    signingForms: z._default(z.array(signingFormSchema).check(z.maxLength(10)), []),
    /** Opt-in: a leader's daily e-mail of overdue units. */
    overdueDigest: z._default(z.boolean(), false),
  })
  .check(
    z.superRefine((p, ctx) => {
      if (p.roles.includes('signer') && p.signingForms.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['signingForms'], message: 'signer-needs-form' });
      }
      if (new Set(p.roles).size !== p.roles.length) ctx.addIssue({ code: 'custom', path: ['roles'], message: 'duplicate' });
    }),
  )
  .register(z.globalRegistry, { id: 'PersonInput' });
export type PersonInput = z.infer<typeof personInputSchema>;
export type Person = PersonInput & { version: number; createdAt: string; updatedAt: string };

export const personIdParams = z.strictObject({ personId: id });
export const personUpdateSchema = z.strictObject({ version: z.number().check(z.int(), z.gte(1)), person: personInputSchema }).register(z.globalRegistry, { id: 'PersonUpdate' });
export const peopleQuery = z.strictObject({
  agency: z.optional(abbreviation),
  role: z.optional(z.enum(roles)),
  active: z.optional(z.enum(['true', 'false'])),
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
