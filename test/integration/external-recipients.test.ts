import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent, IT_DEPARTMENT_ID } from '../../infra/local/demo-data';
import { externalRecipientId } from '../../shared/domain/recipients';
import { startTestStack, type TestStack } from '../support/local-stack';
import { issue, openLink, post, tokensBySymbol } from '../support/link-client';

/**
 * Issue 9: addressees outside the directory. One with an email is mailed and tracked like a unit; one
 * without is printed and sent on paper: recorded, never mailed, never failed, counted apart. An
 * administrator can later make a directory unit of an external recipient.
 */
let stack: TestStack;
let dispatch: { id: string; symbol: string };
const clerk = () => stack.tokenFor('u-vanthu', ['clerk']);
const admin = () => stack.tokenFor('u-admin', ['admin']);
const MAILED = { name: 'Sở Tư pháp tỉnh Lào Cai', email: 'stp@laocai.gov.vn' };
const PAPER = 'Ủy ban nhân dân xã Tả Van';
const mailedId = externalRecipientId(MAILED.name);
const paperId = externalRecipientId(PAPER);

beforeAll(async () => {
  stack = await startTestStack();
  const content = exampleDispatchContent();
  dispatch = await issue(stack, {
    ...content,
    addressees: [{ kind: 'unit', unitId: IT_DEPARTMENT_ID }, { kind: 'external', ...MAILED }, { kind: 'external', name: PAPER }],
  });
  await stack.whenIdle();
}, 180_000);
afterAll(async () => {
  await stack?.stop();
});

describe('recipients outside the directory', () => {
  it('refuses a bad external email with a 400 naming the field, writing nothing', async () => {
    const before = (await stack.api('GET', '/dispatches', { token: await clerk() })).json.items.length;
    const res = await stack.api('POST', '/dispatches', {
      token: await clerk(),
      body: { ...exampleDispatchContent(), addressees: [{ kind: 'external', name: 'Sở X', email: 'không hợp lệ' }] },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.fields).toEqual([
      { field: 'addressees.0.email', vi: 'addressees.0.email phải là địa chỉ thư điện tử hợp lệ', en: 'addressees.0.email must be a valid email address' },
    ]);
    expect((await stack.api('GET', '/dispatches', { token: await clerk() })).json.items.length).toBe(before);
  });

  it('mails exactly one email to the external with an address, none for the one on paper', async () => {
    const mails = (await stack.sesStore()).filter((m) => m.subject.includes(dispatch.symbol));
    expect(mails.filter((m) => m.to === MAILED.email)).toHaveLength(1);
    expect(mails.map((m) => m.to).sort()).toEqual(['cntt@moj.gov.vn', MAILED.email].sort());
    expect(mails.find((m) => m.to === MAILED.email)!.text).toContain(`Kính gửi: ${MAILED.name}`);
  });

  it('lists the paper recipient as sent on paper, and counts it apart from those owing a response', async () => {
    const res = await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: await clerk() });
    const byId = new Map(res.json.items.map((r: { unitId: string }) => [r.unitId, r]));
    expect(byId.get(paperId)).toMatchObject({ unitName: PAPER, state: 'paper', mailStatus: 'paper', delivery: 'paper', external: true, mailAttempts: 0 });
    expect(byId.get(mailedId)).toMatchObject({ unitName: MAILED.name, email: MAILED.email, mailStatus: 'sent', external: true, role: 'action' });
    expect(res.json.stats).toMatchObject({ recipients: 2, paper: 1, mailSent: 2, mailFailed: 0 });

    const leader = await stack.tokenFor('u-mai-luong-khoi', ['leader']);
    const summary = (await stack.api('GET', `/dispatches/${dispatch.id}/summary`, { token: leader })).json.summary;
    expect(summary).toMatchObject({ recipients: 2, paper: 1, mail: { sent: 2, failed: 0 } });

    // No link to resend or remind for a letter sent on paper.
    for (const action of ['resend-link', 'remind', 'revoke-link']) {
      const refused = await stack.api('POST', `/dispatches/${dispatch.id}/recipients/${paperId}/${action}`, { token: await clerk() });
      expect(refused.status, action).toBe(409);
    }
    await stack.whenIdle();
    expect((await stack.sesStore()).filter((m) => m.subject.includes(dispatch.symbol))).toHaveLength(2);
  });

  it('prints the externals in the register’s recipients', async () => {
    const year = new Date().getFullYear();
    const rows = (await stack.api('GET', `/register?issuer=TCTHADS&year=${year}`, { token: await clerk() })).json.items;
    const row = rows.find((r: { dispatchId: string }) => r.dispatchId === dispatch.id);
    expect(row.recipients).toContain(MAILED.name);
    expect(row.recipients).toContain(PAPER);
  });

  it('lets the external with an email acknowledge through its own link', async () => {
    const token = (await tokensBySymbol(stack, dispatch.symbol)).get(MAILED.email)!;
    const b = await openLink(stack, token);
    expect(b.page.text).toContain(MAILED.name);
    expect((await post(stack, '/l/acknowledge', b, { csrf: b.csrf, name: 'Nguyễn Thị Hoa', position: 'Chánh Văn phòng' })).status).toBe(200);
    const { items, stats } = (await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: await clerk() })).json;
    expect(items.find((r: { unitId: string }) => r.unitId === mailedId)).toMatchObject({ acknowledgedBy: { name: 'Nguyễn Thị Hoa' } });
    expect(stats).toMatchObject({ acknowledged: 1, paper: 1 });
  });

  it('an administrator makes a directory unit of the external; only once, and only an admin', async () => {
    const unit = { id: 'stp-laocai', code: 'STP-LC', name: MAILED.name, kind: 'external', email: MAILED.email };
    const body = { dispatchId: dispatch.id, recipientId: mailedId, unit };
    expect((await stack.api('POST', '/units/from-external', { token: await clerk(), body })).status).toBe(403);
    const made = await stack.api('POST', '/units/from-external', { token: await admin(), body });
    expect(made.status, made.text).toBe(201);
    expect(made.json).toMatchObject({ unit: { id: 'stp-laocai', code: 'STP-LC' }, recipientId: mailedId });
    expect((await stack.api('GET', '/units/stp-laocai', { token: await clerk() })).status).toBe(200);
    const { items } = (await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: await clerk() })).json;
    expect(items.find((r: { unitId: string }) => r.unitId === mailedId)).toMatchObject({ promotedToUnitId: 'stp-laocai', acknowledgedBy: { name: 'Nguyễn Thị Hoa' } });
    const audit = (await stack.api('GET', `/dispatches/${dispatch.id}/audit`, { token: await clerk() })).json.items;
    expect(audit.some((e: { action: string }) => e.action === 'recipient.promoted')).toBe(true);

    // Again (another id): refused, and the second unit is not created.
    const again = await stack.api('POST', '/units/from-external', { token: await admin(), body: { ...body, unit: { ...unit, id: 'stp-laocai-2', code: 'STP-LC2' } } });
    expect(again.status).toBe(409);
    expect((await stack.api('GET', '/units/stp-laocai-2', { token: await clerk() })).status).toBe(404);
    // A directory unit's recipient is not external.
    const notExternal = await stack.api('POST', '/units/from-external', { token: await admin(), body: { ...body, recipientId: IT_DEPARTMENT_ID, unit: { ...unit, id: 'x-1', code: 'X1' } } });
    expect(notExternal.status).toBe(409);
    // The paper one can be promoted too (an admin supplies the mailbox it lacked).
    const paper = await stack.api('POST', '/units/from-external', { token: await admin(), body: { dispatchId: dispatch.id, recipientId: paperId, unit: { id: 'ubnd-tavan', code: 'UBND-TV', name: PAPER, kind: 'external', email: 'ubnd@tavan.gov.vn' } } });
    expect(paper.status, paper.text).toBe(201);
  });
});
