import { notFound } from '../../shared/errors';
import { completionCsv, completionXlsx } from '../../shared/services/completion-export';
import { pageHandler } from '../../shared/web/page-http';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The per-unit report as CSV or XLSX (same files as the API's report.csv / report.xlsx), with the session cookie. */
export const handler = pageHandler('report-export', async ({ params }) => {
  const id = params['dispatchId']!;
  if (params['format'] === 'csv') {
    const { fileName, csv } = await completionCsv(id, new Date());
    return { raw: { body: csv, contentType: 'text/csv; charset=utf-8' }, headers: { 'content-disposition': `attachment; filename="${fileName}"` } };
  }
  if (params['format'] === 'xlsx') {
    const { fileName, bytes } = await completionXlsx(id, new Date());
    return { raw: { body: bytes.toString('base64'), contentType: XLSX, isBase64Encoded: true }, headers: { 'content-disposition': `attachment; filename="${fileName}"` } };
  }
  throw notFound({ vi: 'định dạng', en: 'Format' });
});
