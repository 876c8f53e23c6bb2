import { stringify } from 'csv-stringify/sync';
import { getDirective } from '../data/directive-repo';
import { latestReports } from '../data/progress-repo';
import { listRecipients } from '../data/recipient-repo';
import { completionTable, csvCell, directiveUnitTable } from '../domain/completion-report';
import { notFound } from '../errors';
import { requireDispatch } from './dispatches';
import { summaryOfDirective } from './progress-summary';

/** One report table: what both the CSV here and the XLSX (completion-xlsx.ts) are written from. */
export type Table = { fileName: string; sheet: string; columns: string[]; rows: (string | number)[][] };

const safeName = (s: string) => s.replace(/[^A-Za-z0-9-]+/g, '-');

/** A dispatch's completion report (one row per unit) as CSV or XLSX, Vietnamese column names. */
export async function dispatchTable(dispatchId: string, now: Date): Promise<Table> {
  const dispatch = await requireDispatch(dispatchId);
  const [recipients, reports] = await Promise.all([listRecipients(dispatch.id), latestReports(dispatch.id)]);
  return { fileName: `bao-cao-${safeName(dispatch.symbol ?? dispatch.id)}`, sheet: 'Báo cáo', ...completionTable(dispatch.content.requirements, recipients, reports, now) };
}

/** A directive's units across every issued dispatch citing it, as on its dashboard. */
export async function directiveTable(directiveId: string, now: Date, scope: ReadonlySet<string>): Promise<Table> {
  const directive = await getDirective(directiveId);
  if (!directive) throw notFound({ vi: 'văn bản đến', en: 'Directive' });
  const { units } = await summaryOfDirective(directiveId, now, scope, true);
  return { fileName: `tong-hop-${safeName(`${directive.number}-${directive.symbol}`)}`, sheet: 'Tổng hợp', ...directiveUnitTable(units ?? []) };
}

function csvOf(t: Table): { fileName: string; csv: string } {
  // BOM so Excel reads UTF-8; CRLF as RFC 4180 and Excel expect.
  const csv = '\uFEFF' + stringify([t.columns, ...t.rows.map((row) => row.map(csvCell))], { record_delimiter: 'windows' });
  return { fileName: `${t.fileName}.csv`, csv };
}

export const completionCsv = async (dispatchId: string, now: Date) => csvOf(await dispatchTable(dispatchId, now));
export const directiveCsv = async (directiveId: string, now: Date, scope: ReadonlySet<string>) => csvOf(await directiveTable(directiveId, now, scope));
