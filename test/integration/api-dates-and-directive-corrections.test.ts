import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { listAudit } from '../../shared/data/audit';
import { db, tableName } from '../../shared/data/client';
import { keys } from '../../shared/data/keys';
import { plusDays, vietnamDate } from '../../shared/domain/time';
import type { DispatchInput } from '../../shared/schemas/dispatch';
import { csrfFor, SESSION_COOKIE } from '../../shared/web/session';
import { startTestStack, type TestStack } from '../support/local-stack';

/**
 * Dates that make sense (issue 9, §5), through HTTP against the local stack: a dispatch due before the
 * day it would be issued is refused at issue (JSON API and the clerk's page) and at submission, with
 * nothing written; an incoming directive with incoherent dates is refused field by field; and a clerk
 * corrects or withdraws a wrongly registered directive, audited, but not under letters that cite it.
 */
let stack: TestStack;
const clerk = () => stack.tokenFor('u-vanthu', ['clerk']);
const signer = () => stack.tokenFor('u-nguyen-van-luc', ['signer']);
const today = () => vietnamDate(new Date());

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const smallDispatch = (overrides: Partial<DispatchInput> = {}): DispatchInput => ({
  ...exampleDispatchContent(),
  addressees: [{ kind: 'unit' as const, unitId: 'thads-ha-noi' }],
  ...overrides,
});

async function draft(content: DispatchInput): Promise<string> {
  const res = await stack.api('POST', '/dispatches', { token: await clerk(), body: content });
  expect(res.status, res.text).toBe(201);
  return res.json.id;
}

async function toSigned(id: string): Promise<void> {
  const submitted = await stack.api('POST', `/dispatches/${id}/submit`, { token: await clerk(), body: { version: 1 } });
  expect(submitted.status, submitted.text).toBe(200);
  const signed = await stack.api('POST', `/dispatches/${id}/sign`, { token: await signer(), body: { version: 2 } });
  expect(signed.status, signed.text).toBe(200);
}

/** Time passes while a letter waits: its stored due date moves into the past (what the clock would do). */
async function setDueDate(dispatchId: string, index: number, dueDate: string): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.dispatch(dispatchId),
      UpdateExpression: `SET content.requirements[${index}].dueDate = :due`,
      ExpressionAttributeValues: { ':due': dueDate },
    }),
  );
}

const register = async () => {
  const year = Number(today().slice(0, 4));
  return (await stack.api('GET', `/register?issuer=TCTHADS&year=${year}`, { token: await clerk() })).json.items as { number: number; dispatchId: string }[];
};

describe('a requirement due before the issue date', () => {
  let id: string;
  const yesterday = () => plusDays(today(), -1);

  it('is refused at issue with a 400 naming requirements.1.dueDate in both languages, and nothing is written', async () => {
    id = await draft(smallDispatch());
    await toSigned(id);
    await setDueDate(id, 1, yesterday());
    const before = await register();
    const auditBefore = (await stack.api('GET', `/dispatches/${id}/audit`, { token: await clerk() })).json.items.length;

    const res = await stack.api('POST', `/dispatches/${id}/issue`, { token: await clerk(), body: { version: 3 } });
    expect(res.status, res.text).toBe(400);
    const [y, m, d] = yesterday().split('-');
    const [ty, tm, td] = today().split('-');
    expect(res.json.error.fields).toEqual([
      {
        field: 'requirements.1.dueDate',
        vi: `requirements.1.dueDate là ${d}/${m}/${y}, trước ngày ban hành ${td}/${tm}/${ty}`,
        en: `requirements.1.dueDate is ${yesterday()}, before the issue date ${today()}`,
      },
    ]);

    // Still signed at the same version, no register row, no number, no audit event.
    const current = await stack.api('GET', `/dispatches/${id}`, { token: await clerk() });
    expect(current.json).toMatchObject({ state: 'signed', version: 3 });
    expect(current.json.number).toBeUndefined();
    expect(await register()).toEqual(before);
    expect((await stack.api('GET', `/dispatches/${id}/audit`, { token: await clerk() })).json.items).toHaveLength(auditBefore);
  });

  it("is shown to the clerk on the dispatch's page when issuing from the web, nothing written either", async () => {
    const token = await clerk();
    const before = await register();
    const res = await stack.api('POST', `/app/dispatches/${id}/issue`, {
      headers: { cookie: `${SESSION_COOKIE}=${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: csrfFor(token), version: '3' }).toString(),
    });
    expect(res.status, res.text.slice(0, 500)).toBe(400);
    expect(res.text).toContain('requirements.1.dueDate là');
    expect(res.text).toContain('trước ngày ban hành');
    expect(await register()).toEqual(before);
    expect((await stack.api('GET', `/dispatches/${id}`, { token })).json).toMatchObject({ state: 'signed', version: 3 });
  });

  it('leaves the number free: once the date is right, the same dispatch takes the next number in the register', async () => {
    const before = await register();
    const last = Math.max(0, ...before.map((r) => r.number));
    await setDueDate(id, 1, today());
    const res = await stack.api('POST', `/dispatches/${id}/issue`, { token: await clerk(), body: { version: 3 } });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ state: 'issued', number: last + 1 });
    await stack.whenIdle();
  });

  it('is refused at submission too (the letter does not go to the signer), the draft unchanged', async () => {
    const late = await draft(smallDispatch({ requirements: exampleDispatchContent().requirements.map((r) => ({ ...r, dueDate: yesterday() })) }));
    const res = await stack.api('POST', `/dispatches/${late}/submit`, { token: await clerk(), body: { version: 1 } });
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.fields.map((f: { field: string }) => f.field)).toEqual(['requirements.0.dueDate', 'requirements.1.dueDate']);
    expect((await stack.api('GET', `/dispatches/${late}`, { token: await clerk() })).json).toMatchObject({ state: 'draft', version: 1 });
  });
});

describe('incoming directive dates', () => {
  const good = {
    number: '777',
    symbol: 'TTg-KGVX',
    issuedOn: '2024-03-05',
    issuingBody: 'Thủ tướng Chính phủ',
    subject: 'V/v rà soát tài khoản thư công vụ',
    receivedOn: '2024-03-07',
    deadline: '2024-04-30',
  };
  const ids = async () => (await stack.api('GET', '/directives?limit=100', { token: await clerk() })).json.items.map((d: { id: string }) => d.id);

  it('refuses receivedOn before issuedOn and a deadline before issuedOn, naming each field, writing nothing', async () => {
    const before = await ids();
    const res = await stack.api('POST', '/directives', { token: await clerk(), body: { ...good, receivedOn: '2024-03-04', deadline: '2024-03-01' } });
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.fields).toEqual([
      { field: 'receivedOn', vi: 'receivedOn là 04/03/2024, trước ngày ban hành 05/03/2024', en: 'receivedOn is 2024-03-04, before the issue date 2024-03-05' },
      { field: 'deadline', vi: 'deadline là 01/03/2024, trước ngày ban hành 05/03/2024', en: 'deadline is 2024-03-01, before the issue date 2024-03-05' },
    ]);
    expect(await ids()).toEqual(before);
  });

  it('refuses a directive received (and issued) after today', async () => {
    const tomorrow = plusDays(today(), 1);
    const res = await stack.api('POST', '/directives', { token: await clerk(), body: { ...good, issuedOn: tomorrow, receivedOn: tomorrow, deadline: tomorrow } });
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.fields.map((f: { field: string }) => f.field)).toEqual(['issuedOn', 'receivedOn']);
  });

  it('left the number unclaimed: the same number with coherent dates registers', async () => {
    const res = await stack.api('POST', '/directives', { token: await clerk(), body: good });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ ...good, version: 1 });
  });
});

describe('correcting and withdrawing a wrongly registered directive', () => {
  const input = {
    number: '3001',
    symbol: 'VPCP-KSTT',
    issuedOn: '2024-05-02',
    issuingBody: 'Văn phòng Chính phủ',
    subject: 'V/v tăng cường bảo mật tài khoản',
    receivedOn: '2024-05-06',
  };
  let directiveId: string;
  let dispatchId: string;
  let version: number;

  it('corrects the number on the version seen (200, version + 1), moving the number claim, audited in its partition', async () => {
    const created = await stack.api('POST', '/directives', { token: await clerk(), body: input });
    expect(created.status, created.text).toBe(201);
    directiveId = created.json.id;
    const corrected = { ...input, number: '3010', deadline: '2024-06-30' };
    const res = await stack.api('PUT', `/directives/${directiveId}`, { token: await clerk(), body: { version: 1, directive: corrected } });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ ...corrected, id: directiveId, version: 2, updatedBy: 'u-vanthu' });
    version = 2;

    const audit = (await listAudit(keys.directive(directiveId).PK)).items;
    expect(audit.map((e) => e.action)).toEqual(['directive.register', 'directive.correct']);
    expect(audit[1]).toMatchObject({ actor: 'u-vanthu', roles: ['clerk'], details: { version: 2, changes: { number: { from: '3001', to: '3010' }, deadline: { from: null, to: '2024-06-30' } } } });

    // The old number is free again; the new one is taken.
    const again = await stack.api('POST', '/directives', { token: await clerk(), body: input });
    expect(again.status, again.text).toBe(201);
    const taken = await stack.api('POST', '/directives', { token: await clerk(), body: corrected });
    expect(taken.status).toBe(409);
    // Correcting onto a number registered to another directive is a conflict too, and changes nothing.
    const clash = await stack.api('PUT', `/directives/${directiveId}`, { token: await clerk(), body: { version, directive: input } });
    expect(clash.status, clash.text).toBe(409);
    expect((await stack.api('GET', `/directives/${directiveId}`, { token: await clerk() })).json).toMatchObject({ number: '3010', version: 2 });
  });

  it('refuses a stale version (409) and incoherent dates (400 naming directive.<field>), changing nothing', async () => {
    const stale = await stack.api('PUT', `/directives/${directiveId}`, { token: await clerk(), body: { version: 1, directive: input } });
    expect(stale.status).toBe(409);
    expect(stale.json.error.details).toEqual({ state: 'registered', version: 2 });
    const bad = await stack.api('PUT', `/directives/${directiveId}`, { token: await clerk(), body: { version, directive: { ...input, receivedOn: '2024-05-01' } } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toEqual([
      { field: 'directive.receivedOn', vi: 'directive.receivedOn là 01/05/2024, trước ngày ban hành 02/05/2024', en: 'directive.receivedOn is 2024-05-01, before the issue date 2024-05-02' },
    ]);
    const byLeader = await stack.api('PUT', `/directives/${directiveId}`, { token: await stack.tokenFor('u-mai-luong-khoi', ['leader']), body: { version, directive: input } });
    expect(byLeader.status).toBe(403);
    expect((await listAudit(keys.directive(directiveId).PK)).items).toHaveLength(2);
  });

  it('while only drafts cite it, corrects anything but refuses to withdraw (409 listing the drafts)', async () => {
    dispatchId = await draft(smallDispatch({ citations: [directiveId] }));
    const res = await stack.api('PUT', `/directives/${directiveId}`, { token: await clerk(), body: { version, directive: { ...input, number: '3011' } } });
    expect(res.status, res.text).toBe(200);
    version = res.json.version;

    const withdraw = await stack.api('POST', `/directives/${directiveId}/withdraw`, { token: await clerk(), body: { version, reason: 'Đăng ký nhầm' } });
    expect(withdraw.status, withdraw.text).toBe(409);
    expect(withdraw.json.error.details).toEqual({ dispatches: [{ id: dispatchId, state: 'draft' }] });
    expect(withdraw.json.error.message).toContain('hãy bỏ trích dẫn khỏi các dự thảo trước');
  });

  it('once a citing letter went to the signer, refuses changes to what it prints (409 naming it) but not to the rest', async () => {
    const submitted = await stack.api('POST', `/dispatches/${dispatchId}/submit`, { token: await clerk(), body: { version: 1 } });
    expect(submitted.status, submitted.text).toBe(200);
    for (const change of [{ number: '3012' }, { symbol: 'VPCP-NC' }, { issuedOn: '2024-05-03' }, { issuingBody: 'Văn phòng Quốc hội' }]) {
      const res = await stack.api('PUT', `/directives/${directiveId}`, { token: await clerk(), body: { version, directive: { ...input, number: '3011', ...change } } });
      expect(res.status, JSON.stringify(change)).toBe(409);
      expect(res.json.error.details).toEqual({ dispatches: [{ id: dispatchId, state: 'pending_signature' }] });
      expect(res.json.error.message).toContain(Object.keys(change)[0]);
    }
    const subjectOnly = await stack.api('PUT', `/directives/${directiveId}`, {
      token: await clerk(),
      body: { version, directive: { ...input, number: '3011', subject: 'V/v tăng cường bảo mật tài khoản thư công vụ' } },
    });
    expect(subjectOnly.status, subjectOnly.text).toBe(200);
    version = subjectOnly.json.version;
  });

  it('withdraws once the only citing letter is recalled: kept and readable by id, off the list, no longer citable; audited', async () => {
    const recalled = await stack.api('POST', `/dispatches/${dispatchId}/recall`, { token: await clerk(), body: { version: 2, comment: 'Sai căn cứ' } });
    expect(recalled.status, recalled.text).toBe(200);

    const res = await stack.api('POST', `/directives/${directiveId}/withdraw`, { token: await clerk(), body: { version, reason: 'Đăng ký nhầm văn bản' } });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ id: directiveId, state: 'withdrawn', version: version + 1, withdrawReason: 'Đăng ký nhầm văn bản', withdrawnBy: 'u-vanthu' });

    const replay = await stack.api('POST', `/directives/${directiveId}/withdraw`, { token: await clerk(), body: { version, reason: 'Lần nữa' } });
    expect(replay.status).toBe(200);
    expect(replay.headers['x-idempotent-replay']).toBe('true');

    const list = await stack.api('GET', '/directives?limit=100', { token: await clerk() });
    expect(list.json.items.map((d: { id: string }) => d.id)).not.toContain(directiveId);
    const withdrawn = await stack.api('GET', '/directives?state=withdrawn', { token: await clerk() });
    expect(withdrawn.json.items.map((d: { id: string }) => d.id)).toContain(directiveId);
    const one = await stack.api('GET', `/directives/${directiveId}`, { token: await clerk() });
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ state: 'withdrawn', dispatches: [expect.objectContaining({ id: dispatchId, state: 'recalled' })] });

    const cite = await stack.api('POST', '/dispatches', { token: await clerk(), body: smallDispatch({ citations: [directiveId] }) });
    expect(cite.status).toBe(400);
    expect(cite.json.error.fields.map((f: { field: string }) => f.field)).toEqual(['citations.0']);

    const corrected = await stack.api('PUT', `/directives/${directiveId}`, { token: await clerk(), body: { version: version + 1, directive: input } });
    expect(corrected.status).toBe(409);

    const audit = (await listAudit(keys.directive(directiveId).PK)).items;
    expect(audit.map((e) => e.action)).toEqual(['directive.register', 'directive.correct', 'directive.correct', 'directive.correct', 'directive.withdraw']);
    expect(audit.at(-1)).toMatchObject({ actor: 'u-vanthu', details: { reason: 'Đăng ký nhầm văn bản', version: version + 1 } });

    // Its number is released: the right document can be registered under it.
    const reregistered = await stack.api('POST', '/directives', { token: await clerk(), body: { ...input, number: '3011' } });
    expect(reregistered.status, reregistered.text).toBe(201);
  });
});

describe("the clerk's directives page", () => {
  const input = {
    number: '4001',
    symbol: 'BTP-CNTT',
    issuedOn: '2024-06-03',
    issuingBody: 'Bộ Tư pháp',
    subject: 'V/v rà soát tài khoản',
    receivedOn: '2024-06-04',
  };
  let directiveId: string;
  const page = async (method: 'GET' | 'POST', path: string, form: Record<string, string> = {}) => {
    const token = await clerk();
    return stack.api(method, path, {
      headers: { cookie: `${SESSION_COOKIE}=${token}`, ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(method === 'POST' ? { body: new URLSearchParams({ csrf: csrfFor(token), ...form }).toString() } : {}),
    });
  };

  it('offers each directive for correction, with its values and version, and a withdrawal form', async () => {
    directiveId = (await stack.api('POST', '/directives', { token: await clerk(), body: input })).json.id;
    const list = await page('GET', '/app/directives');
    expect(list.status).toBe(200);
    expect(list.text).toContain(`/app/directives?edit=${directiveId}#edit`);
    const edit = await page('GET', `/app/directives?edit=${directiveId}`);
    expect(edit.status).toBe(200);
    expect(edit.text).toContain(`action="/app/directives/${directiveId}/edit"`);
    expect(edit.text).toContain(`action="/app/directives/${directiveId}/withdraw"`);
    expect(edit.text).toContain('name="version" value="1"');
    expect(edit.text).toContain('value="4001"');
    expect(edit.text).toContain('Thu hồi văn bản đến');
  });

  it('shows date errors beside the fields, keeping what was typed, and writes nothing', async () => {
    const res = await page('POST', `/app/directives/${directiveId}/edit`, { ...input, version: '1', receivedOn: '2024-06-01' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('là 01/06/2024, trước ngày ban hành 03/06/2024');
    expect(res.text).toContain('value="2024-06-01"');
    expect((await stack.api('GET', `/directives/${directiveId}`, { token: await clerk() })).json).toMatchObject({ receivedOn: '2024-06-04', version: 1 });
  });

  it('corrects, then refuses to withdraw while a draft cites it, then withdraws', async () => {
    const ok = await page('POST', `/app/directives/${directiveId}/edit`, { ...input, version: '1', subject: 'V/v rà soát tài khoản thư công vụ' });
    expect(ok.status, ok.text.slice(0, 300)).toBe(303);
    expect(ok.headers['location']).toBe('/app/directives?done=corrected');

    const citing = await draft(smallDispatch({ citations: [directiveId] }));
    const refused = await page('POST', `/app/directives/${directiveId}/withdraw`, { version: '2', reason: 'Đăng ký nhầm' });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('hãy bỏ trích dẫn khỏi các dự thảo trước');
    const noReason = await page('POST', `/app/directives/${directiveId}/withdraw`, { version: '2', reason: ' ' });
    expect(noReason.status).toBe(400);

    const edited = await stack.api('PUT', `/dispatches/${citing}`, { token: await clerk(), body: { version: 1, content: smallDispatch({ citations: [] }) } });
    expect(edited.status, edited.text).toBe(200);
    const done = await page('POST', `/app/directives/${directiveId}/withdraw`, { version: '2', reason: 'Đăng ký nhầm' });
    expect(done.status, done.text.slice(0, 300)).toBe(303);
    const list = await page('GET', '/app/directives');
    expect(list.text).not.toContain(`edit=${directiveId}`);
    const withdrawn = await page('GET', '/app/directives?state=withdrawn');
    expect(withdrawn.text).toContain('V/v rà soát tài khoản thư công vụ');
    expect(withdrawn.text).toContain('Đăng ký nhầm');
  });
});
