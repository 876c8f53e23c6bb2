import type { Addressee, Copy } from '../schemas/dispatch';
import type { Group, Unit } from '../schemas/directory';

/**
 * Expands a dispatch's addressees (units and groups) and copies into one recipient per unit.
 * A unit named twice (directly and through a group, or in two groups) is one recipient; a unit that
 * must act and is also copied stays an action recipient.
 */
export type RecipientRole = 'action' | 'information';

export interface PlannedRecipient {
  unitId: string;
  unitName: string;
  email: string;
  role: RecipientRole;
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

export function expandRecipients(
  addressees: readonly Addressee[],
  copies: readonly Copy[],
  directory: Directory,
): { recipients: PlannedRecipient[]; problems: ExpansionProblem[] } {
  const byUnit = new Map<string, PlannedRecipient>();
  const problems: ExpansionProblem[] = [];

  // A unit named directly must exist and be active; a group's inactive member is simply not sent to.
  const add = (unitId: string, role: RecipientRole, field: string, direct: boolean) => {
    const unit = directory.unit(unitId);
    if (!unit) return problems.push({ field, missing: 'unit', id: unitId });
    if (!unit.active) return direct ? problems.push({ field, missing: 'inactive', id: unitId }) : 0;
    const existing = byUnit.get(unitId);
    if (!existing || (existing.role === 'information' && role === 'action')) {
      byUnit.set(unitId, { unitId, unitName: unit.name, email: unit.email, role });
    }
  };

  addressees.forEach((a, i) => {
    if (a.kind === 'unit') return add(a.unitId, 'action', `addressees.${i}.unitId`, true);
    const group = directory.group(a.groupId);
    if (!group) return problems.push({ field: `addressees.${i}.groupId`, missing: 'group', id: a.groupId });
    group.memberIds.forEach((unitId) => add(unitId, 'action', `addressees.${i}.groupId`, false));
  });
  copies.forEach((c, i) => {
    if (c.unitId) add(c.unitId, 'information', `copies.${i}.unitId`, true);
  });

  return { recipients: [...byUnit.values()], problems };
}

/** The line printed under "Kính gửi" for an addressee: its own label, else the unit's or group's name. */
export function addresseeLine(a: Addressee, directory: Directory): string {
  if (a.label) return a.label;
  return a.kind === 'unit' ? (directory.unit(a.unitId)?.name ?? a.unitId) : (directory.group(a.groupId)?.name ?? a.groupId);
}
