import { webPage } from './page-table';
import { listRegister } from '../../shared/data/dispatch-repo';
import { isNarrowed } from '../../shared/domain/list-search';
import { vietnamYear } from '../../shared/domain/time';
import { registerQuery } from '../../shared/schemas/dispatch';
import { fieldErrors } from '../../shared/schemas/messages';
import { listSearchOf } from '../../shared/schemas/search';
import { guardRegister } from '../../shared/services/dispatches';
import { parsePageSearch, withoutBlankFields } from '../../shared/web/list-search';
import { pageHandler, pageResult, redirect } from '../../shared/web/page-http';
import { registerPage } from '../../templates/pages/app-directives';
import { searchSummary } from '../../templates/pages/list-search';
import { pageLinks } from '../../templates/pages/paging';
import { withLabels } from '../../shared/web/field-labels';
import { t, type TextKey } from '../../templates/i18n';

const both = (key: TextKey) => ({ vi: t('vi', key), en: t('en', key) });
const registerLabels = { issuer: both('registerIssuerField'), year: both('registerYearField'), cursor: { vi: 'Trang', en: 'Page' }, limit: { vi: 'Số dòng', en: 'Rows' } };

/** Rows of the register per page: a year of a busy office runs to thousands. */
const PAGE_SIZE = 100;

/**
 * GET /app/register: sổ văn bản đi of one issuer and year (by default the person's own agency, this
 * year), a page at a time; `q`, `from`, `to` search it (issue 14), checked by the API's query schema.
 */
export const handler = pageHandler(webPage('register'), async ({ lang, actor, csrf, query }) => {
  const clean = withoutBlankFields('/app/register', query, ['q', 'from', 'to']);
  if (clean) return redirect(clean);
  const issuer = (query['issuer'] ?? actor.agencyCode).trim();
  const year = query['year'] ?? String(vietnamYear(new Date()));
  const fixed = { issuer, year, limit: PAGE_SIZE, ...(query['cursor'] !== undefined ? { cursor: query['cursor'] } : {}) };
  const search = parsePageSearch(registerQuery, query, ['q', 'from', 'to'], fixed);
  const shownYear = Number(year) || vietnamYear(new Date());
  if (!issuer || !search.ok) {
    // The issuer and year keep their own messages (by the form's top); the search fields show theirs beside them.
    const parsed = registerQuery.safeParse(fixed, { reportInput: true });
    // Named by the form's labels, never by the API's field names ("issuer").
    const errors = [...(parsed.success ? [] : withLabels(fieldErrors(parsed.error.issues, ''), registerLabels)), ...(search.ok ? [] : search.errors.filter((e) => ['q', 'from', 'to'].includes(e.field)))];
    const view = { values: search.values, errors, narrowed: true };
    return pageResult(issuer ? 400 : 200, registerPage({ lang, actor, csrf }, issuer, shownYear, [], errors, undefined, view));
  }
  const data = search.data;
  await guardRegister(actor, data.issuer);
  const criteria = listSearchOf(data);
  const narrowed = isNarrowed(criteria);
  const { items, cursor } = await listRegister(data.issuer, data.year, { limit: PAGE_SIZE, cursor: data.cursor }, criteria);
  const pager = pageLinks(lang, '/app/register', { ...query, issuer: data.issuer, year: String(data.year) }, cursor);
  const view = { values: search.values, narrowed, summary: searchSummary(lang, narrowed, items.length, !!cursor) };
  return pageResult(200, registerPage({ lang, actor, csrf }, data.issuer, data.year, items, undefined, pager, view));
});
