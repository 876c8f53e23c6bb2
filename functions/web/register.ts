import { listRegister } from '../../shared/data/dispatch-repo';
import { vietnamYear } from '../../shared/domain/time';
import { registerQuery } from '../../shared/schemas/dispatch';
import { fieldErrors } from '../../shared/schemas/messages';
import { guardRegister } from '../../shared/services/dispatches';
import { pageHandler, pageResult } from '../../shared/web/page-http';
import { registerPage } from '../../templates/pages/app-directives';
import { pageLinks } from '../../templates/pages/paging';
import { withLabels } from '../../shared/web/field-labels';
import { feedbackTexts } from '../../templates/i18n-feedback';

const registerLabels = { issuer: feedbackTexts.registerIssuerField, year: feedbackTexts.registerYearField, cursor: { vi: 'Trang', en: 'Page' }, limit: { vi: 'Số dòng', en: 'Rows' } };

/** Rows of the register per page: a year of a busy office runs to thousands. */
const PAGE_SIZE = 100;

/** GET /app/register: sổ văn bản đi of one issuer and year (by default the person's own agency, this year), a page at a time. */
export const handler = pageHandler('register', async ({ lang, actor, csrf, query }) => {
  const issuer = (query['issuer'] ?? actor.agencyCode).trim();
  const year = query['year'] ?? String(vietnamYear(new Date()));
  const parsed = registerQuery.safeParse({ issuer, year, limit: PAGE_SIZE, ...(query['cursor'] !== undefined ? { cursor: query['cursor'] } : {}) }, { reportInput: true });
  if (!issuer || !parsed.success) {
    // Named by the form's labels, never by the API's field names ("issuer").
    const errors = parsed.success ? [] : withLabels(fieldErrors(parsed.error.issues, ''), registerLabels);
    return pageResult(issuer ? 400 : 200, registerPage({ lang, actor, csrf }, issuer, Number(year) || vietnamYear(new Date()), [], errors));
  }
  await guardRegister(actor, parsed.data.issuer);
  const { items, cursor } = await listRegister(parsed.data.issuer, parsed.data.year, { limit: PAGE_SIZE, cursor: parsed.data.cursor });
  const pager = pageLinks(lang, '/app/register', { ...query, issuer: parsed.data.issuer, year: String(parsed.data.year) }, cursor);
  return pageResult(200, registerPage({ lang, actor, csrf }, parsed.data.issuer, parsed.data.year, items, undefined, pager));
});
