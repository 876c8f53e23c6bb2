import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent, IT_DEPARTMENT_ID } from '../../infra/local/demo-data';
import { startTestStack, type TestStack } from '../support/local-stack';
import { issue, openLink, post, tokensBySymbol } from '../support/link-client';

/**
 * A copy ("Nơi nhận") that names a unit of the directory: that unit receives the dispatch for
 * information. It gets its own email and link like an addressee, may acknowledge, but owes no report
 * and no accounts, and is not counted among the units that must do what is asked.
 */
let stack: TestStack;
let dispatch: { id: string; symbol: string };
const clerk = () => stack.tokenFor('u-vanthu', ['clerk']);

beforeAll(async () => {
  stack = await startTestStack();
  const content = exampleDispatchContent();
  dispatch = await issue(stack, { ...content, copies: [...content.copies, { label: 'Cục Công nghệ thông tin', purpose: 'để phối hợp', unitId: IT_DEPARTMENT_ID }] });
  await stack.whenIdle();
});
afterAll(async () => {
  await stack?.stop();
});

describe('a unit named in the copies', () => {
  it('is a recipient for information, emailed once like the addressees', async () => {
    const { items } = (await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: await clerk() })).json;
    const byRole = (role: string) => items.filter((r: { role: string }) => r.role === role);
    expect(byRole('information').map((r: { unitId: string }) => r.unitId)).toEqual([IT_DEPARTMENT_ID]);
    expect(byRole('action')).toHaveLength(72);
    const mails = (await stack.sesStore()).filter((m) => m.subject.includes(dispatch.symbol) && m.to === 'cntt@moj.gov.vn');
    expect(mails).toHaveLength(1);
  });

  it('may acknowledge through its link, but is asked for no report and no accounts', async () => {
    const token = (await tokensBySymbol(stack, dispatch.symbol)).get('cntt@moj.gov.vn')!;
    const b = await openLink(stack, token);
    expect(b.page.text).toContain('Xác nhận đã nhận');
    expect(b.page.text).not.toContain('action="/l/report"');
    expect(b.page.text).not.toContain('action="/l/accounts"');
    expect((await post(stack, '/l/acknowledge', b, { csrf: b.csrf, name: 'Lê Văn Hải', position: 'Chuyên viên' })).status).toBe(200);
    // Posting a report anyway is refused and records nothing.
    const refused = await post(stack, '/l/report', b, { csrf: b.csrf, 'status.1': 'done', 'status.2': 'done' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    const { items } = (await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: await clerk() })).json;
    expect(items.find((r: { unitId: string }) => r.unitId === IT_DEPARTMENT_ID)).toMatchObject({ role: 'information', acknowledgedBy: { name: 'Lê Văn Hải' } });
    expect(items.find((r: { unitId: string }) => r.unitId === IT_DEPARTMENT_ID).reportVersion).toBeUndefined();
  });
});
