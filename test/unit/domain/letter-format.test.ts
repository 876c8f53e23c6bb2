import { describe, expect, it } from 'vitest';
import {
  formatAddressees,
  formatAuthority,
  formatCopies,
  formatDateLine,
  formatNumber,
  formatSymbol,
  formatSymbolText,
} from '../../../shared/domain/letter-format';

describe('formatNumber', () => {
  it('writes numbers below 10 with a leading zero', () => {
    expect(formatNumber(1)).toBe('01');
    expect(formatNumber(5)).toBe('05');
    expect(formatNumber(9)).toBe('09');
    expect(formatNumber(10)).toBe('10');
    expect(formatNumber(12)).toBe('12');
    expect(formatNumber(123)).toBe('123');
  });

  it('rejects what cannot be a register number', () => {
    expect(() => formatNumber(0)).toThrow(RangeError);
    expect(() => formatNumber(-3)).toThrow(RangeError);
    expect(() => formatNumber(2.5)).toThrow(RangeError);
  });
});

describe('formatSymbol', () => {
  it('prints number, issuer and drafting unit', () => {
    expect(formatSymbol({ number: 5, issuerCode: 'TCTHADS', draftingUnit: 'CNTT' })).toBe('Số: 05/TCTHADS-CNTT');
    expect(formatSymbol({ number: 12, issuerCode: 'BTP', draftingUnit: 'HT&ATTT' })).toBe('Số: 12/BTP-HT&ATTT');
    expect(formatSymbolText({ number: 123, issuerCode: 'TCTHADS', draftingUnit: 'CNTT' })).toBe('123/TCTHADS-CNTT');
  });

  it('leaves a blank for the number on a draft', () => {
    expect(formatSymbol({ issuerCode: 'TCTHADS', draftingUnit: 'CNTT' })).toBe('Số:      /TCTHADS-CNTT');
    expect(formatSymbolText({ issuerCode: 'TCTHADS', draftingUnit: 'CNTT' })).toBe('     /TCTHADS-CNTT');
  });

  it('omits the hyphen when the issuer drafted the document itself', () => {
    expect(formatSymbolText({ number: 7, issuerCode: 'UBND', draftingUnit: '' })).toBe('07/UBND');
  });
});

describe('formatDateLine', () => {
  it('zero-pads days below 10 and the months 1 and 2 only', () => {
    expect(formatDateLine('Hà Nội', '2020-01-05')).toBe('Hà Nội, ngày 05 tháng 01 năm 2020');
    expect(formatDateLine('Hà Nội', '2019-06-29')).toBe('Hà Nội, ngày 29 tháng 6 năm 2019');
    expect(formatDateLine('Hà Nội', '2024-02-01')).toBe('Hà Nội, ngày 01 tháng 02 năm 2024');
    expect(formatDateLine('Hà Nội', '2024-12-10')).toBe('Hà Nội, ngày 10 tháng 12 năm 2024');
    expect(formatDateLine('Thành phố Hồ Chí Minh', '2024-03-09')).toBe('Thành phố Hồ Chí Minh, ngày 09 tháng 3 năm 2024');
    expect(formatDateLine('Hà Nội', '2024-01-16')).toBe('Hà Nội, ngày 16 tháng 01 năm 2024');
  });

  it('prints blanks for the day and month of a draft, with the year when known', () => {
    expect(formatDateLine('Hà Nội', undefined, 2024)).toBe('Hà Nội, ngày        tháng        năm 2024');
    expect(formatDateLine('Hà Nội')).toMatch(/^Hà Nội, ngày {8}tháng {8}năm {7}$/);
    expect(formatDateLine('Hà Nội')).not.toMatch(/\d/);
  });

  it('rejects malformed and impossible dates', () => {
    expect(() => formatDateLine('Hà Nội', '16/01/2024')).toThrow(RangeError);
    expect(() => formatDateLine('Hà Nội', '2024-02-30')).toThrow(RangeError);
  });

  it('returns NFC text even from decomposed input', () => {
    const decomposed = 'Hà Nội'.normalize('NFD');
    const line = formatDateLine(decomposed, '2024-01-16');
    expect(line).toBe(line.normalize('NFC'));
    expect(line.startsWith('Hà Nội,')).toBe(true);
  });
});

describe('formatAuthority', () => {
  it('puts the head signed for over the signer’s own position for KT., TL., TUQ.', () => {
    expect(formatAuthority({ authority: 'KT', headTitle: 'TỔNG CỤC TRƯỞNG', position: 'PHÓ TỔNG CỤC TRƯỞNG' })).toEqual([
      'KT. TỔNG CỤC TRƯỞNG',
      'PHÓ TỔNG CỤC TRƯỞNG',
    ]);
    expect(formatAuthority({ authority: 'TL', headTitle: 'Bộ trưởng', position: 'Cục trưởng Cục Công nghệ thông tin' })).toEqual([
      'TL. BỘ TRƯỞNG',
      'CỤC TRƯỞNG CỤC CÔNG NGHỆ THÔNG TIN',
    ]);
    expect(formatAuthority({ authority: 'TUQ', headTitle: 'BỘ TRƯỞNG', position: 'CHÁNH VĂN PHÒNG' })).toEqual([
      'TUQ. BỘ TRƯỞNG',
      'CHÁNH VĂN PHÒNG',
    ]);
  });

  it('puts the collective over the position for TM.', () => {
    expect(formatAuthority({ authority: 'TM', headTitle: 'Ủy ban nhân dân', position: 'Chủ tịch' })).toEqual([
      'TM. ỦY BAN NHÂN DÂN',
      'CHỦ TỊCH',
    ]);
  });

  it('prefixes an acting head with Q. and prints the position alone without authority', () => {
    expect(formatAuthority({ authority: 'Q', position: 'TỔNG CỤC TRƯỞNG' })).toEqual(['Q. TỔNG CỤC TRƯỞNG']);
    expect(formatAuthority({ authority: null, position: 'TỔNG CỤC TRƯỞNG' })).toEqual(['TỔNG CỤC TRƯỞNG']);
  });

  it('does not fail when a head title is missing', () => {
    expect(formatAuthority({ authority: 'KT', position: 'PHÓ TỔNG CỤC TRƯỞNG' })).toEqual(['KT. PHÓ TỔNG CỤC TRƯỞNG']);
  });
});

describe('formatAddressees', () => {
  it('puts a single addressee on the Kính gửi line, with a full stop', () => {
    expect(formatAddressees(['Cục Công nghệ thông tin – Bộ Tư pháp'])).toEqual({
      kind: 'inline',
      text: 'Kính gửi: Cục Công nghệ thông tin – Bộ Tư pháp.',
    });
  });

  it('lists several with dashes, semicolons and a final full stop', () => {
    expect(
      formatAddressees([
        'Thủ trưởng các đơn vị thuộc Tổng cục Thi hành án dân sự',
        'Cục trưởng Cục THADS các tỉnh, thành phố trực thuộc Trung ương',
      ]),
    ).toEqual({
      kind: 'list',
      heading: 'Kính gửi:',
      items: [
        '- Thủ trưởng các đơn vị thuộc Tổng cục Thi hành án dân sự;',
        '- Cục trưởng Cục THADS các tỉnh, thành phố trực thuộc Trung ương.',
      ],
    });
  });

  it('does not double the punctuation a clerk already typed', () => {
    expect(formatAddressees(['- Bộ Tài chính;', 'Bộ Công an.'])).toEqual({
      kind: 'list',
      heading: 'Kính gửi:',
      items: ['- Bộ Tài chính;', '- Bộ Công an.'],
    });
  });

  it('refuses an empty list', () => {
    expect(() => formatAddressees([])).toThrow(RangeError);
    expect(() => formatAddressees(['  '])).toThrow(RangeError);
  });
});

describe('formatCopies', () => {
  it('starts with "Như trên", adds purposes in parentheses and ends with the archive line', () => {
    expect(
      formatCopies(
        [
          { label: 'Thứ trưởng Mai Lương Khôi', purpose: 'để b/c' },
          { label: 'TCT Nguyễn Quang Thái', purpose: '(để b/c)' },
          { label: 'Cục Công nghệ thông tin' },
        ],
        ['VT', 'TT'],
      ),
    ).toEqual([
      '- Như trên;',
      '- Thứ trưởng Mai Lương Khôi (để b/c);',
      '- TCT Nguyễn Quang Thái (để b/c);',
      '- Cục Công nghệ thông tin;',
      '- Lưu: VT, TT.',
    ]);
  });

  it('can leave out "Như trên" when there is no Kính gửi block', () => {
    expect(formatCopies([], ['VT', 'CNTT'], { asAbove: false })).toEqual(['- Lưu: VT, CNTT.']);
  });
});
