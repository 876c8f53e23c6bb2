import { webPage } from './page-table';
import { notFound } from '../../shared/errors';
import type { HttpResult } from '../../shared/http/responses';
import { completionCsv, directiveCsv } from '../../shared/services/completion-export';
import { agenciesReadableBy } from '../../shared/services/dispatches';
import { pageHandler } from '../../shared/web/page-http';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The XLSX writer (write-excel-file and fflate) is evaluated on the first spreadsheet asked for, not at every cold start. */
const spreadsheets = () => import('../../shared/services/completion-xlsx');
const completionXlsx: Exports['xlsx'] = async (id, now) => (await spreadsheets()).completionXlsx(id, now);
const directiveXlsx: ScopedExports['xlsx'] = async (id, now, scope) => (await spreadsheets()).directiveXlsx(id, now, scope);

type Exports = { csv: (id: string, now: Date) => Promise<{ fileName: string; csv: string }>; xlsx: (id: string, now: Date) => Promise<{ fileName: string; bytes: Buffer }> };
type ScopedExports = { csv: (id: string, now: Date, scope: ReadonlySet<string>) => Promise<{ fileName: string; csv: string }>; xlsx: (id: string, now: Date, scope: ReadonlySet<string>) => Promise<{ fileName: string; bytes: Buffer }> };

/** A directive's exports cover only the dispatches of the agencies the person may read. */
const scoped = (exports: ScopedExports, scope: ReadonlySet<string>): Exports => ({
  csv: (id, now) => exports.csv(id, now, scope),
  xlsx: (id, now) => exports.xlsx(id, now, scope),
});

/** A table as a CSV or XLSX download. */
async function download(exports: Exports, id: string, format: string | undefined): Promise<HttpResult> {
  if (format === 'csv') {
    const { fileName, csv } = await exports.csv(id, new Date());
    return { raw: { body: csv, contentType: 'text/csv; charset=utf-8' }, headers: { 'content-disposition': `attachment; filename="${fileName}"` } };
  }
  if (format === 'xlsx') {
    const { fileName, bytes } = await exports.xlsx(id, new Date());
    return { raw: { body: bytes.toString('base64'), contentType: XLSX, isBase64Encoded: true }, headers: { 'content-disposition': `attachment; filename="${fileName}"` } };
  }
  throw notFound({ vi: 'định dạng', en: 'Format' });
}

/** A dispatch's per-unit report (same files as the API's report.csv / report.xlsx), with the session cookie. */
export const handler = pageHandler(webPage('report-export'), ({ params }) => download({ csv: completionCsv, xlsx: completionXlsx }, params['dispatchId']!, params['format']));

/** A directive's units across the dispatches citing it, as its dashboard's table. */
export const directiveExport = pageHandler(webPage('directive-export'), async ({ params, actor }) =>
  download(scoped({ csv: directiveCsv, xlsx: directiveXlsx }, await agenciesReadableBy(actor)), params['directiveId']!, params['format']),
);
