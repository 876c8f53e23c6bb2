import { listAudit } from '../../shared/data/audit';
import { keys } from '../../shared/data/keys';
import { httpHandler } from '../../shared/http/handler';
import { auditQuery, dispatchIdParams } from '../../shared/schemas/dispatch';
import { requireDispatch } from '../../shared/services/dispatches';

/** The dispatch's audit trail, oldest first, a page at a time (a dispatch to 1,000 units has thousands of events). */
export const handler = httpHandler('dispatches-audit', { params: dispatchIdParams, query: auditQuery }, async ({ params, query }) => {
  const dispatch = await requireDispatch(params.dispatchId);
  return { body: await listAudit(keys.dispatch(dispatch.id).PK, query) };
});
