import { listAgencies } from '../data/agency-repo';
import { getDispatch, type DispatchRecord } from '../data/dispatch-repo';
import type { Actor } from '../domain/actor';
import { readableAgencies } from '../domain/agency-tree';
import { forbidden, notFound } from '../errors';

/*
 * Who may read or act on a dispatch. Imported by the HTTP and page handlers of every route (the
 * `{dispatchId}` gate), so it stays apart from dispatches.ts and its lifecycle, numbering and recipient
 * code, which routes that never touch a dispatch (the link pages, the CSV imports, openapi) need not
 * bundle (issue 11's budget). dispatches.ts re-exports it.
 */

const dispatchWord = { vi: 'công văn', en: 'Dispatch' };

export async function requireDispatch(id: string): Promise<DispatchRecord> {
  const dispatch = await getDispatch(id);
  if (!dispatch) throw notFound(dispatchWord);
  return dispatch;
}

/** The agencies whose letters `actor` may read: their own and those below it. */
export async function agenciesReadableBy(actor: Pick<Actor, 'agencyCode'>): Promise<Set<string>> {
  return readableAgencies(await listAgencies(), actor.agencyCode);
}

/** A dispatch the caller may read: one of their own agency's or of an agency below it (else 403). */
export async function readableDispatch(actor: Actor, id: string): Promise<DispatchRecord> {
  const dispatch = await getDispatch(id);
  if (!dispatch) throw notFound(dispatchWord);
  if (!(await agenciesReadableBy(actor)).has(dispatch.agencyCode)) {
    throw forbidden({
      vi: 'Công văn này không thuộc cơ quan của bạn hoặc không tồn tại.',
      en: 'This dispatch does not belong to your agency, or does not exist.',
    });
  }
  return dispatch;
}

/**
 * The one gate for every route and page about one dispatch (a `{dispatchId}` in its path): reading
 * needs the dispatch to be the caller's agency's or an agency's below it; anything else (transitions,
 * links, reminders) needs it to be their own agency's. Applied by the HTTP and page layers, before the
 * route's own function runs, so no route can forget it.
 */
export async function guardDispatch(actor: Actor, dispatchId: string, intent: 'read' | 'act'): Promise<void> {
  const dispatch = await readableDispatch(actor, dispatchId);
  if (intent === 'act' && dispatch.agencyCode !== actor.agencyCode) {
    throw forbidden({
      vi: `Công văn này của cơ quan ${dispatch.agencyCode}; chỉ người của cơ quan đó mới được thao tác.`,
      en: `This dispatch belongs to ${dispatch.agencyCode}; only its own people may act on it.`,
    });
  }
}

/** An agency's register and list of letters are read by its own people and those of the agencies above it. */
export async function guardRegister(actor: Actor, agencyCode: string): Promise<void> {
  if (!(await agenciesReadableBy(actor)).has(agencyCode)) {
    throw forbidden({
      vi: `Bạn không được xem văn bản của cơ quan ${agencyCode}.`,
      en: `You may not read the letters of agency ${agencyCode}.`,
    });
  }
}
