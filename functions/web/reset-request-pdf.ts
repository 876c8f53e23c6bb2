import { webPage } from './page-table';
import { pdfDownloadUrl } from '../../shared/pdf/store';
import { resetRequestLetterUrl } from '../../shared/services/reset-requests';
import { pageHandler } from '../../shared/web/page-http';

/** The unit's request letter (PDF) for the IT Department's queue page: a short-lived S3 link. */
export const handler = pageHandler(webPage('reset-request-pdf'), async ({ params }) => ({
  status: 302,
  headers: { location: await resetRequestLetterUrl(params['requestId']!, pdfDownloadUrl) },
}));
