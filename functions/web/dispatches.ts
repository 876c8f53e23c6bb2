import { listDispatches } from '../../shared/data/dispatch-repo';
import { dispatchStates, type DispatchState } from '../../shared/schemas/dispatch';
import { withSignerState } from '../../shared/services/dispatches';
import { pageHandler, pageResult } from '../../shared/web/page-http';
import { dispatchListPage } from '../../templates/pages/app-dispatches';
import { pageLinks } from '../../templates/pages/paging';
import { t } from '../../templates/i18n';

/** GET /app/dispatches: the newest dispatches of the person's agency, optionally in one state (an unknown state shows all), 100 a page. */
export const handler = pageHandler('dispatches', async ({ lang, actor, csrf, query }) => {
  const state = dispatchStates.find((s) => s === query['state']) as DispatchState | undefined;
  const { items, cursor } = await listDispatches({ agencyCode: actor.agencyCode, limit: 100, ...(state ? { state } : {}), ...(query['cursor'] !== undefined ? { cursor: query['cursor'] } : {}) });
  // "Next page" keeps the state filter in the address.
  // After a draft was deleted (the one notice this list shows).
  const done = query['done'] === 'draftDeleted' ? t(lang, 'draftDeleted') : undefined;
  return pageResult(200, dispatchListPage({ lang, actor, csrf }, await withSignerState(items), state, pageLinks(lang, '/app/dispatches', query, cursor), done));
});
