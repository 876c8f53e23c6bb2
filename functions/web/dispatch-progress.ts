import { summarize } from '../../shared/domain/progress';
import { requireDispatch } from '../../shared/services/dispatches';
import { pageHandler } from '../../shared/web/page-http';
import { sendProgressOf } from '../../templates/pages/app-dispatches';

/** GET /app/dispatches/{id}/progress: the sending progress as JSON, polled by the page while it sends. */
export const handler = pageHandler('dispatch-progress', async ({ params, lang }) => {
  const dispatch = await requireDispatch(params['dispatchId']!);
  // The dashboard's counts follow too (one read: the dispatch's own counters).
  const s = summarize(dispatch.stats, dispatch.content.requirements, new Date());
  const counts = {
    recipients: s.recipients,
    mailSent: s.mail.sent,
    mailDelivered: s.mail.delivered,
    mailBounced: s.mail.bounced,
    mailFailed: s.mail.failed,
    mailComplained: s.mail.complained,
    opened: s.opened,
    acknowledged: s.acknowledged,
    reported: s.reported,
    completed: s.completed,
    overdue: s.overdue,
  };
  return { body: { ...sendProgressOf(lang, dispatch), counts } };
});
