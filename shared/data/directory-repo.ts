import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { conflict } from '../errors';
import type { Directory } from '../domain/recipients';
import type { Group, GroupInput, Unit, UnitInput } from '../schemas/directory';
import { auditPut, type AuditEvent } from './audit';
import { cancellationCodes, db, isConditionFailure, tableName } from './client';
import { keys, listKeys } from './keys';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

function strip<T>(item: Record<string, unknown>): T {
  const { PK: _pk, SK: _sk, type: _type, GSI1PK: _g1, GSI1SK: _g1s, ...rest } = item;
  return rest as T;
}

async function queryAll(gsi1pk: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': gsi1pk },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

export const listUnits = async (): Promise<Unit[]> => (await queryAll(listKeys.units)).map((i) => strip<Unit>(i));
export const listGroups = async (): Promise<Group[]> => (await queryAll(listKeys.groups)).map((i) => strip<Group>(i));

export async function getUnit(id: string): Promise<Unit | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.unit(id), ConsistentRead: true }));
  return out.Item ? strip<Unit>(out.Item) : undefined;
}

export async function getGroup(id: string): Promise<Group | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.group(id), ConsistentRead: true }));
  return out.Item ? strip<Group>(out.Item) : undefined;
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
    await db().send(new TransactWriteCommand({ TransactItems: items }));
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

export async function saveGroup(input: GroupInput, expectedVersion: number | undefined, previous: Group | undefined, audit: AuditEvent): Promise<Group> {
  const group: Group = { ...input, version: (expectedVersion ?? 0) + 1, createdAt: previous?.createdAt ?? audit.at, updatedAt: audit.at };
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: { ...keys.group(group.id), type: 'Group', GSI1PK: listKeys.groups, GSI1SK: group.name, ...group },
              ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(PK)' : 'version = :v',
              ...(expectedVersion === undefined ? {} : { ExpressionAttributeValues: { ':v': expectedVersion } }),
            },
          },
          auditPut(keys.group(group.id).PK, audit),
        ],
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    throw expectedVersion === undefined
      ? conflict({ vi: `Nhóm ${group.id} đã tồn tại.`, en: `Group ${group.id} already exists.` }, { field: 'id' })
      : conflict({ vi: 'Nhóm vừa được người khác sửa. Hãy tải lại.', en: 'Someone else changed this group. Reload.' });
  }
  return group;
}
