import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peopleCsvColumns } from '../../shared/domain/people-csv';
import { startTestStack, type TestStack } from '../support/local-stack';

/** Administrators keep agencies and people; the records decide who may sign in and with which roles. */
let stack: TestStack;
const admin = () => stack.tokenFor('u-admin', ['admin']);
const clerk = () => stack.tokenFor('u-vanthu', ['clerk']);

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const agency = {
  code: 'VPB',
  name: 'Văn phòng Bộ',
  parent: 'Bộ Tư pháp',
  place: 'Hà Nội',
  email: 'vanphong@moj.gov.vn',
  headTitle: 'Chánh Văn phòng',
};
const person = {
  id: 'u-vpb-vanthu',
  name: 'Đỗ Thị Lan',
  position: 'Văn thư',
  agencyCode: 'VPB',
  roles: ['clerk'],
  email: 'dtlan@moj.gov.vn',
};

describe('agencies and people over the API', () => {
  it('lets an administrator create an agency and a person, and refuses a clerk (403)', async () => {
    expect((await stack.api('POST', '/agencies', { token: await clerk(), body: agency })).status).toBe(403);
    const created = await stack.api('POST', '/agencies', { token: await admin(), body: agency });
    expect(created.status, created.text).toBe(201);
    expect((await stack.api('POST', '/people', { token: await clerk(), body: person })).status).toBe(403);
    const p = await stack.api('POST', '/people', { token: await admin(), body: person });
    expect(p.status, p.text).toBe(201);
    expect(p.json).toMatchObject({ ...person, active: true, version: 1 });
  });

  it('refuses a deactivated person on their next call, and the dev sign-in list shows only active people', async () => {
    const token = await stack.tokenFor(person.id, ['clerk']);
    expect((await stack.api('GET', '/units', { token })).status).toBe(200);
    const users = async () => ((await stack.api('GET', '/dev/users')).json.items as { id: string }[]).map((u) => u.id);
    expect(await users()).toContain(person.id);

    const current = await stack.api('GET', `/people/${person.id}`, { token: await admin() });
    const off = await stack.api('PUT', `/people/${person.id}`, { token: await admin(), body: { version: current.json.version, person: { ...person, active: false } } });
    expect(off.status, off.text).toBe(200);
    const refused = await stack.api('GET', '/units', { token });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message ?? refused.text).toBeTruthy();
    expect(await users()).not.toContain(person.id);
    expect(await users()).toContain('u-vanthu');
  });
});

describe('people as CSV', () => {
  const csvRequest = async (body: string) => stack.api('POST', '/people.csv', { token: await admin(), body, headers: { 'content-type': 'text/csv; charset=utf-8' } });

  it('is for administrators only', async () => {
    expect((await stack.api('GET', '/people.csv', { token: await clerk() })).status).toBe(403);
  });

  it('exports every person with Vietnamese headers, and re-importing the export changes nothing', async () => {
    const exported = await stack.api('GET', '/people.csv', { token: await admin() });
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toContain('text/csv');
    expect(exported.text.split('\r\n')[0]).toBe(peopleCsvColumns.map((c) => c.header).join(','));
    const all = await stack.api('GET', '/people', { token: await admin() });
    const again = await csvRequest(exported.text);
    expect(again.status, again.text).toBe(200);
    expect(again.json).toEqual({ created: [], updated: [], unchanged: expect.any(Array) });
    expect(again.json.unchanged).toHaveLength(all.json.items.length);
  });

  it('creates and updates from a file, and refuses a file with a bad row, writing nothing', async () => {
    const header = 'id,name,position,agencyCode,roles,email,active,signingForms';
    const good = [header, 'u-vpb-chanh,Ngô Văn Minh,Chánh Văn phòng,VPB,signer;leader,nvminh@moj.gov.vn,có,null', `${person.id},Đỗ Thị Lan,Văn thư,VPB,clerk,dtlan@moj.gov.vn,có,`].join('\n');
    const res = await csvRequest(good);
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ created: ['u-vpb-chanh'], updated: [person.id] });
    const minh = await stack.api('GET', '/people/u-vpb-chanh', { token: await admin() });
    expect(minh.json).toMatchObject({ roles: ['signer', 'leader'], signingForms: [{ authority: null }] });

    const bad = [header, 'u-vpb-moi,Người Mới,Chuyên viên,VPB,clerk,moi@moj.gov.vn,có,', 'u-vpb-sai,Người Sai,Phó Chánh Văn phòng,VPB,signer,sai@moj.gov.vn,có,KT'].join('\n');
    const refused = await csvRequest(bad);
    expect(refused.status).toBe(400);
    expect(refused.json.error.fields).toEqual([
      { field: 'row.3.signingForms', vi: expect.stringMatching(/^Dòng 3, signingForms: .*Hình thức ký/), en: expect.stringMatching(/^Row 3, signingForms: /) },
    ]);
    expect((await stack.api('GET', '/people/u-vpb-moi', { token: await admin() })).status).toBe(404);
  });
});
