import writeXlsxFile, { type Row } from 'write-excel-file/node';
import { visibleText } from '../domain/visible-text';
import { directiveTable, dispatchTable, type Table } from './completion-export';

/*
 * The XLSX downloads, apart from the CSV ones (completion-export.ts). Written with write-excel-file
 * (an XML writer over fflate's zip, about 30 KB minified) rather than exceljs, which with what it pulls
 * in (jszip, bluebird, unzipper, …) was about 1 MB minified and could not be tree-shaken (issue 11's
 * bundle budget). Only the functions that write spreadsheets import this module all the same.
 */

/** One table as a one-sheet workbook: the header row bold and frozen, every other cell a plain value. */
export async function xlsxOf(t: Table): Promise<{ fileName: string; bytes: Buffer }> {
  const header: Row = t.columns.map((value) => ({ value, fontWeight: 'bold' }));
  // Cells are written as plain strings and numbers (never formulas), so a note starting with "=" stays text.
  const rows: Row[] = t.rows.map((row) => row.map((cell) => (typeof cell === 'string' ? visibleText(cell) : cell)));
  const bytes = await writeXlsxFile([header, ...rows], { sheet: t.sheet, stickyRowsCount: 1 }).toBuffer();
  return { fileName: `${t.fileName}.xlsx`, bytes };
}

export const completionXlsx = async (dispatchId: string, now: Date) => xlsxOf(await dispatchTable(dispatchId, now));
export const directiveXlsx = async (directiveId: string, now: Date, scope: ReadonlySet<string>) => xlsxOf(await directiveTable(directiveId, now, scope));
