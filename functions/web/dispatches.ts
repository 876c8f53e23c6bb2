import { webPage } from './page-table';
import { listDispatches } from '../../shared/data/dispatch-repo';
import { isNarrowed } from '../../shared/domain/list-search';
import { dispatchStates, listDispatchesQuery } from '../../shared/schemas/dispatch';
import { listSearchOf } from '../../shared/schemas/search';
import { agenciesReadableBy, guardRegister, withSignerState } from '../../shared/services/dispatches';
import { parsePageSearch, withoutBlankFields } from '../../shared/web/list-search';
import { pageHandler, pageResult, redirect } from '../../shared/web/page-http';
import { dispatchListPage } from '../../templates/pages/app-dispatches';
import { dispatchSearchForm, searchSummary } from '../../templates/pages/list-search';
import { pageLinks } from '../../templates/pages/paging';
import { t } from '../../templates/i18n';

const PAGE_SIZE = 100;

/**
 * GET /app/dispatches: the newest dispatches of the person's agency (or of an agency below it), 100 a
 * page, searched and filtered from the address (`q`, `state`, `from`, `to`, `due`, `agency`: issue 14)
 * with the API's own query schema; an unknown state shows all, as before.
 */
export const handler = pageHandler(webPage('dispatches'), async ({ lang, actor, csrf, query }) => {
  const clean = withoutBlankFields('/app/dispatches', query, ['q', 'from', 'to', 'due', 'state', 'agency']);
  if (clean) return redirect(clean);
  const state = dispatchStates.find((s) => s === query['state']);
  const readable = [...(await agenciesReadableBy(actor))].sort();
  const search = parsePageSearch(listDispatchesQuery, { ...query, state }, ['q', 'from', 'to', 'due', 'state', 'agency'], {
    limit: PAGE_SIZE,
    ...(query['cursor'] !== undefined ? { cursor: query['cursor'] } : {}),
  });
  const shell = { lang, actor, csrf };
  if (!search.ok) {
    const form = dispatchSearchForm(lang, { values: search.values, agencies: readable, ownAgency: actor.agencyCode, errors: search.errors, narrowed: true });
    return pageResult(400, dispatchListPage(shell, [], { form }));
  }
  const { agency = actor.agencyCode, q, from, to, due, ...page } = search.data;
  await guardRegister(actor, agency);
  const criteria = listSearchOf({ q, from, to, due });
  const narrowed = isNarrowed(criteria) || agency !== actor.agencyCode;
  const { items, cursor } = await listDispatches({ ...page, agencyCode: agency, search: criteria });
  const form = dispatchSearchForm(lang, { values: search.values, agencies: readable, ownAgency: actor.agencyCode, narrowed: narrowed || !!state });
  // "Next page" keeps the search and filters in the address.
  const pager = pageLinks(lang, '/app/dispatches', query, cursor);
  // After a draft was deleted (the one notice this list shows).
  const done = query['done'] === 'draftDeleted' ? t(lang, 'draftDeleted') : undefined;
  return pageResult(200, dispatchListPage(shell, await withSignerState(items), { form, summary: searchSummary(lang, isNarrowed(criteria), items.length, !!cursor) }, pager, done));
});
