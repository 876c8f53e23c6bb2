import { describe, expect, it } from 'vitest';
import { addresseeLine, expandRecipients, externalRecipientId, type Directory } from '../../../shared/domain/recipients';
import { recipientState, summarize } from '../../../shared/domain/progress';
import { dispatchContentSchema } from '../../../shared/schemas/dispatch';
import { fieldErrors } from '../../../shared/schemas/messages';
import type { Group, Unit } from '../../../shared/schemas/directory';
import { contentFromForm } from '../../../shared/web/dispatch-form';
import { exampleLetterContent, exampleDispatchContent } from '../../../infra/local/demo-data';

const unit = (id: string): Unit => ({ id, code: id.toUpperCase(), name: `Đơn vị ${id}`, kind: 'provincial-department', email: `${id}@example.gov.vn`, active: true, version: 1, createdAt: '', updatedAt: '' });
const units = [unit('a'), unit('b')];
const groups: Group[] = [{ id: 'g', name: 'Nhóm', memberIds: ['a', 'b'], version: 1, createdAt: '', updatedAt: '' }];
const directory: Directory = { unit: (id) => units.find((u) => u.id === id), group: (id) => groups.find((g) => g.id === id) };

describe('recipients outside the directory (issue 9)', () => {
  it('an external addressee with an email is mailed; without one it is sent on paper; both print their name', () => {
    const addressees = [
      { kind: 'external', name: 'Sở Tư pháp tỉnh Lào Cai', email: 'stp@laocai.gov.vn' },
      { kind: 'external', name: 'Ủy ban nhân dân xã Tả Van' },
    ] as const;
    const { recipients, problems } = expandRecipients(addressees, [], directory);
    expect(problems).toEqual([]);
    expect(recipients).toEqual([
      { unitId: externalRecipientId('Sở Tư pháp tỉnh Lào Cai'), unitName: 'Sở Tư pháp tỉnh Lào Cai', email: 'stp@laocai.gov.vn', role: 'action', delivery: 'email', external: true },
      { unitId: externalRecipientId('Ủy ban nhân dân xã Tả Van'), unitName: 'Ủy ban nhân dân xã Tả Van', email: '', role: 'action', delivery: 'paper', external: true },
    ]);
    expect(addressees.map((a) => addresseeLine(a, directory))).toEqual(['Sở Tư pháp tỉnh Lào Cai', 'Ủy ban nhân dân xã Tả Van']);
  });

  it('ids are stable, valid and insensitive to case, spacing and Unicode composition', () => {
    const id = externalRecipientId('Sở Tư pháp tỉnh Lào Cai');
    expect(id).toMatch(/^ext-[0-9a-f]{16}$/);
    expect(externalRecipientId('  sở tư  pháp TỈNH lào cai ')).toBe(id);
    expect(externalRecipientId('Sở Tư pháp tỉnh Lào Cai'.normalize('NFD'))).toBe(id);
    expect(externalRecipientId('Sở Tư pháp tỉnh Lai Châu')).not.toBe(id);
  });

  it('mixes with units and groups; the same external named twice is one recipient, acting wins over a copy', () => {
    const { recipients } = expandRecipients(
      [{ kind: 'group', groupId: 'g' }, { kind: 'external', name: 'Sở Tư pháp', email: 'stp@x.gov.vn' }, { kind: 'unit', unitId: 'a' }],
      [
        { label: 'sở tư pháp', purpose: 'để biết', email: 'stp@x.gov.vn' },
        { label: 'Báo Pháp luật', external: true },
        { label: 'Thứ trưởng Mai Lương Khôi', purpose: 'để b/c' },
        { label: 'Đơn vị b', unitId: 'b' },
      ],
      directory,
    );
    expect(recipients.map((r) => [r.unitId, r.role, r.delivery])).toEqual([
      ['a', 'action', 'email'],
      ['b', 'action', 'email'],
      [externalRecipientId('Sở Tư pháp'), 'action', 'email'],
      [externalRecipientId('Báo Pháp luật'), 'information', 'paper'],
    ]);
    // The printed-only copy of a person is not a recipient.
    expect(recipients.some((r) => r.unitName.includes('Mai Lương Khôi'))).toBe(false);
  });

  it('the schema refuses a bad email, an external name given two mailboxes, and external with unitId, naming the field', () => {
    const base = exampleLetterContent();
    const parse = (patch: object) => {
      const r = dispatchContentSchema.safeParse({ ...base, ...patch });
      return r.success ? [] : fieldErrors(r.error.issues);
    };
    expect(parse({ addressees: [{ kind: 'external', name: 'Sở Tư pháp', email: 'không-phải-thư' }] })).toEqual([
      { field: 'addressees.0.email', vi: 'addressees.0.email phải là địa chỉ thư điện tử hợp lệ', en: 'addressees.0.email must be a valid email address' },
    ]);
    const conflict = parse({ addressees: [{ kind: 'external', name: 'Sở Tư pháp', email: 'a@x.gov.vn' }], copies: [{ label: 'SỞ TƯ PHÁP', email: 'b@x.gov.vn' }] });
    expect(conflict.map((e) => e.field)).toEqual(['copies.0.email']);
    expect(conflict[0]!.vi).toMatch(/^copies\.0\.email trùng tên/);
    expect(parse({ copies: [{ label: 'x', unitId: 'a', external: true }] }).map((e) => e.field)).toEqual(['copies.0.external']);
    expect(parse({ copies: [{ label: 'x', email: 'x@x.gov.vn', external: false }] }).map((e) => e.field)).toEqual(['copies.0.email']);
    // The same name with the same mailbox is one recipient, not an error.
    expect(parse({ addressees: [{ kind: 'external', name: 'Sở Tư pháp', email: 'a@x.gov.vn' }], copies: [{ label: 'Sở Tư pháp', email: 'A@x.gov.vn' }] })).toEqual([]);
  });

  it('paper recipients are their own state and are not counted as owing a response', () => {
    expect(recipientState({ role: 'action', mailStatus: 'paper' }, [{ n: 1, text: 'x', response: 'report', dueDate: '2020-01-01' }], new Date())).toBe('paper');
    const s = summarize({ recipients: 2, paper: 3, mailSent: 2, mailFailed: 0, completed: 1 }, [{ n: 1, text: 'x', response: 'report', dueDate: '2020-01-01' }], new Date());
    expect(s).toMatchObject({ recipients: 2, paper: 3, overdue: 1 });
  });

  it('the form adds external addressees after the picked ones, and puts their errors beside their row', () => {
    const c = exampleDispatchContent();
    const values: Record<string, string> = {
      draftingUnit: c.draftingUnit, subject: c.subject,
      'requirements.0.text': 'Thực hiện', archive: 'VT', signer: 'u-1||',
      'externals.0.name': '', 'externals.0.email': '',
      'externals.1.name': 'Sở Tư pháp', 'externals.1.email': 'sai',
      'externals.2.name': 'Xã Tả Van',
    };
    const bad = contentFromForm({ values, addressees: ['unit:a'], citations: [] });
    expect(bad.errors?.map((e) => e.field)).toEqual(['externals.1.email']);
    const ok = contentFromForm({ values: { ...values, 'externals.1.email': 'stp@x.gov.vn' }, addressees: ['unit:a'], citations: [] });
    expect(ok.content?.addressees).toEqual([
      { kind: 'unit', unitId: 'a' },
      { kind: 'external', name: 'Sở Tư pháp', email: 'stp@x.gov.vn' },
      { kind: 'external', name: 'Xã Tả Van' },
    ]);
  });
});

describe('the dispatch form page with externals', () => {
  it('round-trips external addressees and copies, and shows an email error beside its input', async () => {
    const { formFromContent } = await import('../../../shared/web/dispatch-form');
    const { dispatchFormPage } = await import('../../../templates/pages/app-dispatch-form');
    const content = {
      ...exampleLetterContent(),
      addressees: [{ kind: 'unit' as const, unitId: 'a' }, { kind: 'external' as const, name: 'Sở Tư pháp', email: 'stp@x.gov.vn' }],
      copies: [{ label: 'Báo Pháp luật', purpose: 'để biết', external: true }, { label: 'Thứ trưởng Mai Lương Khôi', purpose: 'để b/c' }],
    };
    const form = formFromContent(content);
    const back = contentFromForm(form);
    expect(back.errors).toBeUndefined();
    expect(back.content?.addressees).toEqual(content.addressees);
    expect(back.content?.copies).toEqual(content.copies);

    const values = { ...form.values, 'externals.0.email': 'sai' };
    const { errors } = contentFromForm({ ...form, values });
    const page = dispatchFormPage(
      { lang: 'vi', actor: { userId: 'u-vanthu', roles: ['clerk'] }, csrf: 'c' } as never,
      { action: '/app/dispatches/new', title: 'Mới', form: { ...form, values }, choices: { agency: { code: 'TCTHADS', name: 'Tổng cục Thi hành án dân sự', parent: 'Bộ Tư pháp', place: 'Hà Nội' }, signers: [], units: [], groups: [], directives: [], linkGraceDaysDefault: 30, minRows: { requirements: 5, copies: 4, externals: 2 } }, errors: errors! },
    );
    expect(page).toContain('Nơi nhận ngoài danh bạ');
    expect(page).toMatch(/id="f-externals-0-email"[^>]*aria-invalid="true"/);
    expect(page).toContain('id="f-externals-0-email-error"');
  });
});
