import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Agency, AgencyInput } from '../schemas/agency';
import type { AuditEvent } from './audit';
import { db, tableName } from './client';
import { keys, listKeys } from './keys';
import { queryAllGsi1, saveVersioned, stripKeys } from './versioned';

export async function getAgency(code: string): Promise<Agency | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.agency(code), ConsistentRead: true }));
  return out.Item ? stripKeys<Agency>(out.Item) : undefined;
}

/** Every agency, by code: a handful of items. */
export const listAgencies = async (): Promise<Agency[]> => (await queryAllGsi1(listKeys.agencies)).map((i) => stripKeys<Agency>(i));

export const saveAgency = (input: AgencyInput, expectedVersion: number | undefined, previous: Agency | undefined, audit: AuditEvent): Promise<Agency> =>
  saveVersioned({
    input,
    key: keys.agency(input.code),
    type: 'Agency',
    index: { GSI1PK: listKeys.agencies, GSI1SK: input.code },
    expectedVersion,
    previous,
    audit,
    exists: { vi: `Cơ quan ${input.code} đã tồn tại.`, en: `Agency ${input.code} already exists.` },
    changed: { vi: 'Cơ quan vừa được người khác sửa. Hãy tải lại.', en: 'Someone else changed this agency. Reload.' },
  });
