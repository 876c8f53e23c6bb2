import { citingDispatchIds, getDirective } from '../data/directive-repo';
import { getDispatch, type DispatchRecord } from '../data/dispatch-repo';
import { decodeCursorAmong, encodeCursor } from '../data/cursor';
import { keys } from '../data/keys';
import type { PageRequest } from '../data/page';
import { listRecipients, listRecipientsPage, type RecipientRecord } from '../data/recipient-repo';
import { addSummaries, recipientState, reportDeadline, summarize, type ProgressSummary } from '../domain/progress';
import { vietnamDate } from '../domain/time';
import { notFound } from '../errors';
import { requireDispatch } from './dispatches';

/**
 * What leadership and clerks see. The counts come from the counters on the dispatch item (one read,
 * whatever the number of recipients); the per-unit table is the recipients' own records.
 */
const deadlineOf = (d: DispatchRecord) => {
  const deadline = reportDeadline(d.content.requirements);
  return deadline ? vietnamDate(deadline) : undefined;
};

const dispatchSummary = (d: DispatchRecord, now: Date) => ({
  dispatchId: d.id,
  symbol: d.symbol,
  subject: d.content.subject,
  state: d.state,
  issuedOn: d.issuedOn,
  deadline: deadlineOf(d),
  summary: summarize(d.stats, d.content.requirements, now),
});

export async function summaryOfDispatch(dispatchId: string, now: Date) {
  return dispatchSummary(await requireDispatch(dispatchId), now);
}

/**
 * Rolled up over every issued dispatch citing the directive that the caller may read (`scope`: the
 * agencies readable by them): the counts cost one read per dispatch, none per recipient; with `units`,
 * also every unit's state per dispatch (reads the recipients).
 */
export async function summaryOfDirective(directiveId: string, now: Date, scope: ReadonlySet<string>, units: boolean | PageRequest = false) {
  const directive = await getDirective(directiveId);
  if (!directive) throw notFound({ vi: 'văn bản đến', en: 'Directive' });
  const dispatches = (await Promise.all((await citingDispatchIds(directiveId)).map(getDispatch))).filter(
    (d): d is DispatchRecord => !!d && d.state === 'issued' && scope.has(d.agencyCode),
  );
  const perDispatch = dispatches.map((d) => dispatchSummary(d, now));
  const total = perDispatch.map((d) => d.summary).reduce<ProgressSummary | undefined>((sum, s) => (sum ? addSummaries(sum, s) : s), undefined);
  const summary = total ?? summarize({ recipients: 0, mailSent: 0, mailFailed: 0 }, [], now);
  if (!units) return { directiveId, dispatches: perDispatch, summary };
  if (units !== true) {
    const page = await directiveUnitsPage(dispatches, now, units);
    return { directiveId, dispatches: perDispatch, summary, units: page.units, cursor: page.cursor };
  }
  // Every unit of every dispatch: the exports and the dashboard, which sort and filter the whole table.
  const rows = await Promise.all(dispatches.map(async (d) => (await recipientTable(d.id, now)).items.map((r) => ({ symbol: d.symbol, ...r }))));
  return { directiveId, dispatches: perDispatch, summary, units: rows.flat() };
}

/** A unit's row: its state and times; token hashes and send claims stay internal. */
const rowOf = (dispatch: DispatchRecord, now: Date) => ({ tokenHash: _h, linkHashes: _lh, mailClaim: _c, leaseUntil: _l, ...visible }: RecipientRecord) => ({
  ...visible,
  state: recipientState(visible, dispatch.content.requirements, now),
});

/** The whole per-unit table, for work that needs every row (the staff digest, the dashboard's sort). */
export async function recipientTable(dispatchId: string, now: Date) {
  const dispatch = await requireDispatch(dispatchId);
  const items = (await listRecipients(dispatch.id)).map(rowOf(dispatch, now));
  return { stats: dispatch.stats, summary: summarize(dispatch.stats, dispatch.content.requirements, now), items };
}

/** One page of the per-unit table (the API and the dispatch page): `cursor` continues it. */
export async function recipientPage(dispatchId: string, now: Date, page: PageRequest) {
  const dispatch = await requireDispatch(dispatchId);
  const { items, cursor } = await listRecipientsPage(dispatch.id, page);
  return {
    stats: dispatch.stats,
    summary: summarize(dispatch.stats, dispatch.content.requirements, now),
    items: items.map(rowOf(dispatch, now)),
    ...(cursor ? { cursor } : {}),
  };
}

/**
 * One page of the units of the dispatches citing a directive, dispatch after dispatch in the order
 * listed. The cursor is the last row's key: its partition says which dispatch the page stopped in, and
 * must be one of these dispatches (else 400 naming `query.cursor`).
 */
async function directiveUnitsPage(dispatches: readonly DispatchRecord[], now: Date, page: PageRequest) {
  const partitions = dispatches.map((d) => keys.dispatch(d.id).PK);
  let index = 0;
  let cursor: string | undefined;
  if (page.cursor) {
    const at = decodeCursorAmong(page.cursor, 'PK', partitions);
    index = partitions.indexOf(at.partition);
    cursor = page.cursor;
  }
  const units: (ReturnType<ReturnType<typeof rowOf>> & { symbol: string | undefined })[] = [];
  while (index < dispatches.length && units.length < page.limit) {
    const d = dispatches[index]!;
    const got = await listRecipientsPage(d.id, { limit: page.limit - units.length, cursor });
    units.push(...got.items.map(rowOf(d, now)).map((r) => ({ symbol: d.symbol, ...r })));
    if (got.cursor) {
      cursor = got.cursor;
      if (units.length >= page.limit) break;
    } else {
      index++;
      cursor = undefined;
    }
  }
  // Where the next page starts: inside a dispatch, or at the start of the next one (its first key).
  const next = cursor ?? (index < dispatches.length && units.length ? encodeCursor({ PK: partitions[index]!, SK: 'RECIPIENT#' }) : undefined);
  return { units, cursor: next };
}
