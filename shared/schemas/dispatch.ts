import * as z from 'zod/mini';
import { text, multilineText, isoDate, abbreviation, id, version, pageFields } from './common';
import { officialEmail } from './directory';
import { externalKey } from '../domain/external-key';
import { dateOrder, dueField, searchFields } from './search';

// In their own module so the person schema (and the people import) need not bundle the dispatch schemas (issue 11).
import { signingAuthorities } from './signing-authority';
export { signingAuthorities, type SigningAuthority } from './signing-authority';

/** What a unit must send back for one requirement. */
export const responseKinds = ['acknowledge', 'report', 'accounts'] as const;
export type ResponseKind = (typeof responseKinds)[number];

export const dispatchStates = ['draft', 'pending_signature', 'signed', 'issued', 'returned', 'recalled'] as const;
export type DispatchState = (typeof dispatchStates)[number];

export const issuerSchema = z
  .strictObject({
    /** Parent agency, printed upper-case, not bold, e.g. "BỘ TƯ PHÁP". */
    parent: z.optional(text(200)),
    /** Issuing agency, printed upper-case bold, e.g. "TỔNG CỤC THI HÀNH ÁN DÂN SỰ". */
    name: text(200),
    /** Abbreviation used in the number, e.g. "TCTHADS"; also names the issuer's register. */
    code: abbreviation,
    /** Place in the date line, e.g. "Hà Nội". */
    place: text(100),
    /** The issuing unit in the directory, when it is one. */
    unitId: z.optional(id),
  })
  .register(z.globalRegistry, { id: 'Issuer' });
export type Issuer = z.infer<typeof issuerSchema>;

export const addresseeSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('unit'),
      unitId: id,
      /** Line printed under "Kính gửi"; defaults to the unit's name. */
      label: z.optional(text(300)),
    }),
    z.strictObject({
      kind: z.literal('group'),
      groupId: id,
      /** Line printed under "Kính gửi"; defaults to the group's name. */
      label: z.optional(text(300)),
    }),
    /**
     * A body outside the directory (issue 9). With an email it is tracked like a unit (own link, own
     * record); without one it is printed in the letter and counted as sent on paper (gửi bản giấy).
     */
    z.strictObject({
      kind: z.literal('external'),
      /** As printed under "Kính gửi", e.g. "Sở Tư pháp tỉnh Lào Cai". */
      name: text(300),
      email: z.optional(officialEmail),
    }),
  ])
  .register(z.globalRegistry, { id: 'Addressee' });
export type Addressee = z.infer<typeof addresseeSchema>;

export const requirementSchema = z
  .strictObject({
    n: z.number().check(z.int(), z.gte(1), z.lte(99)),
    /** The requirement as printed. Lines starting with "- " are printed as bullets. */
    text: multilineText(5000),
    dueDate: z.optional(isoDate),
    response: z.enum(responseKinds),
    /** Where the response goes when not back to the issuer (e.g. the IT Department for accounts). */
    to: z.optional(text(300)),
  })
  .register(z.globalRegistry, { id: 'Requirement' });
export type Requirement = z.infer<typeof requirementSchema>;

export const copySchema = z
  .strictObject({
    label: text(300),
    /** e.g. "để b/c", "để chỉ đạo t/h", "để biết". */
    purpose: z.optional(text(100)),
    /** When the copy goes to a unit in the directory, it receives the dispatch for information. */
    unitId: z.optional(id),
    /**
     * A recipient outside the directory, named by `label` (issue 9). Only an explicit external copy is a
     * recipient: a plain printed line such as "Thứ trưởng Mai Lương Khôi (để b/c)" stays a line. `email`
     * implies `external`; with it the copy is emailed and tracked, without it it is sent on paper.
     */
    external: z.optional(z.boolean()),
    email: z.optional(officialEmail),
  })
  .check(
    z.superRefine((c, ctx) => {
      if (c.unitId && c.external) ctx.addIssue({ code: 'custom', path: ['external'], message: 'not-with-unit' });
      if (c.unitId && c.email) ctx.addIssue({ code: 'custom', path: ['email'], message: 'not-with-unit' });
      if (c.email && c.external === false) ctx.addIssue({ code: 'custom', path: ['email'], message: 'email-needs-external' });
    }),
  )
  .register(z.globalRegistry, { id: 'Copy' });
export type Copy = z.infer<typeof copySchema>;

export const signerSchema = z
  .strictObject({
    authority: z.nullable(z.enum(signingAuthorities)),
    /** Title of the head the signer signs for, e.g. "TỔNG CỤC TRƯỞNG" (after KT./TL./TUQ./TM.). */
    headTitle: z.optional(text(200)),
    /** The signer's own position, e.g. "PHÓ TỔNG CỤC TRƯỞNG". */
    position: text(200),
    name: text(200),
    /** The person who must sign; only they may sign or return the dispatch. */
    userId: id,
  })
  .check(
    z.superRefine((s, ctx) => {
      if (s.authority && s.authority !== 'Q' && !s.headTitle) {
        ctx.addIssue({ code: 'custom', path: ['headTitle'], message: 'required-with-authority' });
      }
    }),
  )
  .register(z.globalRegistry, { id: 'Signer' });
export type Signer = z.infer<typeof signerSchema>;

/**
 * The signer a clerk chooses: one of the agency's active signers, in one of the forms their record
 * allows. The signature block printed on the letter comes from the person's record, never from here.
 */
export const signerChoiceSchema = z
  .strictObject({
    personId: id,
    /** null: signing as the head; otherwise KT. / TL. / TUQ. / Q. / TM. as the person's record allows. */
    authority: z.nullable(z.enum(signingAuthorities)),
    /** The head's title the form names, e.g. "Tổng cục trưởng" (case does not matter). */
    headTitle: z.optional(text(200)),
  })
  .register(z.globalRegistry, { id: 'SignerChoice' });
export type SignerChoice = z.infer<typeof signerChoiceSchema>;

/** What a clerk writes; the issuer is the clerk's agency, the signer a choice (see DispatchContent). */
const letterShape = {
  /** Abbreviation of the drafting unit, after the hyphen in the number, e.g. "CNTT". */
  draftingUnit: abbreviation,
  /** Trích yếu, without the leading "V/v". */
  subject: text(500),
  addressees: z.array(addresseeSchema).check(z.minLength(1), z.maxLength(200)),
  /** Ids of registered incoming directives this dispatch cites. */
  citations: z._default(z.array(id).check(z.maxLength(20)), []),
  /** Opening paragraph(s) before the numbered requirements; blank lines separate paragraphs. */
  opening: z.optional(multilineText(10000)),
  requirements: z.array(requirementSchema).check(z.minLength(1), z.maxLength(50)),
  /** Closing paragraph(s) after the requirements. */
  closing: z.optional(multilineText(5000)),
  copies: z._default(z.array(copySchema).check(z.maxLength(100)), []),
  /** "Lưu:" line, e.g. ["VT", "CNTT"]. */
  archive: z.array(text(50)).check(z.minLength(1), z.maxLength(10)),
  /** Days a unit's link stays valid after the last due date. */
  linkGraceDays: z.optional(z.number().check(z.int(), z.gte(0), z.lte(365))),
};

/** Rules across fields of a letter: requirement numbers are unique, and so is each external recipient's name. */
const letterRules = (d: { requirements: { n: number }[]; addressees: Addressee[]; copies: Copy[] }, ctx: z.core.$RefinementCtx) => {
  const seen = new Set<number>();
  d.requirements.forEach((r, i) => {
    if (seen.has(r.n)) ctx.addIssue({ code: 'custom', path: ['requirements', i, 'n'], message: 'duplicate' });
    seen.add(r.n);
  });
  // Externals are one recipient per name: the same name twice is one recipient when the mailbox is the
  // same (or both have none), and refused when it differs, since it could not be told which one is meant.
  const externals = new Map<string, string | undefined>();
  const external = (name: string, email: string | undefined, path: (string | number)[]) => {
    const key = externalKey(name);
    if (externals.has(key) && externals.get(key) !== email) ctx.addIssue({ code: 'custom', path, message: 'external-conflict' });
    else externals.set(key, email);
  };
  d.addressees.forEach((a, i) => a.kind === 'external' && external(a.name, a.email, ['addressees', i, a.email ? 'email' : 'name']));
  d.copies.forEach((c, i) => !c.unitId && (c.external || c.email) && external(c.label, c.email, ['copies', i, c.email ? 'email' : 'label']));
};

/** Everything a clerk enters for a dispatch (công văn): `POST /dispatches`, `PUT /dispatches/{id}`. */
export const dispatchInputSchema = z
  .strictObject({ ...letterShape, signer: signerChoiceSchema })
  .check(z.superRefine(letterRules))
  .register(z.globalRegistry, { id: 'DispatchInput' });
export type DispatchInput = z.infer<typeof dispatchInputSchema>;

/**
 * The dispatch as stored and printed: the clerk's input, with the issuer taken from the agency's record
 * and the signature block from the signer's record when the draft was saved (checked again at submit and sign).
 */
export const dispatchContentSchema = z
  .strictObject({ ...letterShape, issuer: issuerSchema, signer: signerSchema })
  .check(z.superRefine(letterRules))
  .register(z.globalRegistry, { id: 'DispatchContent' });
export type DispatchContent = z.infer<typeof dispatchContentSchema>;

/** The choice a stored dispatch was made with: what an edit form starts from. */
export const signerChoiceOf = (content: DispatchContent): SignerChoice => ({
  personId: content.signer.userId,
  authority: content.signer.authority,
  ...(content.signer.headTitle ? { headTitle: content.signer.headTitle } : {}),
});

export const updateDispatchSchema = z.strictObject({ version, content: dispatchInputSchema }).register(z.globalRegistry, { id: 'UpdateDispatch' });
export const transitionSchema = z.strictObject({ version }).register(z.globalRegistry, { id: 'Transition' });
export const commentedTransitionSchema = z
  .strictObject({ version, comment: multilineText(2000) })
  .register(z.globalRegistry, { id: 'CommentedTransition' });

export const dispatchIdParams = z.strictObject({ dispatchId: id });
/** `DELETE /dispatches/{id}?version=N`: the version the clerk saw, so a draft edited meanwhile is not deleted unseen. */
export const deleteDraftQuery = z.strictObject({
  // Required, but checked after the dispatch's gate (functions/http/dispatches-delete.ts): another agency is refused as such.
  version: z.optional(z.pipe(z.string().check(z.regex(/^[1-9][0-9]{0,8}$/, { message: 'version' })), z.transform(Number))),
});
export const listDispatchesQuery = z
  .strictObject({
    /** The issuing agency; the caller's own when left out. */
    agency: z.optional(abbreviation),
    state: z.optional(z.enum(dispatchStates)),
    /** Search (issue 14): words in number, symbol, subject, issuer, signer, addressees; created date range; due status. */
    ...searchFields,
    due: dueField,
    limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 50),
    cursor: z.optional(z.string().check(z.maxLength(2000))),
  })
  .check(z.superRefine(dateOrder));
export const auditQuery = z.strictObject({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(500)), 500),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
});
export const registerQuery = z
  .strictObject({
    issuer: abbreviation,
    year: z.coerce.number().check(z.int(), z.gte(2000), z.lte(2100)),
    /** Search (issue 14): words in number, symbol, subject, signer, recipients; issue date range. */
    ...searchFields,
    ...pageFields(100, 500),
  })
  .check(z.superRefine(dateOrder));
/** A dispatch's recipients: a unit's record is about 1–2 KB, so 500 stay well under a megabyte. */
export const recipientsQuery = z.strictObject(pageFields(200, 500));
