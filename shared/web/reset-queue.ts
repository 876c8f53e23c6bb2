import { fold } from '../services/directory';
import { resetRequestQueue } from '../services/reset-requests';
import type { HttpResult } from '../http/responses';
import { resetQueuePage, type QueuePageData } from '../../templates/pages/app-reset-queue';
import { pageLinks } from '../../templates/pages/paging';
import { pageResult, type PageRequest } from './page-http';

/** Requests per page of the queue (each a card with its accounts). */
const PAGE_SIZE = 50;

/**
 * The queue page from its query (status open by default; `q` matches a unit's name or a dispatch's
 * number within the page shown), a page at a time: "next page" keeps the filters.
 */
export async function showQueue(req: PageRequest, status = 200, extra: Partial<QueuePageData> = {}): Promise<HttpResult> {
  const wanted = req.query['status'] ?? 'open';
  const filter = wanted === 'open' || wanted === 'completed' ? { status: wanted as 'open' | 'completed' } : {};
  const q = (req.query['q'] ?? '').trim();
  const { items, cursor } = await resetRequestQueue(filter, new Date(), { limit: PAGE_SIZE, cursor: req.query['cursor'] });
  const shown = q ? items.filter((r) => fold(`${r.unitName} ${r.dispatchSymbol} ${r.unitEmail}`).includes(fold(q))) : items;
  const pager = pageLinks(req.lang, '/app/reset-requests', req.query, cursor);
  return pageResult(status, resetQueuePage({ lang: req.lang, actor: req.actor, csrf: req.csrf }, { items: shown, status: filter.status ?? 'all', q, pager, ...extra }));
}
