import { listAudit } from '../../shared/data/audit';
import { keys } from '../../shared/data/keys';
import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { auditQuery, dispatchIdParams } from '../../shared/schemas/dispatch';
import { verifyEntityAudit } from '../../shared/services/audit-verification';
import { requireDispatch } from '../../shared/services/dispatches';

/**
 * The dispatch's audit trail, oldest first, a page at a time (a dispatch to 1,000 units has thousands of events).
 * The first page also says whether the trail is intact (`chain`: the hash chains checked, the first broken link).
 */
export const handler = httpHandler(route('dispatches-audit'), { params: dispatchIdParams, query: auditQuery }, async ({ params, query }) => {
  const dispatch = await requireDispatch(params.dispatchId);
  const pk = keys.dispatch(dispatch.id).PK;
  const page = await listAudit(pk, query);
  if (query.cursor) return { body: page };
  const { intact, events, legacy, break: broken } = await verifyEntityAudit(pk);
  return { body: { ...page, chain: { intact, events, legacy, ...(broken ? { break: broken } : {}) } } };
});
