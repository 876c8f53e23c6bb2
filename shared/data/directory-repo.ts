import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { conflict } from '../errors';
import type { Directory } from '../domain/recipients';
import type { Group, GroupInput, Unit, UnitInput } from '../schemas/directory';
import { auditPut, transactWrite, type AuditEvent } from './audit';
import { cancellationCodes, db, isConditionFailure, tableName } from './client';
import { keys, listKeys } from './keys';
import { queryAllGsi1, saveVersioned, stripKeys } from './versioned';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const listUnits = async (): Promise<Unit[]> => (await queryAllGsi1(listKeys.units)).map((i) => stripKeys<Unit>(i));
export const listGroups = async (): Promise<Group[]> => (await queryAllGsi1(listKeys.groups)).map((i) => stripKeys<Group>(i));

export async function getUnit(id: string): Promise<Unit | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.unit(id), ConsistentRead: true }));
  return out.Item ? stripKeys<Unit>(out.Item) : undefined;
}

export async function getGroup(id: string): Promise<Group | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.group(id), ConsistentRead: true }));
  return out.Item ? stripKeys<Group>(out.Item) : undefined;
}

/** The whole directory in memory, for expanding addressees: two queries whatever the dispatch. */
export async function loadDirectory(): Promise<Directory & { units: Unit[]; groups: Group[] }> {
  const [units, groups] = await Promise.all([listUnits(), listGroups()]);
  const unitById = new Map(units.map((u) => [u.id, u]));
  const groupById = new Map(groups.map((g) => [g.id, g]));
  return { units, groups, unit: (id) => unitById.get(id), group: (id) => groupById.get(id) };
}

const unitItem = (u: Unit) => ({ ...keys.unit(u.id), type: 'Unit', GSI1PK: listKeys.units, GSI1SK: u.code, ...u });

const codeClaim = (u: Unit): TransactItem => ({
  Put: {
    TableName: tableName(),
    Item: { ...keys.unitCode(u.code), type: 'UnitCode', unitId: u.id },
    ConditionExpression: 'attribute_not_exists(PK) OR unitId = :id',
    ExpressionAttributeValues: { ':id': u.id },
  },
});

/**
 * Creates or replaces a unit. The unit code is unique in the directory, enforced by a claim item in the
 * same transaction; `expectedVersion` (undefined = must not exist) makes concurrent edits safe.
 */
export async function saveUnit(
  input: UnitInput,
  expectedVersion: number | undefined,
  previous: Unit | undefined,
  audit: AuditEvent,
  /** Written in the same transaction (e.g. the recipient a new unit was made from); a failed condition is `onExtraRefused`. */
  extra: { items: TransactItem[]; onExtraRefused: () => Error } = { items: [], onExtraRefused: () => new Error('unused') },
): Promise<Unit> {
  const unit: Unit = {
    ...input,
    version: (expectedVersion ?? 0) + 1,
    createdAt: previous?.createdAt ?? audit.at,
    updatedAt: audit.at,
  };
  const items: TransactItem[] = [
    {
      Put: {
        TableName: tableName(),
        Item: unitItem(unit),
        ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(PK)' : 'version = :v',
        ...(expectedVersion === undefined ? {} : { ExpressionAttributeValues: { ':v': expectedVersion } }),
      },
    },
    codeClaim(unit),
    ...(previous && previous.code !== unit.code
      ? [{ Delete: { TableName: tableName(), Key: keys.unitCode(previous.code) } }]
      : []),
    auditPut(keys.unit(unit.id).PK, audit),
  ];
  const firstExtra = items.length;
  items.push(...extra.items);
  try {
    await transactWrite(items);
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const codes = cancellationCodes(error);
    if (codes.slice(firstExtra).includes('ConditionalCheckFailed')) throw extra.onExtraRefused();
    if (codes[1] === 'ConditionalCheckFailed') {
      throw conflict({ vi: `Mã đơn vị ${unit.code} đã được dùng.`, en: `Unit code ${unit.code} is already in use.` }, { field: 'code' });
    }
    throw expectedVersion === undefined
      ? conflict({ vi: `Đơn vị ${unit.id} đã tồn tại.`, en: `Unit ${unit.id} already exists.` }, { field: 'id' })
      : conflict({ vi: 'Đơn vị vừa được người khác sửa. Hãy tải lại.', en: 'Someone else changed this unit. Reload.' });
  }
  return unit;
}

export const saveGroup = (input: GroupInput, expectedVersion: number | undefined, previous: Group | undefined, audit: AuditEvent): Promise<Group> =>
  saveVersioned({
    input,
    key: keys.group(input.id),
    type: 'Group',
    index: { GSI1PK: listKeys.groups, GSI1SK: input.name },
    expectedVersion,
    previous,
    audit,
    exists: { vi: `Nhóm ${input.id} đã tồn tại.`, en: `Group ${input.id} already exists.` },
    changed: { vi: 'Nhóm vừa được người khác sửa. Hãy tải lại.', en: 'Someone else changed this group. Reload.' },
  });
