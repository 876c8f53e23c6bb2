import { keys } from '../../shared/data/keys';
import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { dispatchIdParams } from '../../shared/schemas/dispatch';
import { verifyEntityAudit } from '../../shared/services/audit-verification';
import { requireDispatch } from '../../shared/services/dispatches';

/** Whether the dispatch's audit chains (its own and each recipient's) are intact, and the first broken link if not. */
export const handler = httpHandler(route('dispatches-audit-verify'), { params: dispatchIdParams }, async ({ params }) => {
  const dispatch = await requireDispatch(params.dispatchId);
  return { body: await verifyEntityAudit(keys.dispatch(dispatch.id).PK) };
});
