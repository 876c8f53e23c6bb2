import { randomUUID } from 'node:crypto';
import { getAgency, listAgencies } from '../data/agency-repo';
import { getDispatch, listDispatches, type DispatchRecord } from '../data/dispatch-repo';
import { claimNotice, finishNotice, getNotice } from '../data/notice-repo';
import { getPeople, listPeople } from '../data/people-repo';
import { getResetRequest } from '../data/reset-request-repo';
import { readableAgencies } from '../domain/authority';
import { summarize } from '../domain/progress';
import { dispatchNoticeKind, dispatchNoticeIds, dispatchNoticeRecipients, digestRecipients, itDepartmentRecipients } from '../domain/staff-notices';
import { vietnamDate } from '../domain/time';
import { config } from '../config';
import { logger } from '../logger';
import type { Mailer } from '../mail/mailer';
import type { Clock } from '../runtime';
import type { Person } from '../schemas/person';
import type { Agency } from '../schemas/agency';
import { recipientTable } from './progress-summary';
import { noticeSettled, type QueuedNotice } from './queued-notices';
import type { MailContent as Mail, OverdueDispatch, StaffNoticeMails } from '../domain/mail-content';

/**
 * E-mails to staff (§6 "Staff are told"). Each (event, person) is claimed (shared/data/notice-repo.ts),
 * so a redelivered stream record, a retry after a partial failure or a second run of the digest never
 * sends the same e-mail twice.
 *
 * How they leave: with `queue` (what the functions pass: shared/services/queued-notices.ts enqueueNotice)
 * each is rendered here and put on the mail queue, whose consumer claims, paces (the account's SES rate
 * is shared by every sender), sends and retries it like every other e-mail (outcome `queued`). With a
 * `mailer` instead (tests, tools) it is claimed and sent right here.
 */
export type NoticeOutcome = 'sent' | 'queued' | 'skipped' | 'retry';
interface Deps {
  mailer?: Mailer;
  /** Puts the rendered notice on the mail queue instead of sending it here. */
  queue?: (notice: QueuedNotice) => Promise<void>;
  clock: Clock;
  /** The renderers (templates/email/staff-notices.ts, passed in by the edge). */
  mails: StaffNoticeMails;
}

/** Longer than any consumer's timeout: a claim still `sending` after it belonged to a crashed attempt. */
const LEASE_MS = 5 * 60 * 1000;

const appUrl = (path: string) => `${config().PUBLIC_BASE_URL}/app${path}`;

/** One e-mail about one event to one person, once. */
export async function sendNoticeOnce(event: string, kind: string, person: Person, mail: Mail, deps: Deps): Promise<NoticeOutcome> {
  if (deps.queue) {
    // Sent already (the queue's consumer claims it once in any case): nothing to queue.
    if (await noticeSettled(event, person.id)) return 'skipped';
    await deps.queue({ event, recipientId: person.id, noticeKind: kind, to: person.email, mail });
    return 'queued';
  }
  if (!deps.mailer) throw new Error('sendNoticeOnce: neither a mailer nor a queue');
  const claim = randomUUID();
  if (!(await claimNotice({ event, personId: person.id, claim, now: deps.clock.now(), leaseMs: LEASE_MS, kind }))) {
    // Sent already: done. Another attempt holds it: ask the stream to come back, in case that attempt dies.
    return (await getNotice(event, person.id))?.state === 'sent' ? 'skipped' : 'retry';
  }
  let messageId: string;
  try {
    ({ messageId } = await deps.mailer.send({ to: person.email, ...mail }));
  } catch (error) {
    await finishNotice({ event, personId: person.id, claim });
    throw error;
  }
  await finishNotice({ event, personId: person.id, claim, sent: { at: deps.clock.now().toISOString(), messageId } });
  return 'sent';
}

/** The worst outcome of several sends decides what the stream record reports. */
const combine = (outcomes: readonly NoticeOutcome[]): NoticeOutcome =>
  outcomes.includes('retry') ? 'retry' : outcomes.includes('sent') ? 'sent' : outcomes.includes('queued') ? 'queued' : 'skipped';

/** Sends to every person, each independently: one failure does not stop the others, and is rethrown after. */
async function sendAll(sends: (() => Promise<NoticeOutcome>)[]): Promise<NoticeOutcome> {
  const results = await Promise.allSettled(sends.map((s) => s()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return combine(results.map((r) => (r as PromiseFulfilledResult<NoticeOutcome>).value));
}

/**
 * A dispatch was submitted, returned or signed (the stream's new image): tell its signer or its clerks.
 * Nothing is sent when the dispatch has moved on since (e.g. signed before this ran, or withdrawn): the
 * e-mail would ask for something no longer awaited.
 */
export async function notifyDispatchEvent(image: Pick<DispatchRecord, 'id' | 'version' | 'state' | 'lastAction'>, deps: Deps): Promise<NoticeOutcome> {
  const kind = dispatchNoticeKind(image);
  if (!kind) return 'skipped';
  const dispatch = await getDispatch(image.id);
  if (!dispatch || dispatch.version !== image.version || dispatch.state !== image.state) return 'skipped';
  const parties = { agencyCode: dispatch.agencyCode, createdBy: dispatch.createdBy, drafters: dispatch.drafters, signerUserId: dispatch.content.signer.userId };
  const [people, agency] = await Promise.all([getPeople([...dispatchNoticeIds(kind, parties), parties.signerUserId, parties.createdBy]), getAgency(dispatch.agencyCode)]);
  const to = dispatchNoticeRecipients(kind, parties, people);
  if (!to.length) return 'skipped';
  const facts = {
    subject: dispatch.content.subject,
    agencyName: agency?.name ?? dispatch.agencyCode,
    clerkName: dispatch.createdByName ?? people.get(dispatch.createdBy)?.name ?? dispatch.createdBy,
    signerName: dispatch.signedByName ?? people.get(parties.signerUserId)?.name ?? dispatch.content.signer.name,
  };
  const page = `/dispatches/${dispatch.id}`;
  const mailFor = (person: Person): Mail => {
    const common = { ...facts, toName: person.name };
    if (kind === 'awaiting-signature') return deps.mails.awaitingSignature({ ...common, link: appUrl(page) });
    if (kind === 'returned') return deps.mails.returned({ ...common, comment: dispatch.returnComment ?? '', link: appUrl(`${page}/edit`) });
    return deps.mails.signed({ ...common, link: appUrl(page) });
  };
  const event = `DISPATCH#${dispatch.id}#v${dispatch.version}`;
  return sendAll(to.map((person) => () => sendNoticeOnce(event, kind, person, mailFor(person), deps)));
}

/** A unit's reset request arrived: tell the IT Department's people, with a link to their queue. */
export async function notifyResetRequest(requestId: string, deps: Deps): Promise<NoticeOutcome> {
  const request = await getResetRequest(requestId);
  if (!request || request.status !== 'open') return 'skipped';
  const to = itDepartmentRecipients(await listPeople());
  if (!to.length) {
    logger.warn('reset request: nobody in the IT Department to tell', { requestId });
    return 'skipped';
  }
  const mailFor = (person: Person) =>
    deps.mails.resetRequestArrived({
      toName: person.name,
      unitName: request.unitName,
      dispatchSymbol: request.dispatchSymbol,
      contactName: request.contact.name,
      contactPosition: request.contact.position,
      accounts: request.total,
      dueDate: request.dueDate,
      link: appUrl('/reset-requests'),
    });
  return sendAll(to.map((person) => () => sendNoticeOnce(`RESETREQ#${request.id}`, 'reset-request', person, mailFor(person), deps)));
}

/** At most this many unit names per dispatch in a digest; the count says how many more. */
const DIGEST_UNIT_NAMES = 20;

/** Every issued dispatch of an agency, newest first. */
async function issuedDispatches(agencyCode: string): Promise<DispatchRecord[]> {
  const all: DispatchRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await listDispatches({ agencyCode, state: 'issued', limit: 100, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return all;
}

/**
 * The opt-in daily digest: to each active leader with `overdueDigest`, the dispatches issued by their
 * agency or an agency below it (the agencies whose letters they may read) that have overdue units,
 * as the dashboard counts them. One e-mail per leader per Vietnam day; none when nothing is overdue.
 */
export async function runOverdueDigest(deps: Deps): Promise<{ leaders: number; sent: number }> {
  const now = deps.clock.now();
  const today = vietnamDate(now);
  const [people, agencies] = await Promise.all([listPeople(), listAgencies()]);
  const leaders = digestRecipients(people);
  const byAgency = new Map<string, Promise<OverdueDispatch[]>>();
  const overdueOf = (agencyCode: string) => {
    let found = byAgency.get(agencyCode);
    if (!found) {
      found = overdueDispatches(agencyCode, now);
      byAgency.set(agencyCode, found);
    }
    return found;
  };
  const agencyName = new Map(agencies.map((a: Agency) => [a.code, a.name]));
  let sent = 0;
  for (const leader of leaders) {
    try {
      const codes = [...readableAgencies(agencies, leader.agencyCode)].sort();
      const dispatches = (await Promise.all(codes.map(overdueOf))).flat().sort((a, b) => a.deadline.localeCompare(b.deadline) || a.symbol.localeCompare(b.symbol));
      if (!dispatches.length) continue;
      const mail = deps.mails.overdueDigest({
        toName: leader.name,
        agencyName: agencyName.get(leader.agencyCode) ?? leader.agencyCode,
        date: today,
        dispatches,
        link: appUrl('/dashboard'),
      });
      // Counted when sent here, or queued to be sent (once) from the mail queue.
      if (['sent', 'queued'].includes(await sendNoticeOnce(`DIGEST#${today}`, 'overdue-digest', leader, mail, deps))) sent++;
    } catch (error) {
      // One leader's mailbox must not stop the others; the next run (same day) tries again.
      logger.error('overdue digest failed', { personId: leader.id, error: error as Error });
    }
  }
  return { leaders: leaders.length, sent };
}

async function overdueDispatches(agencyCode: string, now: Date): Promise<OverdueDispatch[]> {
  const out: OverdueDispatch[] = [];
  for (const d of await issuedDispatches(agencyCode)) {
    const summary = summarize(d.stats, d.content.requirements, now);
    if (summary.overdue === 0) continue;
    const table = await recipientTable(d.id, now);
    const units = table.items.filter((r) => r.state === 'overdue').map((r) => r.unitName);
    const deadline = d.content.requirements.map((r) => r.dueDate).filter((x): x is string => !!x).sort().at(-1)!;
    out.push({
      symbol: d.symbol ?? d.id,
      subject: d.content.subject,
      deadline,
      overdue: summary.overdue,
      units: units.slice(0, DIGEST_UNIT_NAMES),
      link: appUrl(`/dashboard/dispatches/${d.id}`),
    });
  }
  return out;
}
