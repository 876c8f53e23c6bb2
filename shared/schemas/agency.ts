import * as z from 'zod';
import { text, id, abbreviation } from './common';

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
    parent: text(200).optional(),
    /** The agency above this one in the Ministry, whose people may read this agency's letters (e.g. "BTP"). */
    parentCode: abbreviation.optional(),
    /** Place in the date line, e.g. "Hà Nội". */
    place: text(100),
    /** The agency's official mailbox: the sender address of its letters and where its staff mail is copied. */
    email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
    /** The head's title, e.g. "Tổng cục trưởng": what "KT." signers sign for. */
    headTitle: text(200),
    /** The agency in the unit directory, when it also receives letters. */
    unitId: id.optional(),
    active: z.boolean().default(true),
  })
  .meta({ id: 'AgencyInput' });
export type AgencyInput = z.infer<typeof agencyInputSchema>;
export type Agency = AgencyInput & { version: number; createdAt: string; updatedAt: string };

/** In a path a code is an id like any other (any case: "/agencies/cntt"); codes are stored upper-case. */
export const agencyCodeParams = z.strictObject({ code: id.transform((s) => s.toUpperCase()) });
export const agencyUpdateSchema = z.strictObject({ version: z.number().int().min(1), agency: agencyInputSchema }).meta({ id: 'AgencyUpdate' });
