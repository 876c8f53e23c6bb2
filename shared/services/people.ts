import { getAgency, listAgencies, saveAgency } from '../data/agency-repo';
import { getPerson, listPeople, savePerson } from '../data/people-repo';
import { exportPeopleCsv, parsePeopleCsv } from '../domain/people-csv';
import { invalid, invalidField, notFound } from '../errors';
import type { Agency, AgencyInput } from '../schemas/agency';
import type { Person, PersonInput } from '../schemas/person';
import { auditOf, type UseCaseContext } from './context';

/** Agencies and their people: kept by administrators, read by everyone who needs names and authority. */

const agencyWord = { vi: 'cơ quan', en: 'Agency' };
const personWord = { vi: 'người dùng', en: 'Person' };

export async function requireAgency(code: string): Promise<Agency> {
  const agency = await getAgency(code);
  if (!agency) throw notFound(agencyWord);
  return agency;
}

export async function requirePerson(id: string): Promise<Person> {
  const person = await getPerson(id);
  if (!person) throw notFound(personWord);
  return person;
}

async function checkAgencyRefs(input: AgencyInput, prefix: string): Promise<void> {
  if (input.parentCode === input.code) {
    throw invalidField(`${prefix}parentCode`, `${prefix}parentCode: cơ quan không thể trực thuộc chính nó`, `${prefix}parentCode: an agency cannot be its own parent`);
  }
  if (input.parentCode && !(await getAgency(input.parentCode))) {
    throw invalidField(`${prefix}parentCode`, `${prefix}parentCode: không có cơ quan "${input.parentCode}"`, `${prefix}parentCode: no agency "${input.parentCode}"`);
  }
  if (input.parentCode) {
    // Walking up from the new parent must never come back here: a loop would make everyone read everything.
    const byCode = new Map((await listAgencies()).map((a) => [a.code, a]));
    const seen = new Set<string>();
    for (let at = byCode.get(input.parentCode); at; at = at.parentCode ? byCode.get(at.parentCode) : undefined) {
      if (at.code === input.code || seen.has(at.code)) {
        throw invalidField(`${prefix}parentCode`, `${prefix}parentCode: tạo thành vòng lặp trực thuộc`, `${prefix}parentCode: would make a loop of parents`);
      }
      seen.add(at.code);
    }
  }
}

export async function createAgency(ctx: UseCaseContext, input: AgencyInput): Promise<Agency> {
  await checkAgencyRefs(input, '');
  return saveAgency(input, undefined, undefined, auditOf(ctx, 'agency.create'));
}

export async function updateAgency(ctx: UseCaseContext, code: string, version: number, input: AgencyInput): Promise<Agency> {
  // The code numbers the register and names the seal's certificate: it never changes.
  if (input.code !== code) throw invalidField('agency.code', 'agency.code phải trùng với mã trên đường dẫn', 'agency.code must match the code in the path');
  const previous = await requireAgency(code);
  await checkAgencyRefs(input, 'agency.');
  return saveAgency(input, version, previous, auditOf(ctx, 'agency.update', { details: { version } }));
}

export const agencies = (): Promise<Agency[]> => listAgencies();

async function checkPersonRefs(input: PersonInput, prefix: string): Promise<void> {
  const agency = await getAgency(input.agencyCode);
  if (!agency) {
    throw invalidField(`${prefix}agencyCode`, `${prefix}agencyCode: không có cơ quan "${input.agencyCode}"`, `${prefix}agencyCode: no agency "${input.agencyCode}"`);
  }
}

export async function createPerson(ctx: UseCaseContext, input: PersonInput): Promise<Person> {
  await checkPersonRefs(input, '');
  return savePerson(input, undefined, undefined, auditOf(ctx, 'person.create'));
}

export async function updatePerson(ctx: UseCaseContext, id: string, version: number, input: PersonInput): Promise<Person> {
  if (input.id !== id) throw invalidField('person.id', 'person.id phải trùng với mã trên đường dẫn', 'person.id must match the id in the path');
  const previous = await requirePerson(id);
  await checkPersonRefs(input, 'person.');
  return savePerson(input, version, previous, auditOf(ctx, 'person.update', { details: { version } }));
}

export async function findPeople(filter: { agency?: string; role?: string; active?: 'true' | 'false' }): Promise<Person[]> {
  const people = await listPeople(filter.agency);
  return people.filter(
    (p) => (!filter.role || p.roles.includes(filter.role as Person['roles'][number])) && (!filter.active || String(p.active) === filter.active),
  );
}

/** The active signers of an agency: whom a clerk of that agency may choose. */
export const signersOf = async (agencyCode: string): Promise<Person[]> => findPeople({ agency: agencyCode, role: 'signer', active: 'true' });

/** The people of the directory as CSV (shared/domain/people-csv.ts). */
export async function exportPeople(): Promise<string> {
  const people = await listPeople();
  return exportPeopleCsv(people.map(({ version: _v, createdAt: _c, updatedAt: _u, ...input }) => input));
}

export interface PeopleImportSummary {
  created: string[];
  updated: string[];
  unchanged: string[];
}

/**
 * Creates the people of a CSV file that are new and updates those that changed. The whole file is
 * checked first (agencies included), so a file with any error writes nothing.
 */
export async function importPeople(ctx: UseCaseContext, csv: string): Promise<PeopleImportSummary> {
  const [existingPeople, agencyList] = await Promise.all([listPeople(), listAgencies()]);
  const existing = new Map(existingPeople.map((p) => [p.id, p]));
  const parsed = parsePeopleCsv(csv, { knownAgencyCodes: agencyList.map((a) => a.code) });
  if ('errors' in parsed) {
    throw invalid(
      parsed.errors.map((e) => {
        const where = e.row === 0 ? { vi: 'Tệp', en: 'File' } : { vi: `Dòng ${e.row}, ${e.field}`, en: `Row ${e.row}, ${e.field}` };
        return { field: e.row === 0 ? '(file)' : `row.${e.row}.${e.field}`, vi: `${where.vi}: ${e.vi}`, en: `${where.en}: ${e.en}` };
      }),
    );
  }
  const summary: PeopleImportSummary = { created: [], updated: [], unchanged: [] };
  for (const person of parsed.people) {
    const previous = existing.get(person.id);
    if (!previous) {
      await savePerson(person, undefined, undefined, auditOf(ctx, 'person.import'));
      summary.created.push(person.id);
    } else if (samePerson(previous, person)) {
      summary.unchanged.push(person.id);
    } else {
      await savePerson(person, previous.version, previous, auditOf(ctx, 'person.import', { details: { version: previous.version } }));
      summary.updated.push(person.id);
    }
  }
  return summary;
}

const personFields = (p: PersonInput) =>
  JSON.stringify([
    p.id, p.name, p.position, p.agencyCode, p.roles, p.email, p.active !== false,
    // Field by field: a record read back from the table need not keep the keys in the order written.
    (p.signingForms ?? []).map((f) => [f.authority, f.headTitle ?? '']),
    p.overdueDigest === true,
  ]);
const samePerson = (a: PersonInput, b: PersonInput) => personFields(a) === personFields(b);
