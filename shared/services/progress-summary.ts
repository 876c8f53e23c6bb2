import { citingDispatchIds, getDirective } from '../data/directive-repo';
import { getDispatch, type DispatchRecord } from '../data/dispatch-repo';
import { listRecipients } from '../data/recipient-repo';
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
export async function summaryOfDirective(directiveId: string, now: Date, scope: ReadonlySet<string>, units = false) {
  const directive = await getDirective(directiveId);
  if (!directive) throw notFound({ vi: 'văn bản đến', en: 'Directive' });
  const dispatches = (await Promise.all((await citingDispatchIds(directiveId)).map(getDispatch))).filter(
    (d): d is DispatchRecord => !!d && d.state === 'issued' && scope.has(d.agencyCode),
  );
  const perDispatch = dispatches.map((d) => dispatchSummary(d, now));
  const total = perDispatch.map((d) => d.summary).reduce<ProgressSummary | undefined>((sum, s) => (sum ? addSummaries(sum, s) : s), undefined);
  const summary = total ?? summarize({ recipients: 0, mailSent: 0, mailFailed: 0 }, [], now);
  if (!units) return { directiveId, dispatches: perDispatch, summary };
  const rows = await Promise.all(dispatches.map(async (d) => (await recipientTable(d.id, now)).items.map((r) => ({ symbol: d.symbol, ...r }))));
  return { directiveId, dispatches: perDispatch, summary, units: rows.flat() };
}

/** The per-unit table: each unit's state and times; token hashes and send claims stay internal. */
export async function recipientTable(dispatchId: string, now: Date) {
  const dispatch = await requireDispatch(dispatchId);
  const items = (await listRecipients(dispatch.id)).map(({ tokenHash: _h, linkHashes: _lh, mailClaim: _c, leaseUntil: _l, ...visible }) => ({
    ...visible,
    state: recipientState(visible, dispatch.content.requirements, now),
  }));
  return { stats: dispatch.stats, summary: summarize(dispatch.stats, dispatch.content.requirements, now), items };
}
