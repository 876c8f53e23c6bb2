import { listAudit } from '../../shared/data/audit';
import { keys } from '../../shared/data/keys';
import { httpHandler } from '../../shared/http/handler';
import { dispatchIdParams } from '../../shared/schemas/dispatch';
import { requireDispatch } from '../../shared/services/dispatches';

export const handler = httpHandler('dispatches-audit', { params: dispatchIdParams }, async ({ params }) => {
  const dispatch = await requireDispatch(params.dispatchId);
  return { body: { items: await listAudit(keys.dispatch(dispatch.id).PK) } };
});
