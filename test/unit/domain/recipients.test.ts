import { describe, expect, it } from 'vitest';
import { addresseeLine, expandRecipients, type Directory } from '../../../shared/domain/recipients';
import type { Group, Unit } from '../../../shared/schemas/directory';

const unit = (id: string, active = true): Unit => ({
  id,
  code: id.toUpperCase(),
  name: `Đơn vị ${id}`,
  kind: 'provincial-department',
  email: `${id}@example.gov.vn`,
  active,
  version: 1,
  createdAt: '',
  updatedAt: '',
});
const units = [unit('a'), unit('b'), unit('c'), unit('off', false)];
const groups: Group[] = [
  { id: 'g1', name: 'Nhóm 1', memberIds: ['a', 'b', 'off'], version: 1, createdAt: '', updatedAt: '' },
  { id: 'g2', name: 'Nhóm 2', memberIds: ['b', 'c'], version: 1, createdAt: '', updatedAt: '' },
];
const directory: Directory = { unit: (id) => units.find((u) => u.id === id), group: (id) => groups.find((g) => g.id === id) };

describe('recipient expansion', () => {
  it('expands groups to one recipient per active unit, without duplicates', () => {
    const { recipients, problems } = expandRecipients(
      [
        { kind: 'group', groupId: 'g1' },
        { kind: 'group', groupId: 'g2' },
        { kind: 'unit', unitId: 'a' },
      ],
      [],
      directory,
    );
    expect(problems).toEqual([]);
    expect(recipients.map((r) => r.unitId).sort()).toEqual(['a', 'b', 'c']);
    expect(recipients.every((r) => r.role === 'action')).toBe(true);
  });

  it('keeps a unit that must act as an action recipient even when it is also copied', () => {
    const { recipients } = expandRecipients([{ kind: 'unit', unitId: 'a' }], [{ label: 'Đơn vị a', purpose: 'để biết', unitId: 'a' }, { label: 'c', unitId: 'c' }], directory);
    expect(recipients).toEqual([
      expect.objectContaining({ unitId: 'a', role: 'action' }),
      expect.objectContaining({ unitId: 'c', role: 'information' }),
    ]);
  });

  it('reports unknown units and groups and inactive units named directly, by field', () => {
    const { problems } = expandRecipients(
      [
        { kind: 'unit', unitId: 'zz' },
        { kind: 'group', groupId: 'nope' },
        { kind: 'unit', unitId: 'off' },
      ],
      [],
      directory,
    );
    expect(problems).toEqual([
      { field: 'addressees.0.unitId', missing: 'unit', id: 'zz' },
      { field: 'addressees.1.groupId', missing: 'group', id: 'nope' },
      { field: 'addressees.2.unitId', missing: 'inactive', id: 'off' },
    ]);
  });

  it('prints the label when given, else the unit or group name', () => {
    expect(addresseeLine({ kind: 'group', groupId: 'g1', label: 'Cục trưởng các Cục' }, directory)).toBe('Cục trưởng các Cục');
    expect(addresseeLine({ kind: 'group', groupId: 'g2' }, directory)).toBe('Nhóm 2');
    expect(addresseeLine({ kind: 'unit', unitId: 'a' }, directory)).toBe('Đơn vị a');
  });
});
