import { listAudit } from '../data/audit';
import type { DispatchRecord } from '../data/dispatch-repo';
import { keys } from '../data/keys';
import { getRecipient, listRecipientsPage } from '../data/recipient-repo';
import { summarize } from '../domain/progress';
import { lags } from '../domain/reminders';
import { unitRun } from '../services/unit-letters';
import { t, type Lang, type TextKey } from '../../templates/i18n';
import type { HistoryView } from '../../templates/pages/app-dispatch-feedback';
import { pageLinks } from '../../templates/pages/paging';
import type { PageRequest } from './page-http';

/**
 * What the dispatch page says after an action, from the state as it is now rather than as the action
 * left it: an "issued, being sent" banner read once every e-mail went out says how many were sent; a
 * reminder or a new link names the unit; "remind all" says how many units it was queued for.
 */
export async function truthfulNotice(lang: Lang, d: DispatchRecord, key: TextKey | undefined, query: Readonly<Record<string, string>>): Promise<string | undefined> {
  return (await noticeOf(lang, d, key, query))?.text;
}

/**
 * The notice and whether what it tells of is still under way (`pending`: a unit's reminder or new
 * link still on the mail queue), so the page polls for it (GET …/progress?notice=…) until it is sent.
 */
export async function noticeOf(lang: Lang, d: DispatchRecord, key: TextKey | undefined, query: Readonly<Record<string, string>>): Promise<{ text: string; pending?: boolean } | undefined> {
  if (!key) return undefined;
  const unitLetter = await unitLetterNotice(lang, d, key, query);
  if (unitLetter) return unitLetter;
  const text = await plainNotice(lang, d, key, query);
  return text === undefined ? undefined : { text };
}

/** A unit's letter ("Nhắc", "Gửi lại") as its run on the mail queue says it is now: queued, sent, failed or skipped. */
async function unitLetterNotice(lang: Lang, d: DispatchRecord, key: TextKey, query: Readonly<Record<string, string>>): Promise<{ text: string; pending?: boolean } | undefined> {
  const unitId = query['unit'];
  const step = query['step'];
  if (!unitId || !step || (key !== 'reminded' && key !== 'alreadyReminded' && key !== 'linkResent')) return undefined;
  const [r, run] = await Promise.all([getRecipient(d.id, unitId), unitRun(d.id, unitId, step)]);
  if (!r || !run) return undefined;
  const resend = key === 'linkResent';
  if (run.sent) return { text: resend ? t(lang, 'linkResentUnit', { unit: r.unitName, email: r.email }) : t(lang, 'remindedUnit', { unit: r.unitName }) };
  if (run.failed) return { text: t(lang, 'unitLetterFailed', { unit: r.unitName, email: r.email }) };
  if (run.skipped) return { text: resend ? t(lang, 'linkResendSkippedUnit', { unit: r.unitName }) : t(lang, 'alreadyRemindedUnit', { unit: r.unitName }) };
  return { text: resend ? t(lang, 'linkResendQueuedUnit', { unit: r.unitName, email: r.email }) : t(lang, 'remindQueuedUnit', { unit: r.unitName }), pending: true };
}

async function plainNotice(lang: Lang, d: DispatchRecord, key: TextKey, query: Readonly<Record<string, string>>): Promise<string | undefined> {
  if (key === 'issuedNotice' && d.state === 'issued' && d.deliveryStatus === 'done') {
    const total = d.stats.recipients ?? 0;
    const sent = d.stats.mailSent ?? 0;
    const failed = d.stats.mailFailed ?? 0;
    if (total === 0) return t(lang, 'issuedPaperOnly');
    // Still "being sent" while some e-mails have no outcome yet.
    if (sent + failed >= total) return failed ? t(lang, 'issuedDoneFailed', { sent, total, failed }) : t(lang, 'issuedDone', { sent, total });
  }
  const unitId = query['unit'];
  if (unitId && (key === 'reminded' || key === 'alreadyReminded' || key === 'linkResent')) {
    const r = await getRecipient(d.id, unitId);
    if (r) {
      if (key === 'reminded') return t(lang, 'remindedUnit', { unit: r.unitName });
      if (key === 'alreadyReminded') return t(lang, 'alreadyRemindedUnit', { unit: r.unitName });
      return t(lang, 'linkResentUnit', { unit: r.unitName, email: r.email });
    }
  }
  const n = Number(query['n']);
  if (key === 'remindQueued' && Number.isInteger(n) && n >= 0) return t(lang, 'remindQueuedN', { n });
  return t(lang, key);
}

/** Events of the history per page: the clerk reads the latest steps; a long trail (thousands of e-mails) is paged. */
export const HISTORY_PER_PAGE = 25;

/** One page of the dispatch's audit trail, oldest first, with the names of the units its events are about. */
export async function historyOf(lang: Lang, req: Pick<PageRequest, 'query'>, dispatchId: string): Promise<HistoryView> {
  const { items, cursor } = await listAudit(keys.dispatch(dispatchId).PK, { limit: HISTORY_PER_PAGE, ...(req.query['history'] ? { cursor: req.query['history'] } : {}) });
  const unitIds = new Set<string>();
  for (const e of items) {
    if (typeof e.details?.['unitId'] === 'string') unitIds.add(e.details['unitId'] as string);
    if (e.actor.startsWith('link:')) unitIds.add(e.actor.slice(5));
  }
  const found = await Promise.all([...unitIds].map((id) => getRecipient(dispatchId, id)));
  const units = new Map(found.filter((r) => !!r).map((r) => [r.unitId, r.unitName] as const));
  const pager = pageLinks(lang, `/app/dispatches/${encodeURIComponent(dispatchId)}`, req.query, cursor, 'history');
  return { events: items, units, pager };
}

/** Units named on a confirmation page; the rest are counted. */
const NAMED_UNITS = 30;

/**
 * Who a "remind all" would reach: the units that still owe something and take e-mail. Exact for a
 * dispatch whose recipients fit one page; beyond that the count comes from the dispatch's counters
 * (units not yet complete) and the names from the first page, so the page costs the same for 10 or 10,000.
 */
export async function laggardsOf(d: DispatchRecord): Promise<{ count: number; named: { name: string; email: string }[] }> {
  const { items, cursor } = await listRecipientsPage(d.id, { limit: 500 });
  const owing = items.filter((r) => r.mailStatus !== 'paper' && lags(r, d.content.requirements));
  const named = owing.slice(0, NAMED_UNITS).map((r) => ({ name: r.unitName, email: r.email }));
  if (!cursor) return { count: owing.length, named };
  const s = summarize(d.stats, d.content.requirements, new Date());
  return { count: Math.max(owing.length, s.recipients - s.completed), named };
}
