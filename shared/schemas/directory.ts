import * as z from 'zod/mini';
import { text, id, abbreviation, emailAddress } from './common';

/** An official mailbox: trimmed, lower-cased, a valid address. Units and external recipients share the rule. */
export const officialEmail = emailAddress();

export const unitKinds = ['ministry', 'department', 'general-department', 'internal-unit', 'provincial-department', 'provincial-justice-department', 'office', 'external'] as const;
export type UnitKind = (typeof unitKinds)[number];

/** A unit in the organisation directory: something that can receive dispatches. */
export const unitInputSchema = z
  .strictObject({
    id,
    /** Short code, e.g. "CNTT", "THADS-HN". Unique in the directory. */
    code: z.string().check(z.trim(), z.minLength(1), z.maxLength(30), z.regex(/^[A-ZĐ0-9&-]+$/u, { message: 'code' })),
    name: text(300),
    kind: z.enum(unitKinds),
    parentId: z.optional(id),
    /** Official mailbox that receives emailed links. */
    email: officialEmail,
    /** Province name for provincial departments, e.g. "Hà Nội". */
    province: z.optional(text(100)),
    active: z._default(z.boolean(), true),
  })
  .register(z.globalRegistry, { id: 'UnitInput' });
export type UnitInput = z.infer<typeof unitInputSchema>;
export type Unit = UnitInput & { version: number; createdAt: string; updatedAt: string };

/** A named group of units, e.g. "Cục THADS các tỉnh, thành phố trực thuộc Trung ương". */
export const groupInputSchema = z
  .strictObject({
    id,
    name: text(300),
    memberIds: z.array(id).check(z.minLength(1), z.maxLength(2000)),
  })
  .register(z.globalRegistry, { id: 'GroupInput' });
export type GroupInput = z.infer<typeof groupInputSchema>;
export type Group = GroupInput & { version: number; createdAt: string; updatedAt: string };

export { abbreviation };

/**
 * An administrator makes a directory unit of a recipient outside the directory (issue 9): the unit is
 * created as by POST /units, and the dispatch's recipient record remembers which unit it became.
 */
export const unitFromExternalSchema = z
  .strictObject({ dispatchId: id, recipientId: id, unit: unitInputSchema })
  .register(z.globalRegistry, { id: 'UnitFromExternal' });
export type UnitFromExternal = z.infer<typeof unitFromExternalSchema>;

export const unitIdParams = z.strictObject({ unitId: id });
export const groupIdParams = z.strictObject({ groupId: id });
/** PUT bodies carry the version the editor saw, so a concurrent edit is refused instead of lost. */
export const unitUpdateSchema = z.strictObject({ version: z.number().check(z.int(), z.gte(1)), unit: unitInputSchema }).register(z.globalRegistry, { id: 'UnitUpdate' });
export const groupUpdateSchema = z.strictObject({ version: z.number().check(z.int(), z.gte(1)), group: groupInputSchema }).register(z.globalRegistry, { id: 'GroupUpdate' });
export const unitsQuery = z.strictObject({
  kind: z.optional(z.enum(unitKinds)),
  q: z.optional(z.string().check(z.trim(), z.maxLength(100))),
});
