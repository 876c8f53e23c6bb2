import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/local-stack';

/** The organisation directory over HTTP: CSV export, and an import that writes all of a file or none of it. */
let stack: TestStack;
const admin = () => stack.tokenFor('u-admin', ['admin']);
const clerk = () => stack.tokenFor('u-vanthu', ['clerk']);

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const csvRequest = async (body: string) =>
  stack.api('POST', '/directory/units.csv', { token: await admin(), body, headers: { 'content-type': 'text/csv; charset=utf-8' } });

describe('units as CSV', () => {
  it('exports every unit with Vietnamese headers, and re-importing the export changes nothing', async () => {
    const exported = await stack.api('GET', '/directory/units.csv', { token: await clerk() });
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toContain('text/csv');
    // (fetch's text() drops the byte-order mark; the unit tests check it is written.)
    expect(exported.text.split('\r\n')[0]).toBe('Mã định danh,Mã đơn vị,Tên đơn vị,Loại đơn vị,Đơn vị cấp trên,Thư điện tử,Tỉnh/Thành phố,Đang hoạt động');
    const units = await stack.api('GET', '/units', { token: await clerk() });
    const again = await csvRequest(exported.text);
    expect(again.status, again.text).toBe(200);
    expect(again.json).toEqual({ created: [], updated: [], unchanged: expect.any(Array) });
    expect(again.json.unchanged).toHaveLength(units.json.items.length);
  });

  it('creates new units and updates changed ones, parents before children', async () => {
    const header = 'id,code,name,kind,parentId,email,province,active';
    const csv = [
      header,
      'thads-moi-con,THADSMOICON,Chi cục THADS mới,internal-unit,thads-moi,chicuc.moi@moj.gov.vn,,có',
      'thads-moi,THADSMOI,Cục THADS mới,provincial-department,,cuc.moi@moj.gov.vn,Hà Nội,có',
    ].join('\n');
    const res = await csvRequest(csv);
    expect(res.status, res.text).toBe(200);
    expect(res.json.created).toEqual(['thads-moi', 'thads-moi-con']);
    const child = await stack.api('GET', '/units/thads-moi-con', { token: await clerk() });
    expect(child.json).toMatchObject({ parentId: 'thads-moi', name: 'Chi cục THADS mới' });

    const renamed = await csvRequest(csv.replace('Cục THADS mới,', 'Cục THADS mới đổi tên,'));
    expect(renamed.json).toMatchObject({ created: [], updated: ['thads-moi'], unchanged: ['thads-moi-con'] });
  });

  it('refuses a file with any bad row, naming row and field in both languages, and writes nothing', async () => {
    const csv = [
      'id,code,name,kind,email',
      'thads-tot,THADSTOT,Cục tốt,provincial-department,tot@moj.gov.vn',
      'thads-xau,THADSXAU,Cục xấu,provincial-department,khong-phai-email',
    ].join('\n');
    const res = await csvRequest(csv);
    expect(res.status).toBe(400);
    expect(res.json.error.fields).toEqual([
      { field: 'row.3.email', vi: expect.stringMatching(/^Dòng 3, email: /), en: expect.stringMatching(/^Row 3, email: /) },
    ]);
    const good = await stack.api('GET', '/units/thads-tot', { token: await clerk() });
    expect(good.status).toBe(404);
  });

  it('lets only an admin import, and only CSV', async () => {
    const asClerk = await stack.api('POST', '/directory/units.csv', { token: await clerk(), body: 'id\n', headers: { 'content-type': 'text/csv' } });
    expect(asClerk.status).toBe(403);
    const asJson = await stack.api('POST', '/directory/units.csv', { token: await admin(), body: { id: 'x' } });
    expect(asJson.status).toBe(415);
  });
});
