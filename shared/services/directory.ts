import { getGroup, getUnit, listUnits, saveGroup, saveUnit } from '../data/directory-repo';
import { getRecipient, promotionItems } from '../data/recipient-repo';
import { exportUnitsCsv, parseUnitsCsv } from '../domain/units-csv';
import { conflict, invalid, invalidField, notFound } from '../errors';
import type { Group, GroupInput, Unit, UnitFromExternal, UnitInput } from '../schemas/directory';
import { auditOf, type UseCaseContext } from './context';

const unitWord = { vi: 'đơn vị', en: 'Unit' };
const groupWord = { vi: 'nhóm', en: 'Group' };

export async function requireUnit(id: string): Promise<Unit> {
  const unit = await getUnit(id);
  if (!unit) throw notFound(unitWord);
  return unit;
}

export async function requireGroup(id: string): Promise<Group> {
  const group = await getGroup(id);
  if (!group) throw notFound(groupWord);
  return group;
}

async function checkParent(input: UnitInput, field: string) {
  if (input.parentId && input.parentId !== input.id && !(await getUnit(input.parentId))) {
    throw invalidField(field, `${field}: không có đơn vị "${input.parentId}"`, `${field}: no unit "${input.parentId}"`);
  }
}

export async function createUnit(ctx: UseCaseContext, input: UnitInput): Promise<Unit> {
  await checkParent(input, 'parentId');
  return saveUnit(input, undefined, undefined, auditOf(ctx, 'unit.create'));
}

/**
 * Makes a directory unit of a recipient outside the directory (issue 9). The unit is created as by
 * POST /units (unique id and code, parent checked, audited on the unit); in the same transaction the
 * dispatch's recipient record gets `promotedToUnitId` and the dispatch's trail an audit event. The
 * recipient keeps its `ext-…` id: its link, reports and counters stay as they were.
 */
export async function createUnitFromExternal(ctx: UseCaseContext, input: UnitFromExternal): Promise<{ unit: Unit; dispatchId: string; recipientId: string }> {
  const recipient = await getRecipient(input.dispatchId, input.recipientId);
  if (!recipient) throw notFound({ vi: 'nơi nhận của công văn', en: 'Recipient of the dispatch' });
  if (!recipient.external) {
    throw conflict({ vi: `Nơi nhận ${input.recipientId} đã là đơn vị trong danh bạ.`, en: `Recipient ${input.recipientId} is already a directory unit.` }, { field: 'recipientId' });
  }
  const already = () =>
    conflict(
      { vi: `Nơi nhận ${input.recipientId} đã được chuyển thành đơn vị trong danh bạ.`, en: `Recipient ${input.recipientId} was already made into a directory unit.` },
      { field: 'recipientId', ...(recipient.promotedToUnitId ? { unitId: recipient.promotedToUnitId } : {}) },
    );
  if (recipient.promotedToUnitId) throw already();
  await checkParent(input.unit, 'unit.parentId');
  const details = { dispatchId: input.dispatchId, recipientId: input.recipientId, unitId: input.unit.id, name: recipient.unitName };
  const unit = await saveUnit(input.unit, undefined, undefined, auditOf(ctx, 'unit.create', { details }), {
    items: promotionItems(input.dispatchId, input.recipientId, input.unit.id, auditOf(ctx, 'recipient.promoted', { details })),
    onExtraRefused: already,
  });
  return { unit, dispatchId: input.dispatchId, recipientId: input.recipientId };
}

export async function updateUnit(ctx: UseCaseContext, id: string, version: number, input: UnitInput): Promise<Unit> {
  if (input.id !== id) throw invalidField('unit.id', 'unit.id phải trùng với mã trên đường dẫn', 'unit.id must match the id in the path');
  const previous = await requireUnit(id);
  await checkParent(input, 'unit.parentId');
  return saveUnit(input, version, previous, auditOf(ctx, 'unit.update', { details: { version } }));
}

async function checkMembers(input: GroupInput, prefix: string) {
  const known = new Set((await listUnits()).map((u) => u.id));
  const missing = input.memberIds.map((id, i) => ({ id, i })).filter(({ id }) => !known.has(id));
  if (missing.length) {
    const { id, i } = missing[0]!;
    throw invalidField(`${prefix}memberIds.${i}`, `${prefix}memberIds.${i}: không có đơn vị "${id}"`, `${prefix}memberIds.${i}: no unit "${id}"`);
  }
}

export async function createGroup(ctx: UseCaseContext, input: GroupInput): Promise<Group> {
  await checkMembers(input, '');
  return saveGroup({ ...input, memberIds: [...new Set(input.memberIds)] }, undefined, undefined, auditOf(ctx, 'group.create'));
}

export async function updateGroup(ctx: UseCaseContext, id: string, version: number, input: GroupInput): Promise<Group> {
  if (input.id !== id) throw invalidField('group.id', 'group.id phải trùng với mã trên đường dẫn', 'group.id must match the id in the path');
  const previous = await requireGroup(id);
  await checkMembers(input, 'group.');
  return saveGroup({ ...input, memberIds: [...new Set(input.memberIds)] }, version, previous, auditOf(ctx, 'group.update'));
}

/** Vietnamese-aware search: "ha noi" finds "Hà Nội". */
export const fold = (s: string): string =>
  s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

/** The whole unit directory as a CSV file (see shared/domain/units-csv.ts for the format). */
export async function exportUnits(): Promise<string> {
  const units = await listUnits();
  return exportUnitsCsv(units.map(({ version: _v, createdAt: _c, updatedAt: _u, ...input }) => input));
}

export interface ImportSummary {
  created: string[];
  updated: string[];
  unchanged: string[];
}

/**
 * Creates the units of a CSV file that are new and updates those that changed. The whole file is
 * checked first, so a file with any error writes nothing. Parents are created before their children.
 */
export async function importUnits(ctx: UseCaseContext, csv: string): Promise<ImportSummary> {
  const existing = new Map((await listUnits()).map((u) => [u.id, u]));
  const parsed = parseUnitsCsv(csv, { knownUnitIds: existing.keys() });
  if ('errors' in parsed) {
    throw invalid(
      parsed.errors.map((e) => {
        const where = e.row === 0 ? { vi: 'Tệp', en: 'File' } : { vi: `Dòng ${e.row}, ${e.field}`, en: `Row ${e.row}, ${e.field}` };
        return { field: e.row === 0 ? '(file)' : `row.${e.row}.${e.field}`, vi: `${where.vi}: ${e.vi}`, en: `${where.en}: ${e.en}` };
      }),
    );
  }
  const summary: ImportSummary = { created: [], updated: [], unchanged: [] };
  for (const unit of parentsFirst(parsed.units)) {
    const previous = existing.get(unit.id);
    if (!previous) {
      await saveUnit(unit, undefined, undefined, auditOf(ctx, 'unit.import'));
      summary.created.push(unit.id);
    } else if (sameUnit(previous, unit)) {
      summary.unchanged.push(unit.id);
    } else {
      await saveUnit(unit, previous.version, previous, auditOf(ctx, 'unit.import', { details: { version: previous.version } }));
      summary.updated.push(unit.id);
    }
  }
  return summary;
}

const unitFields = (u: UnitInput) => JSON.stringify([u.id, u.code, u.name, u.kind, u.parentId ?? '', u.email, u.province ?? '', u.active !== false]);
const sameUnit = (a: UnitInput, b: UnitInput) => unitFields(a) === unitFields(b);

/** Orders units so that a parent named in the file comes before the units under it. */
function parentsFirst(units: readonly UnitInput[]): UnitInput[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const done = new Set<string>();
  const out: UnitInput[] = [];
  const visit = (u: UnitInput, depth: number) => {
    if (done.has(u.id) || depth > units.length) return;
    const parent = u.parentId ? byId.get(u.parentId) : undefined;
    if (parent && parent.id !== u.id) visit(parent, depth + 1);
    if (!done.has(u.id)) {
      done.add(u.id);
      out.push(u);
    }
  };
  for (const u of units) visit(u, 0);
  return out;
}
