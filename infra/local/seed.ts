import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/data/client';
import { createDirective, getDirective } from '../../shared/data/directive-repo';
import { getGroup, getUnit, saveGroup, saveUnit } from '../../shared/data/directory-repo';
import { getAgency, saveAgency } from '../../shared/data/agency-repo';
import { getPerson, savePerson } from '../../shared/data/people-repo';
import type { AuditEvent } from '../../shared/data/audit';
import { demoAgencies, demoDirectives, demoGroups, demoPeople, demoUnits } from './demo-data';
import { seedSpecimenImages } from './seed-images';

const MARKER = { PK: 'SEED#demo', SK: 'META' };

const seedAudit = (action: string): AuditEvent => ({ at: new Date().toISOString(), actor: 'system:seed', action });

/**
 * Loads the demo organisation directory (units, groups, agencies, people) and directives on first start. A marker item records that the
 * seed ran, so a restart keeps whatever people changed since; `npm run reset` starts over.
 * Each item is written only if missing, so an interrupted seed completes on the next start.
 */
export async function seedIfEmpty(): Promise<{ seeded: boolean }> {
  const marker = await db().send(new GetCommand({ TableName: tableName(), Key: MARKER, ConsistentRead: true }));
  if (marker.Item) {
    // Specimen seals and signatures, each only if missing: also for a data folder seeded before they existed.
    await seedSpecimenImages();
    return { seeded: false };
  }

  // Parents before children, so every parent reference resolves.
  for (const unit of demoUnits) {
    if (!(await getUnit(unit.id))) await saveUnit(unit, undefined, undefined, seedAudit('unit.create'));
  }
  for (const agency of demoAgencies) {
    if (!(await getAgency(agency.code))) await saveAgency(agency, undefined, undefined, seedAudit('agency.create'));
  }
  for (const person of demoPeople) {
    if (!(await getPerson(person.id))) await savePerson(person, undefined, undefined, seedAudit('person.create'));
  }
  for (const group of demoGroups) {
    if (!(await getGroup(group.id))) await saveGroup(group, undefined, undefined, seedAudit('group.create'));
  }
  for (const directive of demoDirectives) {
    if (!(await getDirective(directive.id))) {
      await createDirective({ ...directive, createdAt: new Date().toISOString(), createdBy: 'system:seed' }, seedAudit('directive.register'));
    }
  }
  await seedSpecimenImages();
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...MARKER, type: 'SeedMarker', at: new Date().toISOString() } }));
  return { seeded: true };
}
