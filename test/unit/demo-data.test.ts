import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  asciiSlug,
  demoDirectives,
  demoAgencies,
  demoGroups,
  demoPeople,
  demoUnits,
  exampleDispatchContent,
  exampleLetterContent,
} from '../../infra/local/demo-data';
import { agencyInputSchema } from '../../shared/schemas/agency';
import { personInputSchema } from '../../shared/schemas/person';
import { directiveInputSchema } from '../../shared/schemas/directive';
import { groupInputSchema, unitInputSchema } from '../../shared/schemas/directory';
import { dispatchContentSchema, dispatchInputSchema } from '../../shared/schemas/dispatch';
import { id as idSchema } from '../../shared/schemas/common';
import { isRole } from '../../shared/roles';

const provincial = demoUnits.filter((u) => u.kind === 'provincial-department');
const unitIds = new Set(demoUnits.map((u) => u.id));

/** Every string anywhere inside a value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

const duplicates = (values: readonly string[]) => values.filter((v, i) => values.indexOf(v) !== i);

describe('demo units', () => {
  it('all pass the unit schema unchanged', () => {
    for (const unit of demoUnits) expect(unitInputSchema.parse(unit)).toEqual(unit);
  });

  it('have unique ids, codes and mailboxes', () => {
    expect(duplicates(demoUnits.map((u) => u.id))).toEqual([]);
    expect(duplicates(demoUnits.map((u) => u.code))).toEqual([]);
    expect(duplicates(demoUnits.map((u) => u.email))).toEqual([]);
  });

  it('use lower-case ASCII slugs as ids and ASCII mailboxes', () => {
    for (const unit of demoUnits) {
      expect(unit.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(unit.email).toMatch(/^[a-z0-9.]+@[a-z0-9.]+$/);
    }
  });

  it('list every parent before its children', () => {
    const seen = new Set<string>();
    for (const unit of demoUnits) {
      if (unit.parentId) expect(seen.has(unit.parentId), `${unit.id} → ${unit.parentId}`).toBe(true);
      seen.add(unit.id);
    }
  });

  it('include the ministry, its IT Department and the Tổng cục with the drafting unit TT', () => {
    const byCode = new Map(demoUnits.map((u) => [u.code, u]));
    expect(byCode.get('BTP')).toMatchObject({ name: 'Bộ Tư pháp', kind: 'ministry' });
    expect(byCode.get('CNTT')).toMatchObject({ name: 'Cục Công nghệ thông tin', kind: 'department', parentId: byCode.get('BTP')!.id });
    expect(byCode.get('TCTHADS')).toMatchObject({ kind: 'general-department', parentId: byCode.get('BTP')!.id });
    expect(byCode.get('TT')).toMatchObject({
      name: 'Trung tâm Thống kê, Quản lý dữ liệu và Ứng dụng công nghệ thông tin',
      kind: 'internal-unit',
      parentId: byCode.get('TCTHADS')!.id,
    });
  });

  it('have the 63 provincial departments of before the 2025 merger, under the Tổng cục', () => {
    expect(provincial).toHaveLength(63);
    expect(new Set(provincial.map((u) => u.province)).size).toBe(63);
    for (const name of ['Hà Nội', 'TP. Hồ Chí Minh', 'Hải Phòng', 'Đà Nẵng', 'Cần Thơ', 'Bà Rịa - Vũng Tàu', 'Thừa Thiên Huế', 'Đắk Nông', 'Yên Bái']) {
      expect(provincial.map((u) => u.province)).toContain(name);
    }
    for (const unit of provincial) {
      expect(unit.parentId).toBe('tcthads');
      expect(unit.code).toMatch(/^THADS-[A-Z]+$/);
      expect(unit.id).toBe(`thads-${asciiSlug(unit.province!.replace(/^TP\. /, ''))}`);
      expect(unit.name).toMatch(/^Cục Thi hành án dân sự (tỉnh|thành phố|Thành phố) /);
      expect(unit.name.endsWith(unit.province!.replace(/^TP\. /, ''))).toBe(true);
    }
    expect(provincial.find((u) => u.province === 'Hà Nội')).toMatchObject({
      id: 'thads-ha-noi',
      name: 'Cục Thi hành án dân sự thành phố Hà Nội',
      email: 'cucthads.hanoi@thads.moj.gov.vn',
    });
    expect(provincial.find((u) => u.province === 'TP. Hồ Chí Minh')).toMatchObject({
      id: 'thads-ho-chi-minh',
      name: 'Cục Thi hành án dân sự Thành phố Hồ Chí Minh',
    });
  });
});

describe('demo groups', () => {
  it('pass the group schema and name only existing units, once each', () => {
    for (const group of demoGroups) {
      expect(groupInputSchema.parse(group)).toEqual(group);
      expect(group.memberIds.filter((id) => !unitIds.has(id))).toEqual([]);
      expect(duplicates(group.memberIds)).toEqual([]);
    }
  });

  it('group the 63 provincial departments and the internal units of the Tổng cục', () => {
    const byId = new Map(demoGroups.map((g) => [g.id, g]));
    expect(byId.get('thads-tinh')?.memberIds.sort()).toEqual(provincial.map((u) => u.id).sort());
    const internal = demoUnits.filter((u) => u.kind === 'internal-unit' && u.parentId === 'tcthads').map((u) => u.id);
    expect(internal.length).toBeGreaterThanOrEqual(8);
    expect(byId.get('don-vi-thuoc-tong-cuc')?.memberIds.sort()).toEqual(internal.sort());
  });
});

describe('demo agencies, people and directives', () => {
  it('people pass the person schema, with unique ids, known roles and existing agencies', () => {
    const agencyCodes = new Set(demoAgencies.map((a) => a.code));
    expect(duplicates(demoPeople.map((u) => u.id))).toEqual([]);
    for (const person of demoPeople) {
      expect(personInputSchema.parse(person)).toEqual(person);
      expect(person.roles.every(isRole)).toBe(true);
      expect(agencyCodes.has(person.agencyCode), person.id).toBe(true);
    }
    const roles = new Set(demoPeople.flatMap((u) => u.roles));
    expect([...roles].sort()).toEqual(['admin', 'clerk', 'itdept', 'leader', 'signer']);
    expect(demoPeople.find((u) => u.id === 'u-nguyen-van-luc')).toMatchObject({ name: 'Nguyễn Văn Lực', roles: ['signer'], agencyCode: 'TCTHADS' });
    expect(demoPeople.find((u) => u.roles.includes('itdept'))?.agencyCode).toBe('CNTT');
  });

  it('the Tổng cục and Cục CNTT each have a clerk, a leader, a head signer and a "KT." signer', () => {
    for (const code of ['TCTHADS', 'CNTT']) {
      const staff = demoPeople.filter((p) => p.agencyCode === code && p.active);
      expect(staff.some((p) => p.roles.includes('clerk')), code).toBe(true);
      expect(staff.some((p) => p.roles.includes('leader')), code).toBe(true);
      expect(staff.some((p) => p.signingForms.some((f) => f.authority === null)), code).toBe(true);
      expect(staff.some((p) => p.signingForms.some((f) => f.authority === 'KT')), code).toBe(true);
    }
  });

  it('agencies pass the agency schema, point at directory units and hang under the Ministry', () => {
    for (const agency of demoAgencies) {
      expect(agencyInputSchema.parse(agency)).toEqual(agency);
      expect(unitIds.has(agency.unitId!)).toBe(true);
      if (agency.code !== 'BTP') expect(agency.parentCode).toBe('BTP');
    }
  });

  it('the directory holds the Ministry-level bodies: its units and the 63 Sở Tư pháp', () => {
    expect(demoUnits.filter((u) => u.kind === 'provincial-justice-department')).toHaveLength(63);
    const groups = new Map(demoGroups.map((g) => [g.id, g]));
    expect(groups.get('so-tu-phap')?.memberIds).toHaveLength(63);
    expect(groups.get('don-vi-thuoc-bo')!.memberIds.length).toBeGreaterThanOrEqual(15);
  });

  it('directives pass the directive schema and have unique ids and numbers', () => {
    for (const { id, ...directive } of demoDirectives) {
      expect(idSchema.safeParse(id).success).toBe(true);
      expect(directiveInputSchema.parse(directive)).toEqual(directive);
    }
    expect(duplicates(demoDirectives.map((d) => d.id))).toEqual([]);
    expect(demoDirectives.map((d) => `${d.number}/${d.symbol}`)).toEqual(['2647/VPCP-KSTT', '164/A05-P7']);
  });
});

describe('the example dispatch', () => {
  it('passes the input schema unchanged, and resolves to stored content that passes the content schema', () => {
    const input = exampleDispatchContent();
    expect(dispatchInputSchema.parse(input)).toEqual(input);
    const content = exampleLetterContent();
    expect(dispatchContentSchema.parse(content)).toEqual(content);
    expect(content.issuer).toMatchObject({ parent: 'BỘ TƯ PHÁP', name: 'TỔNG CỤC THI HÀNH ÁN DÂN SỰ', code: 'TCTHADS' });
    expect(content.signer).toEqual({ authority: 'KT', headTitle: 'Tổng cục trưởng', position: 'Phó Tổng cục trưởng', name: 'Nguyễn Văn Lực', userId: 'u-nguyen-van-luc' });
  });

  it('addresses existing groups, cites the registered directives and is signed by a demo signer', () => {
    const content = exampleDispatchContent();
    const groupIds = new Set(demoGroups.map((g) => g.id));
    for (const a of content.addressees) expect(a.kind === 'group' && groupIds.has(a.groupId)).toBe(true);
    expect(content.citations).toEqual(demoDirectives.map((d) => d.id));
    const signer = demoPeople.find((u) => u.id === content.signer.personId);
    expect(signer?.roles).toContain('signer');
    expect(signer?.agencyCode).toBe('TCTHADS');
    expect(demoUnits.some((u) => u.code === content.draftingUnit)).toBe(true);
  });

  it('is a fresh object on every call', () => {
    const first = exampleDispatchContent();
    first.requirements[0]!.text = 'changed';
    first.signer.personId = 'changed';
    expect(exampleDispatchContent().requirements[0]!.text).not.toBe('changed');
    expect(exampleDispatchContent().signer.personId).toBe('u-nguyen-van-luc');
  });
});

describe('Vietnamese text', () => {
  it('is NFC everywhere, without stray whitespace', () => {
    const all = strings([demoUnits, demoGroups, demoPeople, demoAgencies, demoDirectives, exampleDispatchContent()]);
    for (const s of all) {
      expect(s.normalize('NFC'), s).toBe(s);
      expect(s.trim(), s).toBe(s);
      expect(s, s).not.toMatch(/ {2}|\u00a0/);
    }
  });
});

// The letter itself lives in shared/examples beside the repository (there locally and in CI).
const examplePath = fileURLToPath(new URL('../../../shared/examples/cong-van-tong-cuc-thads-2024.txt', import.meta.url));

describe.skipIf(!existsSync(examplePath))('the example dispatch against the letter', () => {
  const flat = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();
  const letter = existsSync(examplePath) ? flat(readFileSync(examplePath, 'utf8')) : '';

  it('has the letter’s opening, requirements and closing word for word', () => {
    const content = exampleDispatchContent();
    expect(letter).toContain(flat(content.opening!));
    for (const r of content.requirements) expect(letter).toContain(flat(`${r.n}. ${r.text}`));
    expect(letter).toContain(flat(content.closing!));
  });

  it('has the letter’s addressees, copies, archive and signature', () => {
    const content = exampleLetterContent();
    for (const a of content.addressees) expect(letter).toContain(`- ${a.kind === 'external' ? a.name : a.label}`);
    for (const c of content.copies) expect(letter).toContain(`- ${c.label} (${c.purpose});`);
    expect(letter).toContain(`Lưu: ${content.archive.join(', ')}.`);
    // The letter prints the titles in capitals; the records keep their own wording.
    const up = (t: string | undefined) => (t ?? '').toLocaleUpperCase('vi-VN');
    expect(letter).toContain(`${content.signer.authority}.${up(content.signer.headTitle)} ${up(content.signer.position)} ${content.signer.name}`);
  });
});
