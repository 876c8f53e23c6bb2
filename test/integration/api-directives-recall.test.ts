import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import type { DispatchInput } from '../../shared/schemas/dispatch';
import { startTestStack, type TestStack } from '../support/local-stack';
import { issue, openLink, post, tokensBySymbol, type LinkBrowser } from '../support/link-client';
import { flatText, hasPoppler, pdfFile, pdftotext, POPPLER_MISSING, removeTempFiles } from '../unit/pdf/poppler';

/**
 * JSON API success paths that only the staff web form exercised so far, through HTTP against the
 * local stack: registering an incoming directive and following it to the dispatches citing it; recalling
 * an issued dispatch (and what a recall does and does not change); and the reset-request letter a unit's
 * submission produces, read back with pdftotext.
 */
let stack: TestStack;
const clerk = () => stack.tokenFor('u-vanthu', ['clerk']);
const leader = () => stack.tokenFor('u-mai-luong-khoi', ['leader']);
const itdept = () => stack.tokenFor('u-cntt', ['itdept']);

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
  removeTempFiles();
});

/** The example letter, addressed to a few units only (fewer emails, same path). */
const smallDispatch = (unitIds: string[], overrides: Partial<DispatchInput> = {}): DispatchInput => ({
  ...exampleDispatchContent(),
  addressees: unitIds.map((unitId) => ({ kind: 'unit' as const, unitId })),
  ...overrides,
});

describe('incoming directives through the JSON API, and recalling an issued dispatch', () => {
  const input = {
    number: '1234',
    symbol: 'VPCP-KSTT',
    issuedOn: '2024-03-05',
    issuingBody: 'Văn phòng Chính phủ',
    subject: 'V/v bảo đảm an toàn thông tin mạng trong dịp Tết Nguyên đán',
    receivedOn: '2024-03-07',
    deadline: '2024-04-30',
    text: 'Thủ tướng Chính phủ yêu cầu các bộ, ngành rà soát, cấp lại mật khẩu các tài khoản bị lộ lọt.\n\nThực hiện nghiêm túc.',
  };
  let directiveId: string;
  let dispatchId: string;
  let issued: { id: string; symbol: string; number: number; version: number; issuedOn: string };
  let tokens: Map<string, string>;
  let openedBefore: LinkBrowser;
  let summaryBefore: unknown;

  it('registers a directive with every field (POST /directives → 201), attributed to the clerk', async () => {
    const res = await stack.api('POST', '/directives', { token: await clerk(), body: input });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ ...input, createdBy: 'u-vanthu' });
    expect(res.json.id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(Date.parse(res.json.createdAt)).not.toBeNaN();
    directiveId = res.json.id;
  });

  it('lists it (GET /directives, newest first, for the people who write, sign and oversee letters) and returns it (GET /directives/{id}) with no citing dispatch yet', async () => {
    // The IT Department reads reset requests, not the correspondence.
    expect((await stack.api('GET', '/directives', { token: await itdept() })).status).toBe(403);
    const list = await stack.api('GET', '/directives', { token: await stack.tokenFor('u-mai-luong-khoi', ['leader']) });
    expect(list.status, list.text).toBe(200);
    expect(list.json.items[0]).toMatchObject({ id: directiveId, ...input });
    // The demo's two directives are there too, after the new one.
    expect(list.json.items.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining([directiveId, 'vpcp-kstt-2647-2023', 'a05-p7-164-2024']));

    const one = await stack.api('GET', `/directives/${directiveId}`, { token: await clerk() });
    expect(one.status, one.text).toBe(200);
    expect(one.json).toMatchObject({ id: directiveId, ...input, createdBy: 'u-vanthu', dispatches: [] });

    const missing = await stack.api('GET', '/directives/khong-co', { token: await clerk() });
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toBe('Không tìm thấy văn bản đến.');
  });

  it('links the directive to a dispatch citing it, as a draft and then once issued', async () => {
    const created = await stack.api('POST', '/dispatches', {
      token: await clerk(),
      body: smallDispatch(['thads-ha-noi', 'thads-hai-phong'], { citations: [directiveId] }),
    });
    expect(created.status, created.text).toBe(201);
    dispatchId = created.json.id;

    const asDraft = await stack.api('GET', `/directives/${directiveId}`, { token: await clerk() });
    expect(asDraft.json.dispatches).toEqual([
      expect.objectContaining({ id: dispatchId, state: 'draft', subject: exampleDispatchContent().subject }),
    ]);

    const signer = await stack.tokenFor('u-nguyen-van-luc', ['signer']);
    expect((await stack.api('POST', `/dispatches/${dispatchId}/submit`, { token: await clerk(), body: { version: 1 } })).status).toBe(200);
    expect((await stack.api('POST', `/dispatches/${dispatchId}/sign`, { token: signer, body: { version: 2 } })).status).toBe(200);
    const res = await stack.api('POST', `/dispatches/${dispatchId}/issue`, { token: await clerk(), body: { version: 3 } });
    expect(res.status, res.text).toBe(200);
    issued = res.json;
    await stack.whenIdle();

    const asIssued = await stack.api('GET', `/directives/${directiveId}`, { token: await clerk() });
    expect(asIssued.json.dispatches).toEqual([
      expect.objectContaining({ id: dispatchId, state: 'issued', symbol: issued.symbol, issuedOn: issued.issuedOn }),
    ]);
    const rollUp = await stack.api('GET', `/directives/${directiveId}/summary`, { token: await leader() });
    expect(rollUp.status, rollUp.text).toBe(200);
    expect(rollUp.json.dispatches.map((d: { dispatchId: string }) => d.dispatchId)).toEqual([dispatchId]);
    expect(rollUp.json.summary.recipients).toBe(2);

    tokens = await tokensBySymbol(stack, issued.symbol);
    expect(tokens.size).toBe(2);
    openedBefore = await openLink(stack, tokens.get('cucthads.hanoi@thads.moj.gov.vn')!);
    summaryBefore = (await stack.api('GET', `/dispatches/${dispatchId}/summary`, { token: await leader() })).json.summary;
  });

  it('refuses a recall without a comment or by a signer, changing nothing', async () => {
    const noComment = await stack.api('POST', `/dispatches/${dispatchId}/recall`, { token: await clerk(), body: { version: issued.version } });
    expect(noComment.status).toBe(400);
    expect(noComment.json.error.fields).toEqual([{ field: 'comment', vi: 'comment là bắt buộc', en: 'comment is required' }]);
    const bySigner = await stack.api('POST', `/dispatches/${dispatchId}/recall`, {
      token: await stack.tokenFor('u-nguyen-van-luc', ['signer']),
      body: { version: issued.version, comment: 'Thu hồi' },
    });
    expect(bySigner.status).toBe(403);
    const still = await stack.api('GET', `/dispatches/${dispatchId}`, { token: await clerk() });
    expect(still.json).toMatchObject({ state: 'issued', version: issued.version });
  });

  it('recalls the issued dispatch (POST /dispatches/{id}/recall → recalled, version + 1, the reason kept and audited)', async () => {
    const comment = 'Thu hồi để sửa nội dung yêu cầu 2; sẽ ban hành văn bản thay thế.';
    const res = await stack.api('POST', `/dispatches/${dispatchId}/recall`, { token: await clerk(), body: { version: issued.version, comment } });
    expect(res.status, res.text).toBe(200);
    expect(res.headers['x-idempotent-replay']).toBeUndefined();
    expect(res.json).toMatchObject({ id: dispatchId, state: 'recalled', version: issued.version + 1, recallReason: comment, symbol: issued.symbol, number: issued.number });

    const audit = await stack.api('GET', `/dispatches/${dispatchId}/audit`, { token: await clerk() });
    const recalls = audit.json.items.filter((e: { action: string }) => e.action === 'recall');
    expect(recalls).toHaveLength(1);
    expect(recalls[0]).toMatchObject({ actor: 'u-vanthu', roles: ['clerk'], details: { comment } });
  });

  it('answers a repeated recall (double click, retry) as a replay: 200, x-idempotent-replay, nothing changes', async () => {
    const again = await stack.api('POST', `/dispatches/${dispatchId}/recall`, {
      token: await clerk(),
      body: { version: issued.version, comment: 'Một lý do khác' },
    });
    expect(again.status, again.text).toBe(200);
    expect(again.headers['x-idempotent-replay']).toBe('true');
    expect(again.json).toMatchObject({ state: 'recalled', version: issued.version + 1 });
    expect(again.json.recallReason).not.toBe('Một lý do khác');

    // With the current version it is no repeat: recalling a recalled dispatch is a conflict.
    const onCurrent = await stack.api('POST', `/dispatches/${dispatchId}/recall`, { token: await clerk(), body: { version: issued.version + 1, comment: 'Lần nữa' } });
    expect(onCurrent.status).toBe(409);
    expect(onCurrent.json.error.details).toEqual({ state: 'recalled', version: issued.version + 1 });
    expect(onCurrent.json.error.message).toBe('Không thể thu hồi công văn ở trạng thái "đã thu hồi".');

    const audit = await stack.api('GET', `/dispatches/${dispatchId}/audit`, { token: await clerk() });
    expect(audit.json.items.filter((e: { action: string }) => e.action === 'recall')).toHaveLength(1);
    const current = await stack.api('GET', `/dispatches/${dispatchId}`, { token: await clerk() });
    expect(current.json.version).toBe(issued.version + 1);
  });

  it('keeps the register row (its number stays taken) and shows the state on the dispatch summary, counts unchanged', async () => {
    await stack.whenIdle();
    const year = Number(issued.issuedOn.slice(0, 4));
    const register = await stack.api('GET', `/register?issuer=TCTHADS&year=${year}`, { token: await clerk() });
    const rows = register.json.items.filter((r: { dispatchId: string }) => r.dispatchId === dispatchId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ number: issued.number, symbol: issued.symbol, issuedOn: issued.issuedOn });

    const summary = await stack.api('GET', `/dispatches/${dispatchId}/summary`, { token: await leader() });
    expect(summary.status, summary.text).toBe(200);
    expect(summary.json).toMatchObject({ dispatchId, state: 'recalled', symbol: issued.symbol });
    expect(summary.json.summary).toEqual(summaryBefore);
  });

  it('leaves the recalled dispatch on its directive, but out of the directive roll-up (issued dispatches only)', async () => {
    const one = await stack.api('GET', `/directives/${directiveId}`, { token: await clerk() });
    expect(one.json.dispatches).toEqual([expect.objectContaining({ id: dispatchId, state: 'recalled' })]);
    const rollUp = await stack.api('GET', `/directives/${directiveId}/summary`, { token: await leader() });
    expect(rollUp.json.dispatches).toEqual([]);
    expect(rollUp.json.summary.recipients).toBe(0);
  });

  it("turns every unit's link into the same 404 page as any invalid link, for a fresh open and an open session alike", async () => {
    const junk = await stack.api('GET', '/l/nope');
    expect(junk.status).toBe(404);
    const fresh = await stack.api('GET', `/l/${tokens.get('cucthads.haiphong@thads.moj.gov.vn')!}`);
    expect(fresh.status).toBe(404);
    expect(fresh.text).toBe(junk.text);
    expect(fresh.setCookies).toEqual([]);

    const page = await stack.api('GET', '/l', { headers: { cookie: openedBefore.cookie } });
    expect(page.status).toBe(404);
    expect(page.text).toBe(junk.text);
    const pdf = await stack.api('GET', '/l/pdf', { headers: { cookie: openedBefore.cookie } });
    expect(pdf.status).toBe(404);
    const ack = await post(stack, '/l/acknowledge', openedBefore, { csrf: openedBefore.csrf, name: 'Trần Thị Bình', position: 'Chánh Văn phòng' });
    expect(ack.status).toBe(404);
  });

  it('refuses reminders and link resends for the recalled dispatch with 409', async () => {
    const remind = await stack.api('POST', `/dispatches/${dispatchId}/remind`, { token: await clerk() });
    expect(remind.status).toBe(409);
    expect(remind.json.error.details).toEqual({ state: 'recalled' });
    const resend = await stack.api('POST', `/dispatches/${dispatchId}/recipients/thads-ha-noi/resend-link`, { token: await clerk() });
    expect(resend.status).toBe(409);
  });
});

describe.skipIf(!hasPoppler)(`the reset-request letter (${hasPoppler ? 'pdftotext' : POPPLER_MISSING})`, () => {
  const unitId = 'thads-da-nang';
  const reset = ['NguyenVanA@thads.moj.gov.vn', 'tranthib@thads.moj.gov.vn'];
  const revoke = ['nghihuu.c@thads.moj.gov.vn'];
  let text: string;
  let unit: { name: string; email: string; province: string; code: string };

  beforeAll(async () => {
    unit = (await stack.api('GET', `/units/${unitId}`, { token: await clerk() })).json;
    const dispatch = await issue(stack, smallDispatch([unitId]));
    const token = (await tokensBySymbol(stack, dispatch.symbol)).get(unit.email)!;
    expect(token).toBeTruthy();
    const browser = await openLink(stack, token);
    const sent = await post(stack, '/l/accounts', browser, {
      csrf: browser.csrf,
      reset: reset.join('\n'),
      revoke: revoke.join('\n'),
      name: 'Trần Thị Bình',
      position: 'Chánh Văn phòng',
    });
    expect(sent.status, sent.text).toBe(200);
    await stack.whenIdle();

    const queue = await stack.api('GET', `/reset-requests?status=open&dispatchId=${dispatch.id}`, { token: await itdept() });
    expect(queue.json.items).toHaveLength(1);
    const request = queue.json.items[0];
    expect(request.pdfStatus).toBe('done');
    const letter = await stack.api('GET', `/reset-requests/${request.id}/pdf`, { token: await itdept() });
    expect(letter.status, letter.text).toBe(302);
    const bytes = new Uint8Array(await (await fetch(letter.headers['location']!)).arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    text = flatText(pdftotext(pdfFile(bytes)));
  });

  it("is the unit's own letter: its name heads the page, before the addressee", () => {
    expect(unit.name).toBe('Cục Thi hành án dân sự thành phố Đà Nẵng');
    const issuer = unit.name.toLocaleUpperCase('vi');
    // The very first words of the page are the issuing unit (upper case, as in the header of any công văn).
    expect(text.startsWith(`${issuer} Số:`), text.slice(0, 200)).toBe(true);
    // The unit numbers it in its own register: the number is left blank, the symbol is the unit's code.
    expect(text).toContain(`/${unit.code}`);
    // Nothing before the address names the General Department as the sender.
    expect(text.slice(0, text.indexOf('Kính gửi'))).not.toContain('TỔNG CỤC THI HÀNH ÁN DÂN SỰ');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('Đà Nẵng, ngày');
  });

  it('is addressed to Cục Công nghệ thông tin (Kính gửi), citing the dispatch by its issuer in running text', () => {
    expect(text).toMatch(/Kính gửi: Cục Công nghệ thông tin – Bộ Tư pháp/);
    expect(text).toMatch(/của Tổng cục thi hành án dân sự, Cục Thi hành án dân sự thành phố Đà Nẵng đề nghị/);
    expect(text).toContain('V/v đề nghị cấp lại mật khẩu và thu hồi tài khoản thư công vụ');
  });

  it('lists every account under its action', () => {
    const resetHeading = text.indexOf('Cấp lại mật khẩu các tài khoản thư công vụ bị lộ:');
    const revokeHeading = text.indexOf('Thu hồi các tài khoản thư công vụ không còn sử dụng:');
    expect(resetHeading).toBeGreaterThan(text.indexOf('Kính gửi'));
    expect(revokeHeading).toBeGreaterThan(resetHeading);
    for (const email of reset) {
      const at = text.indexOf(`- ${email.toLowerCase()}`);
      expect(at, email).toBeGreaterThan(resetHeading);
      expect(at, email).toBeLessThan(revokeHeading);
    }
    for (const email of revoke) expect(text.indexOf(`- ${email}`), email).toBeGreaterThan(revokeHeading);
    // Each account once.
    for (const email of [...reset, ...revoke]) expect(text.split(email.toLowerCase()).length - 1, email).toBe(1);
  });

  it('carries no password, and says so', () => {
    expect(text).toContain('văn bản này không chứa và không yêu cầu mật khẩu');
    expect(text).not.toMatch(/(mật khẩu|password|pass)\s*(mới)?\s*[:=]/i);
  });

  it('prints Vietnamese with correct, precomposed diacritics, and the signer', () => {
    expect(text).toBe(text.normalize('NFC'));
    expect(text).not.toMatch(/[\u0300-\u036f\ufffd]/);
    expect(text).toContain(`Thực hiện Công văn số`);
    expect(text).toContain('Cục Thi hành án dân sự thành phố Đà Nẵng đề nghị Cục Công nghệ thông tin – Bộ Tư pháp xử lý các tài khoản sau:');
    expect(text).toContain('CHÁNH VĂN PHÒNG');
    expect(text).toContain('Trần Thị Bình');
    expect(text).toContain('Nơi nhận');
  });
});
