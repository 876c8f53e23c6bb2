import { listDispatches } from '../../shared/data/dispatch-repo';
import { dispatchStates, type DispatchState } from '../../shared/schemas/dispatch';
import { withSignerState } from '../../shared/services/dispatches';
import { pageHandler, pageResult } from '../../shared/web/page-http';
import { dispatchListPage } from '../../templates/pages/app-dispatches';

/** GET /app/dispatches: the newest dispatches of the person's agency, optionally in one state (an unknown state shows all). */
export const handler = pageHandler('dispatches', async ({ lang, actor, csrf, query }) => {
  const state = dispatchStates.find((s) => s === query['state']) as DispatchState | undefined;
  const { items } = await listDispatches({ agencyCode: actor.agencyCode, limit: 100, ...(state ? { state } : {}) });
  return pageResult(200, dispatchListPage({ lang, actor, csrf }, await withSignerState(items), state));
});
