import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { VERIFY_PAGE_CSP, verifyFormPage } from '../../templates/pages/verify';

/** GET /verify: the public page where anyone can upload a PDF to check it (no script, a plain form). */
export const handler = httpHandler(route('verify-form'), {}, async () => ({
  headers: { 'content-security-policy': VERIFY_PAGE_CSP },
  raw: { body: verifyFormPage(), contentType: 'text/html; charset=utf-8' },
}));
