import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { dispatchIdParams } from '../../shared/schemas/dispatch';
import { verifyIssued } from '../../shared/services/verification';
import { VERIFY_PAGE_CSP, verifyNotFoundPage, verifyPage } from '../../templates/pages/verify';

/**
 * The verification URL printed (and QR-coded) on page 1: the stored file of the issued dispatch,
 * checked again on every visit. HTML for people; JSON for programs that ask for it (Accept).
 */
export const handler = httpHandler(route('verify-page'), { params: dispatchIdParams }, async ({ params, event }) => {
  const report = await verifyIssued(params.dispatchId);
  const wantsJson = (event.headers['accept'] ?? '').includes('application/json');
  if (wantsJson) {
    return report
      ? { body: report }
      : { status: 404, body: { error: { code: 'not_found', message: 'Không tìm thấy văn bản đã ban hành.', messageEn: 'No issued document has this id.' } } };
  }
  return {
    status: report ? 200 : 404,
    headers: { 'content-security-policy': VERIFY_PAGE_CSP },
    raw: { body: report ? verifyPage(report) : verifyNotFoundPage(), contentType: 'text/html; charset=utf-8' },
  };
});
