import type { Lang } from '../i18n';

/**
 * The texts of the dispatch form's picker, error summary and letter preview (issue 14), Vietnamese
 * first. Kept beside the form rather than in templates/i18n.ts so the form's wording changes in one place.
 */
const formTexts = {
  pickerCount: { vi: 'Đã chọn {n} đơn vị', en: '{n} units chosen' },
  pickerCountNone: { vi: 'Chưa chọn đơn vị nào', en: 'No unit chosen yet' },
  pickerHint: {
    vi: '“Gửi cả nhóm” ghi tên nhóm dưới “Kính gửi”; mở một nhóm để chọn từng đơn vị.',
    en: '“Whole group” prints the group’s name under “Kính gửi”; open a group to pick single units.',
  },
  pickerWholeGroup: { vi: 'Gửi cả nhóm: {name}', en: 'Whole group: {name}' },
  pickerOpenGroup: { vi: 'Chọn từng đơn vị', en: 'Pick single units' },
  pickerPickedOf: { vi: '{k}/{n} đã chọn', en: '{k} of {n} chosen' },
  pickerOtherUnits: { vi: 'Đơn vị khác', en: 'Other units' },
  pickerNoMatch: { vi: 'Không có đơn vị nào khớp với từ tìm.', en: 'No unit matches the search.' },
  moreRows: { vi: 'Thêm dòng ({n} dòng trống)', en: 'More rows ({n} empty)' },
  summaryTitle: { vi: 'Có {n} chỗ cần sửa, dự thảo chưa được lưu', en: '{n} things to fix; each is shown under its field' },
  summaryHint: { vi: 'Mỗi lỗi được ghi ngay dưới ô tương ứng; chọn một dòng dưới đây để tới ô đó.', en: 'Nothing was saved. Choose a line below to go to its field.' },
  rowField: { vi: '{row} — {field}', en: '{row} — {field}' },
  previewTitle: { vi: 'Xem trước công văn', en: 'Letter preview' },
  previewMissingNote: {
    vi: 'Bản xem trước: các phần tô vàng còn thiếu; khi đủ, bản PDF sẽ hiện ở đây.',
    en: 'Preview: the highlighted parts are still missing; once complete, the PDF shows here.',
  },
  missingSubject: { vi: '[Trích yếu chưa nhập]', en: '[Subject not entered]' },
  missingDraftingUnit: { vi: '[Đơn vị soạn thảo]', en: '[Drafting unit]' },
  missingAddressees: { vi: '[Chưa chọn nơi nhận]', en: '[No addressee chosen]' },
  missingRequirements: { vi: '[Chưa nhập yêu cầu nào]', en: '[No requirement entered]' },
  missingArchive: { vi: '[Lưu trữ chưa nhập]', en: '[Archive not entered]' },
  missingSigner: { vi: '[Chưa chọn người ký]', en: '[No signer chosen]' },
  previewDraft: { vi: 'DỰ THẢO', en: 'DRAFT' },
  previewRecipients: { vi: 'Nơi nhận:', en: 'Recipients:' },
  previewAsAbove: { vi: 'Như trên;', en: 'As above;' },
  previewArchive: { vi: 'Lưu: {list}.', en: 'Archive: {list}.' },
  previewDue: { vi: '(hạn {date})', en: '(due {date})' },
} as const;

export type FormTextKey = keyof typeof formTexts;

export const ft = (lang: Lang, key: FormTextKey, vars: Record<string, string | number> = {}): string =>
  formTexts[key][lang].replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
