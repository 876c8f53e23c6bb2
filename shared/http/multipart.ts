/**
 * The one file of a `multipart/form-data` body (RFC 7578), as a browser form without script sends it.
 * Only what we need: find the boundary, the part named `field`, its bytes. Anything else, including
 * a malformed body, is a 400 naming the problem.
 */
import { invalidField } from '../errors';

const CRLF2 = Buffer.from('\r\n\r\n');

export function fileFromMultipart(body: Buffer, contentType: string, field: string): Buffer {
  const boundary = /boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  const bad = (vi: string, en: string) => invalidField(field, vi, en);
  if (!boundary) throw bad('Nội dung gửi lên thiếu ranh giới (boundary) của multipart.', 'The multipart body has no boundary.');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`, 'latin1');
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString('latin1') === '--') break; // the closing delimiter
    const headersEnd = body.indexOf(CRLF2, start);
    if (headersEnd < 0) break;
    const headers = body.subarray(start, headersEnd).toString('utf8');
    const next = body.indexOf(delimiter, headersEnd + 4);
    if (next < 0) break;
    // The part's content ends with the CRLF that precedes the next delimiter.
    const content = body.subarray(headersEnd + 4, Math.max(headersEnd + 4, next - 2));
    if (new RegExp(`content-disposition:[^\\r\\n]*\\bname="${field}"`, 'i').test(headers)) {
      if (content.length === 0) throw bad('Chưa chọn tệp PDF.', 'No PDF file was chosen.');
      return content;
    }
    at = next;
  }
  throw bad(`Không có tệp trong trường "${field}" của biểu mẫu.`, `The form has no file in the field "${field}".`);
}
