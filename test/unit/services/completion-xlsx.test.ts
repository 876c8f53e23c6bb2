import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { xlsxOf } from '../../../shared/services/completion-xlsx';

/**
 * The XLSX downloads are written with write-excel-file (issue 11's bundle budget); read back here with
 * exceljs, the writer they had before: same sheet, bold frozen header, Vietnamese text intact, a cell
 * that looks like a formula kept as text, numbers as numbers.
 */
describe('completion XLSX', () => {
  it('writes one sheet with the table, header bold and frozen, every cell a plain value', async () => {
    const { fileName, bytes } = await xlsxOf({
      fileName: 'bao-cao-123-UBND',
      sheet: 'Báo cáo',
      columns: ['Đơn vị', 'Trạng thái', 'Số ngày', 'Ghi chú'],
      rows: [
        ['Sở Tài chính Hà Nội', 'Đã thực hiện', 3, '=HYPERLINK("http://evil","x")'],
        ['Ủy ban nhân dân tỉnh Đắk Lắk', 'Chưa thực hiện', 0, 'ẩn\u202egiấu'],
      ],
    });
    expect(fileName).toBe('bao-cao-123-UBND.xlsx');
    expect(bytes.subarray(0, 2).toString()).toBe('PK');

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Báo cáo']);
    const sheet = book.getWorksheet('Báo cáo')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Đơn vị', 'Trạng thái', 'Số ngày', 'Ghi chú']);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(2).values).toEqual([undefined, 'Sở Tài chính Hà Nội', 'Đã thực hiện', 3, '=HYPERLINK("http://evil","x")']);
    // The formula-looking note is a string cell, not a formula; the invisible override is dropped.
    expect(sheet.getRow(2).getCell(4).type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getRow(3).values).toEqual([undefined, 'Ủy ban nhân dân tỉnh Đắk Lắk', 'Chưa thực hiện', 0, 'ẩngiấu']);
    expect(sheet.rowCount).toBe(3);
  });
});
