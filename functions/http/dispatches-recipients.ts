import { listRecipients } from '../../shared/data/recipient-repo';
import { httpHandler } from '../../shared/http/handler';
import { dispatchIdParams } from '../../shared/schemas/dispatch';
import { requireDispatch } from '../../shared/services/dispatches';

export const handler = httpHandler('dispatches-recipients', { params: dispatchIdParams }, async ({ params }) => {
  const dispatch = await requireDispatch(params.dispatchId);
  // Token hashes and send claims are internal; clerks see status, times and the last error.
  const items = (await listRecipients(dispatch.id)).map(({ tokenHash: _h, mailClaim: _c, leaseUntil: _l, ...visible }) => visible);
  return { body: { stats: dispatch.stats, items } };
});
