import { describe, expect, it } from 'vitest';
import type { FieldError } from '../../../shared/errors';
import { errorSummary, fieldMessages, messagesByField } from '../../../templates/pages/form-error-summary';
import { letterPreviewPage } from '../../../templates/pages/letter-preview';
import { chosenUnitCount, recipientPicker } from '../../../templates/pages/recipient-picker';

/** The dispatch form's pieces of issue 14, without a browser: the e2e test drives them in Chromium. */
const choices = {
  agency: { code: 'TCTHADS', name: 'Tổng cục Thi hành án dân sự', parent: 'Bộ Tư pháp', place: 'Hà Nội' },
  groups: [
    { id: 'g1', name: 'Nhóm một', size: 2, memberIds: ['u1', 'u2'] },
    { id: 'g2', name: 'Nhóm hai', size: 2, memberIds: ['u2', 'u3'] },
  ],
  units: [
    { id: 'u1', code: 'A', name: 'Đơn vị A' },
    { id: 'u2', code: 'B', name: 'Đơn vị B' },
    { id: 'u3', code: 'C', name: 'Đơn vị C' },
    { id: 'u4', code: 'D', name: 'Đơn vị D' },
  ],
  signers: [{ value: 'p1|KT|Tổng cục trưởng', label: 'Nguyễn Văn A — Phó Tổng cục trưởng', name: 'Nguyễn Văn A', position: 'Phó Tổng cục trưởng', authority: 'KT' as const, headTitle: 'Tổng cục trưởng' }],
};

describe('the recipient picker', () => {
  it('counts each chosen unit once, a whole group as its members', () => {
    expect(chosenUnitCount(choices, new Set())).toBe(0);
    expect(chosenUnitCount(choices, new Set(['group:g1', 'unit:u2', 'unit:u4']))).toBe(3);
    expect(chosenUnitCount(choices, new Set(['group:g1', 'group:g2']))).toBe(3);
  });

  it('posts the same names as before, lists units in no group under "Đơn vị khác", opens a group holding a pick', () => {
    const page = recipientPicker({ lang: 'vi', choices, picked: new Set(['unit:u3']) }).value;
    expect(page).toContain('name="addressee" value="group:g1"');
    expect(page.match(/value="unit:u2"/g)).toHaveLength(2);
    expect(page).toContain('Đơn vị khác');
    expect(page).toContain('Đã chọn 1 đơn vị');
    const groupTwo = page.slice(page.indexOf('Nhóm hai'));
    expect(groupTwo).toMatch(/<details class="picker-units" data-picker-units open>/);
    expect(page.slice(0, page.indexOf('Nhóm hai'))).not.toMatch(/data-picker-units open/);
  });
});

describe('the error summary', () => {
  const errors: FieldError[] = [
    { field: 'draftingUnit', vi: 'chỉ gồm chữ in hoa', en: 'capitals only' },
    { field: 'draftingUnit', vi: 'phải ngắn hơn', en: 'must be shorter' },
    { field: 'subject', vi: 'subject không được để trống', en: 'subject must not be empty' },
    { field: 'content.somethingElse', vi: 'lỗi khác', en: 'another error' },
  ];
  it('has one entry per field, links the shown ones in the order given, and drops the English path', () => {
    const m = messagesByField('vi', errors);
    const shown = [
      { name: 'draftingUnit', id: 'f-draftingUnit', label: 'Đơn vị soạn thảo' },
      { name: 'subject', id: 'f-subject', label: 'Trích yếu' },
    ];
    const html = errorSummary('vi', m, shown).toString();
    expect(html).toContain('Có 3 chỗ cần sửa');
    expect(html.match(/<li>/g)).toHaveLength(3);
    expect(html).toContain('<a href="#f-draftingUnit" data-focus-field="f-draftingUnit">Đơn vị soạn thảo: chỉ gồm chữ in hoa; phải ngắn hơn</a>');
    expect(html).toContain('Trích yếu: không được để trống');
    expect(html).toContain('<li>lỗi khác</li>');
    expect(fieldMessages(m, 'draftingUnit', 'f-draftingUnit').toString()).toBe('<p class="field-error" id="f-draftingUnit-error">chỉ gồm chữ in hoa; phải ngắn hơn</p>');
    // An empty field is only told it is empty.
    const empty = messagesByField('vi', [errors[2]!, { field: 'subject', vi: 'chỉ gồm chữ', en: 'only letters' }]);
    expect(empty.get('subject')).toEqual(['không được để trống']);
  });
});

describe('the letter preview', () => {
  it('marks every missing required part in the letter and nothing else once filled', () => {
    const empty = letterPreviewPage({ lang: 'vi', form: { values: {}, addressees: [], citations: [] }, choices, year: 2026 });
    expect(empty.match(/<mark class="missing">[^<]*<\/mark>/g)).toEqual([
      '<mark class="missing">[Đơn vị soạn thảo]</mark>',
      '<mark class="missing">[Trích yếu chưa nhập]</mark>',
      '<mark class="missing">[Chưa chọn nơi nhận]</mark>',
      '<mark class="missing">[Chưa nhập yêu cầu nào]</mark>',
      '<mark class="missing">[Lưu trữ chưa nhập]</mark>',
      '<mark class="missing">[Chưa chọn người ký]</mark>',
    ]);
    expect(empty).not.toMatch(/<script|<header|<nav/);
    const filled = letterPreviewPage({
      lang: 'vi',
      form: {
        values: { draftingUnit: 'VP', subject: 'thử <b>', 'requirements.1.text': 'Rà soát', 'requirements.1.dueDate': '2026-12-31', archive: 'VT, VP', signer: 'p1|KT|Tổng cục trưởng', 'externals.0.name': 'Báo Pháp luật' },
        addressees: ['group:g1', 'unit:u4'],
        citations: [],
      },
      choices,
      year: 2026,
    });
    expect(filled).not.toContain('mark class="missing"');
    expect(filled).toContain('V/v thử &lt;b&gt;');
    expect(filled).toContain('1. Rà soát (hạn 31/12/2026)');
    expect(filled).toContain('<li>Nhóm một;</li><li>Đơn vị D;</li><li>Báo Pháp luật.</li>');
    expect(filled).toContain('KT. TỔNG CỤC TRƯỞNG');
  });
});
