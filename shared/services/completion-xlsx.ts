import ExcelJS from 'exceljs';
import { visibleText } from '../domain/visible-text';
import { directiveTable, dispatchTable, type Table } from './completion-export';

/*
 * The XLSX downloads, apart from the CSV ones (completion-export.ts): exceljs and what it pulls in
 * (jszip, bluebird, unzipper, …) is about 1 MB minified, and esbuild cannot drop a CommonJS package
 * that a module imports, so only the functions that write spreadsheets may import this module.
 */

async function xlsxOf(t: Table): Promise<{ fileName: string; bytes: Buffer }> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(t.sheet);
  sheet.addRow(t.columns).font = { bold: true };
  // Cells are written as plain strings and numbers (never formulas), so a note starting with "=" stays text.
  for (const row of t.rows) sheet.addRow(row.map((cell) => (typeof cell === 'string' ? visibleText(cell) : cell)));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return { fileName: `${t.fileName}.xlsx`, bytes: Buffer.from(await workbook.xlsx.writeBuffer()) };
}

export const completionXlsx = async (dispatchId: string, now: Date) => xlsxOf(await dispatchTable(dispatchId, now));
export const directiveXlsx = async (directiveId: string, now: Date, scope: ReadonlySet<string>) => xlsxOf(await directiveTable(directiveId, now, scope));
