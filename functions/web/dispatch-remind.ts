import { webPage } from './page-table';
import { remindAllNow } from '../../shared/services/reminders';
import { requireDispatch } from '../../shared/services/dispatches';
import { laggardsOf } from '../../shared/web/dispatch-feedback';
import { dispatchAction } from '../../shared/web/dispatch-pages';
import { pageHandler } from '../../shared/web/page-http';

/** POST /app/dispatches/{id}/remind (confirmed on its GET page): starts the run; the notice says for how many units. */
export const handler = pageHandler(webPage('dispatch-remind'), (req) =>
  dispatchAction(
    req,
    'remindQueued',
    async (ctx) => {
      const dispatchId = req.params['dispatchId']!;
      // Counted as the confirmation page counted them: the units that still owe when the run starts.
      const { count } = await laggardsOf(await requireDispatch(dispatchId));
      await remindAllNow(ctx, dispatchId);
      return count;
    },
    (count) => ({ n: String(count) }),
  ),
);
