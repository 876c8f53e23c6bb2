import { webPage } from './page-table';
import { summarize } from '../../shared/domain/progress';
import { requireDispatch } from '../../shared/services/dispatches';
import { pageHandler } from '../../shared/web/page-http';
import { sendProgressOf } from '../../templates/pages/app-dispatches';
import { latestRuns, runDone } from '../../shared/data/reminder-run-repo';
import { t } from '../../templates/i18n';
import { noticeOf } from '../../shared/web/dispatch-feedback';
import { doneNotices } from '../../shared/web/dispatch-pages';

/** GET /app/dispatches/{id}/progress: the sending progress as JSON, polled by the page while it sends. */
export const handler = pageHandler(webPage('dispatch-progress'), async ({ params, lang, query }) => {
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
  // The latest reminder run's card follows too (sent / pending), until every queued reminder has an outcome.
  const [run] = dispatch.state === 'issued' ? await latestRuns(dispatch.id, 1) : [];
  const reminderRun = run
    ? {
        done: runDone(run),
        pending: Math.max(0, run.queued - run.sent - run.failed - run.skipped),
        text: `${t(lang, 'reminderRunProgress', { queued: run.queued, sent: run.sent, failed: run.failed, skipped: run.skipped })} · ${t(lang, 'reminderRunPending', { n: Math.max(0, run.queued - run.sent - run.failed - run.skipped) })} · ${t(lang, runDone(run) ? 'reminderRunDone' : 'reminderRunGoing')}`,
      }
    : undefined;
  // The notice of a unit's letter (`?notice=reminded&unit=…&step=…`), read as it is now: queued, then sent.
  const noticeKey = doneNotices.find((k) => k === query['notice']);
  const notice = noticeKey && query['unit'] && query['step'] ? await noticeOf(lang, dispatch, noticeKey, query) : undefined;
  return { body: { ...sendProgressOf(lang, dispatch), counts, ...(reminderRun ? { reminderRun } : {}), ...(notice ? { notice: { text: notice.text, pending: !!notice.pending } } : {}) } };
});
