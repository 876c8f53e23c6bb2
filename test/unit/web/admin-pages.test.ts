import { describe, expect, it } from 'vitest';
import { demoAgencies, demoPeople } from '../../../infra/local/demo-data';
import type { Actor } from '../../../shared/http/actor';
import type { Agency } from '../../../shared/schemas/agency';
import type { Person } from '../../../shared/schemas/person';
import { personValues } from '../../../shared/web/admin-pages';
import { agenciesPage, peoplePage } from '../../../templates/pages/app-admin';

const actor: Actor = { userId: 'u-admin', name: 'Hoàng Đức Anh', agencyCode: 'CNTT', roles: ['admin'], sourceIp: '127.0.0.1' };
const stamp = { version: 1, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' };
const agencies = demoAgencies.map((a) => ({ ...a, ...stamp }) as Agency);
const people = demoPeople.map((p) => ({ ...p, ...stamp }) as Person);
const shell = { lang: 'vi' as const, actor, csrf: 'c' };

describe('administrator pages', () => {
  it('show an error beside its field, with aria-invalid and aria-describedby, and keep what was typed', () => {
    const page = agenciesPage(shell, { items: agencies, form: { code: 'x y', name: 'Cục Ả' }, errors: [{ field: 'code', vi: 'code chỉ gồm chữ in hoa', en: 'code capitals only' }] });
    expect(page).toMatch(/<input type="text" id="a-code" name="code" value="x y" required aria-invalid="true" aria-describedby="a-code-error">/);
    expect(page).toContain('<p class="field-error" id="a-code-error">chỉ gồm chữ in hoa</p>');
    expect(page).toContain('value="Cục Ả"');
    expect(page).toContain('name="csrf" value="c"');
  });

  it('fill the person form from the record (roles checked, forms as rows) and list stuck dispatches of an inactive signer', () => {
    const luc = { ...people.find((p) => p.roles.includes('signer'))!, active: false };
    const values = personValues(luc);
    const stuck = new Map([[luc.id, [{ id: 'd-1', agencyCode: 'TCTHADS', content: { subject: 'V/v tăng cường an toàn' } } as never]]]);
    const page = peoplePage(shell, { items: [luc], agencies, agencyFilter: undefined, form: values, editing: luc.id, stuck });
    expect(page).toContain('name="role" value="signer" checked');
    expect(page).toContain('name="version" value="1"');
    expect(page).toContain('V/v tăng cường an toàn');
    expect(page).toContain('1 công văn chờ ký');
    expect(page).toContain('href="/app/dispatches/d-1"');
  });
});
