import { webPage } from './page-table';
import { listDispatches } from '../../shared/data/dispatch-repo';
import { pageHandler, pageResult } from '../../shared/web/page-http';
import { inboxPage } from '../../templates/pages/app-dispatches';

/** GET /app/inbox: what awaits this signer's signature (only the named signer may sign). */
export const handler = pageHandler(webPage('inbox'), async ({ lang, actor, csrf }) => {
  const { items } = await listDispatches({ state: 'pending_signature', limit: 100 });
  return pageResult(200, inboxPage({ lang, actor, csrf }, items.filter((d) => d.content.signer.userId === actor.userId)));
});
