import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { dispatchIdParams } from '../../shared/schemas/dispatch';
import { completionCsv } from '../../shared/services/completion-export';

export const handler = httpHandler(route('dispatches-report-csv'), { params: dispatchIdParams }, async ({ params }) => {
  const { fileName, csv } = await completionCsv(params.dispatchId, new Date());
  return { raw: { body: csv, contentType: 'text/csv; charset=utf-8' }, headers: { 'content-disposition': `attachment; filename="${fileName}"` } };
});
