import { AppError } from '../../shared/errors';
import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { fileFromMultipart } from '../../shared/http/multipart';
import { isMediaType } from '../../shared/domain/media-type';
import { MAX_UPLOAD_BYTES, verifyUpload } from '../../shared/services/verification';
import { VERIFY_PAGE_CSP, verifyErrorPage, verifyPage } from '../../templates/pages/verify';

const MAX_MB = MAX_UPLOAD_BYTES / 1024 / 1024;

/**
 * POST /verify: is this a document we issued, unaltered, with valid signatures? The PDF comes as the
 * body (`Content-Type: application/pdf`; the answer is JSON) or from the form of GET /verify
 * (`multipart/form-data`, field `file`; the answer is the HTML page, errors included). Size and type
 * are checked before a byte is decoded.
 */
export const handler = httpHandler(route('verify-upload'), {}, async ({ event }) => {
  const contentType = event.headers['content-type'] ?? '';
  // Exact types only: a form's multipart with its boundary, or the PDF itself.
  const fromForm = isMediaType(contentType, 'multipart/form-data', ['boundary']);
  try {
    if (!fromForm && !isMediaType(contentType, 'application/pdf')) {
      throw new AppError('unsupported_media_type', {
        vi: 'Hãy gửi tệp PDF với Content-Type: application/pdf.',
        en: 'Send the PDF file with Content-Type: application/pdf.',
      });
    }
    const raw = event.body ?? '';
    const size = event.isBase64Encoded ? Math.floor((raw.length * 3) / 4) : Buffer.byteLength(raw, 'latin1');
    // A form adds a few hundred bytes of part headers around the file.
    if (size > MAX_UPLOAD_BYTES + (fromForm ? 4096 : 2)) {
      throw new AppError('payload_too_large', { vi: `Tệp lớn hơn ${MAX_MB} MB.`, en: `The file is larger than ${MAX_MB} MB.` });
    }
    const body = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'latin1');
    const pdf = fromForm ? fileFromMultipart(body, contentType, 'file') : body;
    if (pdf.length === 0) {
      throw new AppError('validation', { vi: 'Chưa có tệp PDF.', en: 'No PDF file was sent.' }, [
        { field: '(body)', vi: 'Thiếu tệp PDF.', en: 'The PDF file is missing.' },
      ]);
    }
    const report = await verifyUpload(pdf);
    if (!fromForm) return { body: report };
    return { headers: { 'content-security-policy': VERIFY_PAGE_CSP }, raw: { body: verifyPage(report), contentType: 'text/html; charset=utf-8' } };
  } catch (error) {
    // The form's user gets the reason on a page, with the same 4xx status; programs get the JSON error.
    if (!fromForm || !(error instanceof AppError) || error.code === 'internal') throw error;
    return {
      status: error.code === 'payload_too_large' ? 413 : error.code === 'unsupported_media_type' ? 415 : 400,
      headers: { 'content-security-policy': VERIFY_PAGE_CSP },
      raw: { body: verifyErrorPage(error.fields[0] ?? error.text), contentType: 'text/html; charset=utf-8' },
    };
  }
});
