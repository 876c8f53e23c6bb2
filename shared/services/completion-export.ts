import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { latestReports } from '../data/progress-repo';
import { listRecipients } from '../data/recipient-repo';
import { completionTable, csvCell } from '../domain/completion-report';
import { requireDispatch } from './dispatches';

/** A dispatch's completion report (one row per unit) as CSV or XLSX, Vietnamese column names. */
async function table(dispatchId: string, now: Date) {
  const dispatch = await requireDispatch(dispatchId);
  const [recipients, reports] = await Promise.all([listRecipients(dispatch.id), latestReports(dispatch.id)]);
  const fileName = `bao-cao-${(dispatch.symbol ?? dispatch.id).replace(/[^A-Za-z0-9-]+/g, '-')}`;
  return { fileName, ...completionTable(dispatch.content.requirements, recipients, reports, now) };
}

export async function completionCsv(dispatchId: string, now: Date): Promise<{ fileName: string; csv: string }> {
  const t = await table(dispatchId, now);
  // BOM so Excel reads UTF-8; CRLF as RFC 4180 and Excel expect.
  const csv = '\uFEFF' + stringify([t.columns, ...t.rows.map((row) => row.map(csvCell))], { record_delimiter: 'windows' });
  return { fileName: `${t.fileName}.csv`, csv };
}

export async function completionXlsx(dispatchId: string, now: Date): Promise<{ fileName: string; bytes: Buffer }> {
  const t = await table(dispatchId, now);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Báo cáo');
  sheet.addRow(t.columns).font = { bold: true };
  // Cells are written as plain strings and numbers (never formulas), so a note starting with "=" stays text.
  for (const row of t.rows) sheet.addRow(row);
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return { fileName: `${t.fileName}.xlsx`, bytes: Buffer.from(await workbook.xlsx.writeBuffer()) };
}
