import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { dispatchIdParams } from '../../shared/schemas/dispatch';
import { completionXlsx } from '../../shared/services/completion-xlsx';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const handler = httpHandler(route('dispatches-report-xlsx'), { params: dispatchIdParams }, async ({ params }) => {
  const { fileName, bytes } = await completionXlsx(params.dispatchId, new Date());
  return { raw: { body: bytes.toString('base64'), contentType: XLSX, isBase64Encoded: true }, headers: { 'content-disposition': `attachment; filename="${fileName}"` } };
});
