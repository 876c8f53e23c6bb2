import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent, MINISTRY_UNITS_GROUP_ID } from '../../infra/local/demo-data';
import type { DispatchInput } from '../../shared/schemas/dispatch';
import { issue } from '../support/link-client';
import { startTestStack, type TestStack } from '../support/local-stack';
import { hasPoppler, pdfFile, pdftotext, removeTempFiles } from '../unit/pdf/poppler';

/**
 * Issue 9 end to end on the local stack: two agencies each issue to the Ministry's units under their own
 * register, name and seal; nobody acts across agencies; the signer is a choice among the agency's active
 * signers; a letter stuck with a signer who left is taken back, given another signer, signed and issued.
 */
let stack: TestStack;
const year = () => new Date().getUTCFullYear();
const token = (id: string, role: 'clerk' | 'signer' | 'admin' | 'leader') => stack.tokenFor(id, [role]);

const toMinistryUnits = (signer: DispatchInput['signer'], draftingUnit: string): DispatchInput => ({
  ...exampleDispatchContent(),
  draftingUnit,
  addressees: [{ kind: 'group', groupId: MINISTRY_UNITS_GROUP_ID }],
  citations: [],
  copies: [],
  signer,
});

async function draftAndSubmit(content: DispatchInput, clerkId = 'u-vanthu'): Promise<string> {
  const clerk = await token(clerkId, 'clerk');
  const created = await stack.api('POST', '/dispatches', { token: clerk, body: content });
  expect(created.status, created.text).toBe(201);
  const submitted = await stack.api('POST', `/dispatches/${created.json.id}/submit`, { token: clerk, body: { version: 1 } });
  expect(submitted.status, submitted.text).toBe(200);
  return created.json.id;
}

async function issuedPdfText(id: string, clerkId: string): Promise<string> {
  const link = await stack.api('GET', `/dispatches/${id}/pdf`, { token: await token(clerkId, 'clerk') });
  expect(link.status).toBe(302);
  return pdftotext(pdfFile(new Uint8Array(await (await fetch(link.headers['location']!)).arrayBuffer())));
}

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
  removeTempFiles();
});

describe('two agencies, each in its own name', () => {
  let tongCuc: { id: string; symbol: string };
  let cntt: { id: string; symbol: string };

  it('each numbers its letter 01 in its own register', async () => {
    tongCuc = await issue(stack, toMinistryUnits({ personId: 'u-nguyen-van-luc', authority: 'KT', headTitle: 'Tổng cục trưởng' }, 'TT'));
    cntt = await issue(stack, toMinistryUnits({ personId: 'u-pho-cuc-truong-cntt', authority: 'KT', headTitle: 'Cục trưởng' }, 'ATTT'), 'u-vanthu-cntt');
    expect(tongCuc.symbol).toBe('01/TCTHADS-TT');
    expect(cntt.symbol).toBe('01/CNTT-ATTT');
    const own = await stack.api('GET', `/register?issuer=TCTHADS&year=${year()}`, { token: await token('u-vanthu', 'clerk') });
    const theirs = await stack.api('GET', `/register?issuer=CNTT&year=${year()}`, { token: await token('u-vanthu-cntt', 'clerk') });
    expect(own.json.items.map((r: { symbol: string; signer: string }) => [r.symbol, r.signer])).toEqual([['01/TCTHADS-TT', 'Nguyễn Văn Lực']]);
    expect(theirs.json.items.map((r: { symbol: string; signer: string }) => [r.symbol, r.signer])).toEqual([['01/CNTT-ATTT', 'Đặng Quốc Bảo']]);
  });

  it.skipIf(!hasPoppler)('prints each agency’s own header and signature block', async () => {
    const a = await issuedPdfText(tongCuc.id, 'u-vanthu');
    expect(a).toContain('TỔNG CỤC THI HÀNH ÁN DÂN SỰ');
    expect(a).toContain('PHÓ TỔNG CỤC TRƯỞNG');
    expect(a).toContain('Nguyễn Văn Lực');
    const b = await issuedPdfText(cntt.id, 'u-vanthu-cntt');
    expect(b).toContain('CỤC CÔNG NGHỆ THÔNG TIN');
    expect(b).toContain('KT. CỤC TRƯỞNG');
    expect(b).toContain('PHÓ CỤC TRƯỞNG');
    expect(b).toContain('Đặng Quốc Bảo');
    expect(b).not.toContain('TỔNG CỤC THI HÀNH ÁN DÂN SỰ');
  });

  it('signs each with certificates naming the registered person and agency', async () => {
    for (const [d, person, agency] of [
      [tongCuc, 'Nguyễn Văn Lực', 'Tổng cục Thi hành án dân sự'],
      [cntt, 'Đặng Quốc Bảo', 'Cục Công nghệ thông tin'],
    ] as const) {
      const report = await stack.api('GET', `/verify/${d.id}`, { headers: { accept: 'application/json' } });
      expect(report.json.authentic, d.symbol).toBe(true);
      // The issued file ends with a document time-stamp (PAdES-B-LTA), which names no signer.
      const signatures = report.json.signatures.filter((s: { documentTimestamp?: boolean }) => !s.documentTimestamp);
      expect(signatures.map((s: { signer: string }) => s.signer)).toEqual([person, agency]);
      expect(signatures.map((s: { registered: { name: string } }) => s.registered.name)).toEqual([person, agency]);
    }
  });

  it('refuses every step across agencies and changes nothing', async () => {
    const id = await draftAndSubmit(toMinistryUnits({ personId: 'u-nguyen-van-luc', authority: 'KT', headTitle: 'Tổng cục trưởng' }, 'TT'));
    const cnttClerk = await token('u-vanthu-cntt', 'clerk');
    const cnttSigner = await token('u-pho-cuc-truong-cntt', 'signer');
    expect((await stack.api('POST', `/dispatches/${id}/sign`, { token: cnttSigner, body: { version: 2 } })).status).toBe(403);
    expect((await stack.api('POST', `/dispatches/${id}/withdraw`, { token: cnttClerk, body: { version: 2, comment: 'Thử' } })).status).toBe(403);
    expect((await stack.api('GET', `/dispatches/${id}`, { token: cnttClerk })).status).toBe(403);
    const signed = await stack.api('POST', `/dispatches/${id}/sign`, { token: await token('u-nguyen-van-luc', 'signer'), body: { version: 2 } });
    expect(signed.status, signed.text).toBe(200);
    expect((await stack.api('POST', `/dispatches/${id}/issue`, { token: cnttClerk, body: { version: 3 } })).status).toBe(403);
    const after = await stack.api('GET', `/dispatches/${id}`, { token: await token('u-vanthu', 'clerk') });
    expect(after.json).toMatchObject({ state: 'signed', version: 3 });
    const theirs = await stack.api('GET', `/register?issuer=CNTT&year=${year()}`, { token: cnttClerk });
    expect(theirs.json.items).toHaveLength(1);
  });
});

describe('choosing the signer', () => {
  const refused = async (signer: DispatchInput['signer'], clerkId = 'u-vanthu') => {
    const res = await stack.api('POST', '/dispatches', { token: await token(clerkId, 'clerk'), body: toMinistryUnits(signer, 'TT') });
    expect(res.status, res.text).toBe(400);
    expect(res.json.error.fields.map((f: { field: string }) => f.field)).toEqual(['signer']);
    return res.json.error.fields[0] as { vi: string; en: string };
  };

  it('refuses a signer of another agency, a form their record does not allow, someone who may not sign, or an unknown person', async () => {
    expect((await refused({ personId: 'u-cuc-truong-cntt', authority: null })).en).toContain('belongs to CNTT');
    expect((await refused({ personId: 'u-nguyen-van-luc', authority: 'TL', headTitle: 'Tổng cục trưởng' })).vi).toContain('không được ký theo hình thức');
    expect((await refused({ personId: 'u-chuyenvien', authority: null })).en).toContain('may not sign');
    expect((await refused({ personId: 'u-khong-co', authority: null })).en).toContain('no person');
  });

  it('prints the signature block from the record, whatever case the clerk typed the head’s title in', async () => {
    const res = await stack.api('POST', '/dispatches', {
      token: await token('u-vanthu', 'clerk'),
      body: toMinistryUnits({ personId: 'u-chanh-van-phong', authority: 'TL', headTitle: 'TỔNG CỤC TRƯỞNG' }, 'VP'),
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json.content.signer).toEqual({ authority: 'TL', headTitle: 'Tổng cục trưởng', position: 'Chánh Văn phòng', name: 'Bùi Thanh Sơn', userId: 'u-chanh-van-phong' });
    expect(res.json.content.issuer).toMatchObject({ parent: 'BỘ TƯ PHÁP', name: 'TỔNG CỤC THI HÀNH ÁN DÂN SỰ', code: 'TCTHADS' });
    expect(res.json.createdByName).toBe('Trần Thị Hương');
  });
});

describe('a letter stuck with a signer who left', () => {
  it('is listed as stuck, withdrawn to draft (audited), given another signer, signed and issued', async () => {
    const clerk = await token('u-vanthu', 'clerk');
    const id = await draftAndSubmit(toMinistryUnits({ personId: 'u-chanh-van-phong', authority: 'TL', headTitle: 'Tổng cục trưởng' }, 'VP'));
    const sonToken = await token('u-chanh-van-phong', 'signer');

    // The administrator deactivates Bùi Thanh Sơn: his token opens nothing from the next request on.
    const admin = await token('u-admin', 'admin');
    const son = (await stack.api('GET', '/people/u-chanh-van-phong', { token: admin })).json;
    const { version, createdAt: _c, updatedAt: _u, ...record } = son;
    const deactivated = await stack.api('PUT', '/people/u-chanh-van-phong', { token: admin, body: { version, person: { ...record, active: false } } });
    expect(deactivated.status, deactivated.text).toBe(200);
    expect((await stack.api('POST', `/dispatches/${id}/sign`, { token: sonToken, body: { version: 2 } })).status).toBe(403);

    const pending = await stack.api('GET', '/dispatches?state=pending_signature', { token: clerk });
    expect(pending.json.items.find((d: { id: string }) => d.id === id)).toMatchObject({ signerInactive: true });

    const withdrawn = await stack.api('POST', `/dispatches/${id}/withdraw`, { token: clerk, body: { version: 2, comment: 'Chánh Văn phòng đã chuyển công tác' } });
    expect(withdrawn.status, withdrawn.text).toBe(200);
    expect(withdrawn.json).toMatchObject({ state: 'draft', version: 3, withdrawComment: 'Chánh Văn phòng đã chuyển công tác' });
    const audit = await stack.api('GET', `/dispatches/${id}/audit`, { token: clerk });
    expect(audit.json.items.find((e: { action: string }) => e.action === 'withdraw')).toMatchObject({
      actor: 'u-vanthu',
      actorName: 'Trần Thị Hương',
      details: { comment: 'Chánh Văn phòng đã chuyển công tác' },
    });

    // Submitting again with the inactive signer is refused, naming the signer; another signer is chosen.
    const again = await stack.api('POST', `/dispatches/${id}/submit`, { token: clerk, body: { version: 3 } });
    expect(again.status).toBe(400);
    expect(again.json.error.fields[0].field).toBe('signer');
    const content = toMinistryUnits({ personId: 'u-nguyen-van-luc', authority: 'KT', headTitle: 'Tổng cục trưởng' }, 'VP');
    expect((await stack.api('PUT', `/dispatches/${id}`, { token: clerk, body: { version: 3, content } })).status).toBe(200);
    expect((await stack.api('POST', `/dispatches/${id}/submit`, { token: clerk, body: { version: 4 } })).status).toBe(200);
    expect((await stack.api('POST', `/dispatches/${id}/sign`, { token: await token('u-nguyen-van-luc', 'signer'), body: { version: 5 } })).status).toBe(200);
    const issued = await stack.api('POST', `/dispatches/${id}/issue`, { token: clerk, body: { version: 6 } });
    expect(issued.status, issued.text).toBe(200);
    expect(issued.json.symbol).toMatch(/^\d{2}\/TCTHADS-VP$/);
    expect(issued.json.signedByName).toBe('Nguyễn Văn Lực');
  });
});
