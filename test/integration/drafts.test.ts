import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIRECTIVE_VPCP_ID, exampleDispatchContent, INTERNAL_UNITS_GROUP_ID } from '../../infra/local/demo-data';
import { listAudit } from '../../shared/data/audit';
import { keys } from '../../shared/data/keys';
import type { DispatchInput } from '../../shared/schemas/dispatch';
import { startTestStack, type TestStack } from '../support/local-stack';
import { issue } from '../support/link-client';

/**
 * Draft housekeeping (issue 14): POST /dispatches/{id}/copy makes a new draft of any dispatch of the
 * clerk's agency (content and recipients; a new id, no number, date, signature or file), and
 * DELETE /dispatches/{id}?version=N deletes a draft, audited. Every refusal names why in Vietnamese and
 * English and changes nothing.
 */
let stack: TestStack;
let clerk: string;
let issued: { id: string; symbol: string };

/** The example letter to the 9 units of the Tổng cục only (not all 72), to keep the stack quick. */
const small = (): DispatchInput => ({
  ...exampleDispatchContent(),
  addressees: [{ kind: 'group', groupId: INTERNAL_UNITS_GROUP_ID, label: 'Thủ trưởng các đơn vị thuộc Tổng cục Thi hành án dân sự' }],
});

async function newDraft(): Promise<{ id: string; version: number }> {
  const created = await stack.api('POST', '/dispatches', { token: clerk, body: small() });
  expect(created.status, created.text).toBe(201);
  return { id: created.json.id, version: created.json.version };
}

const badVersion0 = (r: { status: number; json: any }) => ({ status: r.status, vi: r.json.error.fields[0].vi, en: r.json.error.fields[0].en });

const draftIds = async () => ((await stack.api('GET', '/dispatches?state=draft&limit=100', { token: clerk })).json.items as { id: string }[]).map((d) => d.id);

beforeAll(async () => {
  stack = await startTestStack();
  clerk = await stack.tokenFor('u-vanthu', ['clerk']);
  issued = await issue(stack, small());
}, 300_000);
afterAll(async () => {
  await stack?.stop();
});

describe('copy a dispatch into a new draft', () => {
  it('copies an issued dispatch’s content and recipients into a new draft: new id, version 1, no number, signature or file; its creation names the source', async () => {
    const source = (await stack.api('GET', `/dispatches/${issued.id}`, { token: clerk })).json;
    const res = await stack.api('POST', `/dispatches/${issued.id}/copy`, { token: clerk });
    expect(res.status, res.text).toBe(201);
    const copy = res.json;
    expect(copy.id).not.toBe(issued.id);
    expect(copy).toMatchObject({ state: 'draft', version: 1, agencyCode: 'TCTHADS', createdBy: 'u-vanthu' });
    for (const field of ['symbol', 'number', 'issuedOn', 'signedAt', 'signedBy', 'pdfKey', 'signedPdfKey', 'deliveryStatus']) expect(copy[field], field).toBeUndefined();
    expect(copy.content).toEqual(source.content);
    expect(await draftIds()).toContain(copy.id);
    // The source is untouched.
    const after = (await stack.api('GET', `/dispatches/${issued.id}`, { token: clerk })).json;
    expect(after.version).toBe(source.version);
    const audit = (await stack.api('GET', `/dispatches/${copy.id}/audit`, { token: clerk })).json.items;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'create', actor: 'u-vanthu', actorName: 'Trần Thị Hương', details: { copiedFrom: issued.id, copiedFromSymbol: issued.symbol } });
  });

  it('refuses a signer (403), another agency’s clerk (403) and an unknown dispatch (404), creating nothing', async () => {
    const before = await draftIds();
    const signer = await stack.tokenFor('u-nguyen-van-luc', ['signer']);
    const bySigner = await stack.api('POST', `/dispatches/${issued.id}/copy`, { token: signer });
    expect(bySigner.status).toBe(403);
    const otherClerk = await stack.tokenFor('u-vanthu-cntt', ['clerk']);
    const byOther = await stack.api('POST', `/dispatches/${issued.id}/copy`, { token: otherClerk });
    expect(byOther.status).toBe(403);
    expect(byOther.json.error.message).toBe('Công văn này không thuộc cơ quan của bạn hoặc không tồn tại.');
    expect(byOther.json.error.messageEn).toBe('This dispatch does not belong to your agency, or does not exist.');
    const unknown = await stack.api('POST', '/dispatches/khong-co/copy', { token: clerk });
    expect(unknown.status).toBe(404);
    const badId = await stack.api('POST', '/dispatches/a%20b/copy', { token: clerk });
    expect(badId.status).toBe(400);
    expect(badId.json.error.fields[0].field).toBe('path.dispatchId');
    expect(await draftIds()).toEqual(before);
  });
});

describe('delete a draft', () => {
  it('deletes a draft seen at its version: gone from the API and the lists, its citations unlinked, the deletion in its audit trail', async () => {
    const draft = await newDraft();
    const cited = async () => ((await stack.api('GET', `/directives/${DIRECTIVE_VPCP_ID}`, { token: clerk })).json.dispatches as { id: string }[]).map((d) => d.id);
    expect(await cited()).toContain(draft.id);
    const res = await stack.api('DELETE', `/dispatches/${draft.id}?version=${draft.version}`, { token: clerk });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ id: draft.id, deleted: true });
    expect((await stack.api('GET', `/dispatches/${draft.id}`, { token: clerk })).status).toBe(404);
    expect(await draftIds()).not.toContain(draft.id);
    expect(await cited()).not.toContain(draft.id);
    // The trail stays in the dispatch's partition: created, then deleted, by whom.
    const { items } = await listAudit(keys.dispatch(draft.id).PK);
    expect(items.map((e) => e.action)).toEqual(['create', 'delete']);
    expect(items[1]).toMatchObject({ actor: 'u-vanthu', actorName: 'Trần Thị Hương', details: { subject: small().subject } });
    // Deleting it again: there is nothing to delete.
    expect((await stack.api('DELETE', `/dispatches/${draft.id}?version=${draft.version}`, { token: clerk })).status).toBe(404);
  });

  it('refuses a missing or bad version (400, named in both languages), a stale version (409), a letter past draft (409), a signer and another agency (403), changing nothing', async () => {
    const draft = await newDraft();
    const noVersion = await stack.api('DELETE', `/dispatches/${draft.id}`, { token: clerk });
    expect(noVersion.status).toBe(400);
    expect(noVersion.json.error.fields).toEqual([{ field: 'query.version', vi: 'query.version là bắt buộc', en: 'query.version is required' }]);
    expect(badVersion0(await stack.api('DELETE', `/dispatches/${draft.id}?version=0`, { token: clerk }))).toEqual({
      status: 400,
      vi: 'query.version phải là số phiên bản (số nguyên dương)',
      en: 'query.version must be a version number (a positive integer)',
    });
    const badVersion = await stack.api('DELETE', `/dispatches/${draft.id}?version=abc`, { token: clerk });
    expect(badVersion.status).toBe(400);
    expect(badVersion.json.error.fields[0].field).toBe('query.version');
    const stale = await stack.api('DELETE', `/dispatches/${draft.id}?version=7`, { token: clerk });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toContain('phiên bản hiện tại 1');
    expect(stale.json.error.messageEn).toContain('current version 1');
    const signer = await stack.tokenFor('u-nguyen-van-luc', ['signer']);
    expect((await stack.api('DELETE', `/dispatches/${draft.id}?version=1`, { token: signer })).status).toBe(403);
    const otherClerk = await stack.tokenFor('u-vanthu-cntt', ['clerk']);
    expect((await stack.api('DELETE', `/dispatches/${draft.id}?version=1`, { token: otherClerk })).status).toBe(403);
    // Past draft: submitted for signature, it is no longer the clerk's to delete.
    expect((await stack.api('POST', `/dispatches/${draft.id}/submit`, { token: clerk, body: { version: 1 } })).status).toBe(200);
    const submitted = await stack.api('DELETE', `/dispatches/${draft.id}?version=2`, { token: clerk });
    expect(submitted.status).toBe(409);
    expect(submitted.json.error.message).toBe('Chỉ xóa được dự thảo; công văn này đang ở trạng thái "chờ ký".');
    expect(submitted.json.error.messageEn).toBe('Only a draft can be deleted; this dispatch is pending signature.');
    const issuedRefusal = await stack.api('DELETE', `/dispatches/${issued.id}?version=4`, { token: clerk });
    expect(issuedRefusal.status).toBe(409);
    // Nothing changed: the letter is still there, at the state and version it had, with no deletion recorded.
    const still = (await stack.api('GET', `/dispatches/${draft.id}`, { token: clerk })).json;
    expect(still).toMatchObject({ state: 'pending_signature', version: 2 });
    const { items } = await listAudit(keys.dispatch(draft.id).PK);
    expect(items.map((e) => e.action)).toEqual(['create', 'submit']);
    expect((await stack.api('GET', `/dispatches/${issued.id}`, { token: clerk })).json.state).toBe('issued');
  });
});
