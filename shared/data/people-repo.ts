import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Person, PersonInput } from '../schemas/person';
import type { AuditEvent } from './audit';
import { batchGetAll } from './batch-get';
import { db, tableName } from './client';
import { keys, listKeys } from './keys';
import { queryAllGsi1, saveVersioned, stripKeys } from './versioned';

export async function getPerson(id: string): Promise<Person | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.person(id), ConsistentRead: true }));
  return out.Item ? stripKeys<Person>(out.Item) : undefined;
}

/** Several people by id (for names on a page); unknown ids are simply absent from the map. */
export async function getPeople(ids: Iterable<string>): Promise<Map<string, Person>> {
  const unique = [...new Set(ids)].filter((id) => /^[A-Za-z0-9_-]{1,64}$/.test(id));
  const people = (await batchGetAll(unique.map((id) => keys.person(id)))).map((item) => stripKeys<Person>(item));
  return new Map(people.map((person) => [person.id, person]));
}

/** People, all or of one agency, ordered by agency then id. */
export const listPeople = async (agencyCode?: string): Promise<Person[]> =>
  (await queryAllGsi1(listKeys.people, agencyCode ? `${agencyCode}#` : undefined)).map((i) => stripKeys<Person>(i));

export const savePerson = (input: PersonInput, expectedVersion: number | undefined, previous: Person | undefined, audit: AuditEvent): Promise<Person> =>
  saveVersioned({
    input,
    key: keys.person(input.id),
    type: 'Person',
    index: { GSI1PK: listKeys.people, GSI1SK: `${input.agencyCode}#${input.id}` },
    expectedVersion,
    previous,
    audit,
    exists: { vi: `Người dùng ${input.id} đã tồn tại.`, en: `Person ${input.id} already exists.` },
    changed: { vi: 'Hồ sơ người dùng vừa được người khác sửa. Hãy tải lại.', en: 'Someone else changed this person. Reload.' },
  });
