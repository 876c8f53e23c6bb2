import { createHash } from 'node:crypto';
import type { Addressee, Copy } from '../schemas/dispatch';
import type { Group, Unit } from '../schemas/directory';
import { externalKey } from './external-key';

/**
 * Expands a dispatch's addressees (units, groups and bodies outside the directory) and copies into one
 * recipient per unit or external body. A unit named twice (directly and through a group, or in two
 * groups) is one recipient; a recipient that must act and is also copied stays an action recipient.
 *
 * Recipients outside the directory (issue 9): an addressee `{ kind: 'external', name, email? }`, or a
 * copy marked `external` (or carrying an `email`) without a `unitId`. A plain copy line with neither is
 * printed only, as before: it names a person to inform on paper ("Thứ trưởng …, để b/c"), who is not a
 * recipient of the system and owes nothing. An external with an email is delivered and tracked like a
 * unit; without one it is printed and counted as sent on paper (`delivery: 'paper'`).
 */
export type RecipientRole = 'action' | 'information';
export type Delivery = 'email' | 'paper';

export interface PlannedRecipient {
  /** The recipient's id within the dispatch: the unit's id, or `ext-…` for a body outside the directory. */
  unitId: string;
  unitName: string;
  /** Empty for a recipient sent on paper. */
  email: string;
  role: RecipientRole;
  delivery: Delivery;
  /** Set on a recipient outside the directory. */
  external?: true;
}

export interface Directory {
  unit(id: string): Unit | undefined;
  group(id: string): Group | undefined;
}

export interface ExpansionProblem {
  field: string;
  missing: 'unit' | 'group' | 'inactive';
  id: string;
}


/**
 * A stable, valid id for an external recipient: `ext-` and 16 hex digits of the SHA-256 of its
 * normalised name. The name is what identifies it within a dispatch (the schema refuses the same name
 * with two different mailboxes), so the same name always lands on the same recipient record.
 */
export const externalRecipientId = (name: string): string => `ext-${createHash('sha256').update(externalKey(name)).digest('hex').slice(0, 16)}`;

/** A copy that is a recipient outside the directory (not a printed-only line, not a directory unit). */
export const isExternalCopy = (c: Copy): boolean => !c.unitId && (c.external === true || !!c.email);

export function expandRecipients(
  addressees: readonly Addressee[],
  copies: readonly Copy[],
  directory: Directory,
): { recipients: PlannedRecipient[]; problems: ExpansionProblem[] } {
  const byUnit = new Map<string, PlannedRecipient>();
  const problems: ExpansionProblem[] = [];

  const keep = (p: PlannedRecipient) => {
    const existing = byUnit.get(p.unitId);
    if (!existing || (existing.role === 'information' && p.role === 'action')) byUnit.set(p.unitId, p);
  };

  // A unit named directly must exist and be active; a group's inactive member is simply not sent to.
  const add = (unitId: string, role: RecipientRole, field: string, direct: boolean) => {
    const unit = directory.unit(unitId);
    if (!unit) return problems.push({ field, missing: 'unit', id: unitId });
    if (!unit.active) return direct ? problems.push({ field, missing: 'inactive', id: unitId }) : 0;
    keep({ unitId, unitName: unit.name, email: unit.email, role, delivery: 'email' });
  };

  const addExternal = (name: string, email: string | undefined, role: RecipientRole) =>
    keep({ unitId: externalRecipientId(name), unitName: name.trim(), email: email ?? '', role, delivery: email ? 'email' : 'paper', external: true });

  addressees.forEach((a, i) => {
    if (a.kind === 'unit') return add(a.unitId, 'action', `addressees.${i}.unitId`, true);
    if (a.kind === 'external') return addExternal(a.name, a.email, 'action');
    const group = directory.group(a.groupId);
    if (!group) return problems.push({ field: `addressees.${i}.groupId`, missing: 'group', id: a.groupId });
    group.memberIds.forEach((unitId) => add(unitId, 'action', `addressees.${i}.groupId`, false));
  });
  copies.forEach((c, i) => {
    if (c.unitId) add(c.unitId, 'information', `copies.${i}.unitId`, true);
    else if (isExternalCopy(c)) addExternal(c.label, c.email, 'information');
  });

  return { recipients: [...byUnit.values()], problems };
}

/** The line printed under "Kính gửi" for an addressee: its own label, else the unit's, group's or external's name. */
export function addresseeLine(a: Addressee, directory: Directory): string {
  if (a.kind === 'external') return a.name;
  if (a.label) return a.label;
  return a.kind === 'unit' ? (directory.unit(a.unitId)?.name ?? a.unitId) : (directory.group(a.groupId)?.name ?? a.groupId);
}
