import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { demoUnits } from '../../../infra/local/demo-data';
import {
  exportUnitsCsv,
  MAX_ERRORS,
  neutraliseCell,
  parseUnitsCsv,
  restoreCell,
  unitCsvColumns,
  type UnitsCsvError,
  type UnitsCsvResult,
} from '../../../shared/domain/units-csv';
import type { UnitInput } from '../../../shared/schemas/directory';

const HEADER = unitCsvColumns.map((c) => c.header).join(',');

const unitsOf = (result: UnitsCsvResult): UnitInput[] => {
  if ('errors' in result) throw new Error(JSON.stringify(result.errors, null, 2));
  return result.units;
};
const errorsOf = (result: UnitsCsvResult): UnitsCsvError[] => {
  if ('units' in result) throw new Error('expected errors, got units');
  return result.errors;
};
const csv = (...lines: string[]) => lines.join('\r\n');

const hanoi: UnitInput = {
  id: 'thads-ha-noi',
  code: 'THADS-HN',
  name: 'Cục Thi hành án dân sự thành phố Hà Nội',
  kind: 'provincial-department',
  parentId: 'tcthads',
  email: 'cucthads.hanoi@thads.moj.gov.vn',
  province: 'Hà Nội',
  active: true,
};

describe('exportUnitsCsv', () => {
  it('writes UTF-8 with BOM, a Vietnamese header row and CRLF line ends', () => {
    const text = exportUnitsCsv([hanoi]);
    expect(text.startsWith('\uFEFFMã định danh,Mã đơn vị,Tên đơn vị,Loại đơn vị,Đơn vị cấp trên,Thư điện tử,Tỉnh/Thành phố,Đang hoạt động\r\n')).toBe(true);
    expect(text).toContain(
      'thads-ha-noi,THADS-HN,Cục Thi hành án dân sự thành phố Hà Nội,provincial-department,tcthads,cucthads.hanoi@thads.moj.gov.vn,Hà Nội,có\r\n',
    );
    expect(text.normalize('NFC')).toBe(text);
  });

  it('writes absent optional fields as empty cells and inactive units as "không"', () => {
    const text = exportUnitsCsv([{ id: 'x', code: 'X', name: 'Đơn vị X', kind: 'external', email: 'x@example.vn', active: false }]);
    expect(text.split('\r\n')[1]).toBe('x,X,Đơn vị X,external,,x@example.vn,,không');
  });

  it('quotes cells with commas, quotes and line breaks', () => {
    const text = exportUnitsCsv([{ ...hanoi, name: 'Vụ Giải quyết khiếu nại, tố cáo "cũ"\ndòng 2' }]);
    expect(text).toContain('"Vụ Giải quyết khiếu nại, tố cáo ""cũ""\ndòng 2"');
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    const text = exportUnitsCsv([{ ...hanoi, name: '=HYPERLINK("http://evil","x")', province: '@SUM(A1)', code: '-X' }]);
    const [, row] = parse(text, { bom: true }) as string[][];
    expect(row).toEqual([
      'thads-ha-noi',
      "'-X",
      `'=HYPERLINK("http://evil","x")`,
      'provincial-department',
      'tcthads',
      'cucthads.hanoi@thads.moj.gov.vn',
      "'@SUM(A1)",
      'có',
    ]);
  });
});

describe('formula neutralisation', () => {
  it('is undone exactly by restoreCell, also for values that already start with apostrophes', () => {
    for (const value of ['=1+1', '+84', '-X', '@A', '\tx', '\rx', "'=x", "''+x", "'plain", 'plain', '', "it's"]) {
      expect(restoreCell(neutraliseCell(value)), JSON.stringify(value)).toBe(value);
    }
    expect(neutraliseCell('Hà Nội')).toBe('Hà Nội');
    expect(neutraliseCell("'=x")).toBe("''=x");
  });
});

describe('parseUnitsCsv', () => {
  it('round-trips the demo directory', () => {
    expect(unitsOf(parseUnitsCsv(exportUnitsCsv(demoUnits)))).toEqual(demoUnits);
  });

  it('round-trips units with formula-like values, commas and quotes', () => {
    const tricky: UnitInput[] = [
      { ...hanoi, name: '=Đơn vị "A", phòng 1, Tầng 2', province: '+84 Hà Nội' },
      { id: 'x', code: '-X', name: "'@quoted", kind: 'external', email: 'x@example.vn', active: false },
    ];
    expect(unitsOf(parseUnitsCsv(exportUnitsCsv(tricky)))).toEqual(tricky);
  });

  it('accepts files without BOM, with LF or CR line ends, and semicolon-separated', () => {
    const row = 'thads-ha-noi,THADS-HN,Cục Thi hành án dân sự thành phố Hà Nội,provincial-department,tcthads,cucthads.hanoi@thads.moj.gov.vn,Hà Nội,có';
    expect(unitsOf(parseUnitsCsv(`${HEADER}\n${row}\n`))).toEqual([hanoi]);
    expect(unitsOf(parseUnitsCsv(`${HEADER}\r${row}`))).toEqual([hanoi]);
    expect(unitsOf(parseUnitsCsv(`\uFEFF${HEADER.replaceAll(',', ';')}\r\n${row.replaceAll(',', ';')}\r\n`))).toEqual([hanoi]);
  });

  it('reads quoted fields with commas and doubled quotes; a line break inside a name is read as one cell, then refused', () => {
    const text = csv(HEADER, 'a,A,"Vụ Giải quyết khiếu nại, tố cáo ""mới""",internal-unit,,a@thads.moj.gov.vn,,');
    expect(unitsOf(parseUnitsCsv(text))[0]!.name).toBe('Vụ Giải quyết khiếu nại, tố cáo "mới"');
    // A name is one line (it reaches mail subjects): the quoted line break does not split the row, it is named.
    const broken = csv(HEADER, 'a,A,"Vụ Giải quyết khiếu nại\r\nTầng 2",internal-unit,,a@thads.moj.gov.vn,,');
    expect(errorsOf(parseUnitsCsv(broken)).map((e) => [e.row, e.field])).toEqual([[2, 'name']]);
  });

  it('takes columns in any order, by Vietnamese header or field name, and optional columns may be left out', () => {
    const text = csv('EMAIL,  tên đơn vị ,id,Mã đơn vị,kind', 'A@Example.VN,Đơn vị A,a,A,external');
    expect(unitsOf(parseUnitsCsv(text))).toEqual([{ id: 'a', code: 'A', name: 'Đơn vị A', kind: 'external', email: 'a@example.vn', active: true }]);
  });

  it('normalises decomposed Vietnamese to NFC', () => {
    const text = csv(HEADER, `a,A,${'Văn phòng Bộ'.normalize('NFD')},office,,a@moj.gov.vn,,`);
    expect(unitsOf(parseUnitsCsv(text.normalize('NFD')))[0]!.name).toBe('Văn phòng Bộ'.normalize('NFC'));
  });

  it('skips empty rows but keeps spreadsheet row numbers', () => {
    const text = csv(HEADER, '', ',,,,,,,', 'a,A,Đơn vị A,external,,a@example.vn,,', 'b,B,Đơn vị B,nowhere,,b@example.vn,,');
    expect(errorsOf(parseUnitsCsv(text))).toEqual([
      {
        row: 5,
        field: 'kind',
        vi: expect.stringMatching(/^Dòng 5, cột “Loại đơn vị”: phải là một trong: ministry, /),
        en: expect.stringMatching(/^Row 5, column “Loại đơn vị” \(kind\): must be one of: ministry, /),
      },
    ]);
  });

  it('reads "active" as có/không and similar, empty meaning active', () => {
    const rows = ['có', 'Không', 'khong', 'TRUE', 'false', '1', '0', ''].map((v, i) => `u${i},U${i},Đơn vị ${i},external,,u${i}@example.vn,,${v}`);
    expect(unitsOf(parseUnitsCsv(csv(HEADER, ...rows))).map((u) => u.active)).toEqual([true, false, false, true, false, true, false, true]);
    const bad = errorsOf(parseUnitsCsv(csv(HEADER, 'a,A,Đơn vị A,external,,a@example.vn,,đúng')));
    expect(bad).toMatchObject([{ row: 2, field: 'active' }]);
  });

  it('reports every invalid cell with its row and field, in Vietnamese and English', () => {
    const text = csv(HEADER, 'Hà Nội,thads-hn,,provincial-department,tcthads,not-an-email,Hà Nội,có', 'ok,OK,Đơn vị,external,,ok@example.vn,,');
    const errors = errorsOf(parseUnitsCsv(text));
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [2, 'id'],
      [2, 'code'],
      [2, 'name'],
      [2, 'email'],
    ]);
    expect(errors.find((e) => e.field === 'name')).toEqual({
      row: 2,
      field: 'name',
      vi: 'Dòng 2, cột “Tên đơn vị”: không được để trống',
      en: 'Row 2, column “Tên đơn vị” (name): must not be empty',
    });
    expect(errors.find((e) => e.field === 'email')?.vi).toBe('Dòng 2, cột “Thư điện tử”: phải là địa chỉ thư điện tử hợp lệ');
  });

  it('refuses duplicate ids and codes, and a unit that is its own parent', () => {
    const text = csv(
      HEADER,
      'a,A,Đơn vị A,external,,a@example.vn,,',
      'a,B,Đơn vị B,external,,b@example.vn,,',
      'c,A,Đơn vị C,external,c,c@example.vn,,',
    );
    expect(errorsOf(parseUnitsCsv(text)).map((e) => [e.row, e.field, e.en])).toEqual([
      [3, 'id', 'Row 3, column “Mã định danh” (id): “a” is the same as in row 2'],
      [4, 'code', 'Row 4, column “Mã đơn vị” (code): “A” is the same as in row 2'],
      [4, 'parentId', 'Row 4, column “Đơn vị cấp trên” (parentId): a unit cannot be its own parent'],
    ]);
  });

  it('checks parents against the file and the known units when these are given', () => {
    const text = csv(HEADER, 'child,C,Đơn vị con,internal-unit,parent,c@example.vn,,', 'other,O,Đơn vị khác,internal-unit,child,o@example.vn,,');
    expect(unitsOf(parseUnitsCsv(text))).toHaveLength(2);
    expect(unitsOf(parseUnitsCsv(text, { knownUnitIds: ['parent'] }))).toHaveLength(2);
    expect(errorsOf(parseUnitsCsv(text, { knownUnitIds: [] }))).toMatchObject([{ row: 2, field: 'parentId', vi: 'Dòng 2, cột “Đơn vị cấp trên”: không có đơn vị “parent”' }]);
  });

  it('reports unknown, repeated and missing columns on row 1', () => {
    const errors = errorsOf(parseUnitsCsv(csv('Mã định danh,Tên đơn vị,Ghi chú,id,kind,email', 'a,A,x,a,external,a@example.vn')));
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [1, 'Ghi chú'],
      [1, 'id'],
      [1, 'code'],
    ]);
    expect(errors[2]!.vi).toBe('Dòng 1: thiếu cột “Mã đơn vị”.');
  });

  it('refuses data outside the named columns', () => {
    const errors = errorsOf(parseUnitsCsv(csv(HEADER, 'a,A,Đơn vị A,external,,a@example.vn,,,lạc')));
    expect(errors).toMatchObject([{ row: 2, field: '(row)' }]);
    // Empty trailing cells, as spreadsheets add, are fine.
    expect(unitsOf(parseUnitsCsv(csv(`${HEADER},`, 'a,A,Đơn vị A,external,,a@example.vn,,,')))).toHaveLength(1);
  });

  it('reports malformed CSV, a broken encoding and an empty file', () => {
    expect(errorsOf(parseUnitsCsv(csv(HEADER, 'a,A,Đơn vị A,external,,a@example.vn,,', 'b,B,"Đơn vị B,external,,b@example.vn,,')))).toMatchObject([
      { row: 3, field: '(file)', en: expect.stringContaining('a quote is never closed') },
    ]);
    expect(errorsOf(parseUnitsCsv(csv(HEADER, 'a,A,\uFFFD\uFFFDn v\uFFFD A,external,,a@example.vn,,')))).toMatchObject([{ row: 0, field: '(file)', vi: expect.stringContaining('UTF-8') }]);
    expect(errorsOf(parseUnitsCsv(''))).toMatchObject([{ row: 0, field: '(file)' }]);
    expect(errorsOf(parseUnitsCsv('\uFEFF'))).toMatchObject([{ row: 0, field: '(file)' }]);
    expect(errorsOf(parseUnitsCsv(`${HEADER}\r\n`))).toMatchObject([{ row: 0, field: '(file)', en: 'The file has no units.' }]);
  });

  it('caps the number of errors it lists', () => {
    const rows = Array.from({ length: MAX_ERRORS + 20 }, (_, i) => `u${i},U${i},,external,,u${i}@example.vn,,`);
    const errors = errorsOf(parseUnitsCsv(csv(HEADER, ...rows)));
    expect(errors).toHaveLength(MAX_ERRORS + 1);
    expect(errors.at(-1)).toMatchObject({ row: 0, field: '(file)', en: '20 more errors are not listed.' });
  });
});
