import * as z from 'zod/mini';
import { text, id, abbreviation, emailAddress } from './common';

/**
 * An issuing agency (cơ quan ban hành): an agency of the Ministry that issues letters in its own name,
 * under its own register, sealed with its own key (the Tổng cục THADS, Cục Công nghệ thông tin, …).
 * Its code is the abbreviation in "số và ký hiệu" and names its register.
 */
export const agencyInputSchema = z
  .strictObject({
    /** The abbreviation in the number, e.g. "TCTHADS" in "12/TCTHADS-CNTT"; also the register's name. */
    code: abbreviation,
    /** Full name as written in running text, e.g. "Tổng cục Thi hành án dân sự". */
    name: text(200),
    /** The parent body printed above the name in the header, e.g. "Bộ Tư pháp" (printed upper-case). */
    parent: z.optional(text(200)),
    /** The agency above this one in the Ministry, whose people may read this agency's letters (e.g. "BTP"). */
    parentCode: z.optional(abbreviation),
    /** Place in the date line, e.g. "Hà Nội". */
    place: text(100),
    /** The agency's official mailbox: the sender address of its letters and where its staff mail is copied. */
    email: emailAddress(),
    /** The head's title, e.g. "Tổng cục trưởng": what "KT." signers sign for. */
    headTitle: text(200),
    /** The agency in the unit directory, when it also receives letters. */
    unitId: z.optional(id),
    active: z._default(z.boolean(), true),
  })
  .register(z.globalRegistry, { id: 'AgencyInput' });
export type AgencyInput = z.infer<typeof agencyInputSchema>;
export type Agency = AgencyInput & { version: number; createdAt: string; updatedAt: string };

/** In a path a code is an id like any other (any case: "/agencies/cntt"); codes are stored upper-case. */
export const agencyCodeParams = z.strictObject({ code: z.pipe(id, z.transform((s: string) => s.toUpperCase())) });
export const agencyUpdateSchema = z.strictObject({ version: z.number().check(z.int(), z.gte(1)), agency: agencyInputSchema }).register(z.globalRegistry, { id: 'AgencyUpdate' });
