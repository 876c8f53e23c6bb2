import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { pdfDownloadUrl } from '../../shared/pdf/store';
import { resetRequestParams } from '../../shared/schemas/progress';
import { resetRequestLetterUrl } from '../../shared/services/reset-requests';

/** The unit's request letter (PDF) through a short-lived S3 link. */
export const handler = httpHandler(route('reset-requests-pdf'), { params: resetRequestParams }, async ({ params }) => ({
  status: 302,
  headers: { location: await resetRequestLetterUrl(params.requestId, pdfDownloadUrl) },
}));
