import { getDispatch, type DispatchRecord } from '../data/dispatch-repo';
import type { AuditEvent } from '../data/audit';
import { replaceLink } from '../data/link-repo';
import { rememberMessage } from '../data/mail-event-repo';
import { claimReminder } from '../data/progress-repo';
import { getRecipient, type RecipientRecord } from '../data/recipient-repo';
import { latestRuns, runDone, startRun, type ReminderRun } from '../data/reminder-run-repo';
import { enqueueMail } from '../queue/messages';
import { lags, reminderStepsDue, reminderText } from '../domain/reminders';
import { vietnamDate } from '../domain/time';
import { newLinkToken } from '../domain/tokens';
import { conflict, notFound } from '../errors';
import type { Mailer } from '../mail/mailer';
import { auditOf, type UseCaseContext } from './context';
import { sentOnPaper } from './link-admin';
import { linkExpiry, linkMail } from './mailing';
import { walkOpenDispatches, type WalkOptions } from './open-dispatches';

/**
 * Reminders to units that still owe something: the scheduled job (N days before and on each due date)
 * and a clerk's "remind now". Each (unit, step) is claimed in the audit-bearing transaction first, so
 * a unit gets at most one email per step; the email carries a fresh link (the old one stops working,
 * as only hashes are kept and a link can never be re-sent as it was; if the email cannot be sent, the
 * old link is put back). Units whose mailbox bounced are left to a clerk, who sees them as bounced.
 */
async function remind(dispatch: DispatchRecord, r: RecipientRecord, step: string, actor: Pick<AuditEvent, 'actor' | 'roles' | 'sourceIp'>, now: Date, mailer: Mailer): Promise<boolean> {
  const at = now.toISOString();
  const audit = (action: string): AuditEvent => ({ ...actor, at, action, details: { unitId: r.unitId, step } });
  if (!(await claimReminder(dispatch.id, r.unitId, step, audit('reminder.sent')))) return false;
  const expires = linkExpiry(dispatch);
  const { token, hash } = newLinkToken();
  const replaced = await replaceLink({
    dispatchId: dispatch.id,
    unitId: r.unitId,
    oldHash: r.tokenHash,
    otherHashes: r.linkHashes ?? [],
    next: { tokenHash: hash, tokenExpiresAt: expires.toISOString() },
    at,
    audit: audit('link.resent'),
  });
  if (!replaced) return false;
  let messageId: string;
  try {
    ({ messageId } = await mailer.send({ to: r.email, ...linkMail(dispatch, r, token, expires, reminderText(step)) }));
  } catch (error) {
    // The new link never reached the unit: put its old link back (only its hash is needed), so a
    // failed reminder does not cut the unit off. The step stays claimed; the audit says why.
    if (r.tokenHash && r.tokenExpiresAt) {
      await replaceLink({
        dispatchId: dispatch.id,
        unitId: r.unitId,
        oldHash: hash,
        next: { tokenHash: r.tokenHash, tokenExpiresAt: r.tokenExpiresAt },
        at,
        audit: { ...actor, at, action: 'reminder.failed', details: { unitId: r.unitId, step, error: String((error as Error).message ?? error).slice(0, 300) } },
      });
    }
    throw error;
  }
  await rememberMessage(messageId, { dispatchId: dispatch.id, unitId: r.unitId }, Math.floor(expires.getTime() / 1000));
  return true;
}

/**
 * Starts the run of a step (shared/data/reminder-run-repo.ts) and puts its first fan-out page on the
 * mail queue (shared/services/reminder-mail.ts); the e-mails go out paced, from the queue. A run that
 * already exists is answered as it is; its first page is enqueued again only when nothing was counted a
 * minute after it started (the first attempt may have stopped before enqueuing it: a copy moves nothing
 * twice), not on a double click, which would only put each reminder on the queue twice.
 */
async function startReminderRun(dispatchId: string, step: string, actor: string, now: Date, actorName?: string): Promise<ReminderRun> {
  const { run, created } = await startRun(dispatchId, step, actor, now.toISOString(), actorName);
  const stalled = !run.fannedOut && run.cursor === '' && run.queued === 0 && now.getTime() - Date.parse(run.createdAt) > 60_000;
  if (created || stalled) {
    await enqueueMail([{ kind: 'fanout', dispatchId, step, cursor: '' }], `reminders:${dispatchId}:${step}`);
  }
  return run;
}

/**
 * The scheduled job: every open dispatch with a reminder step today, walked page by page from where
 * the last run stopped (shared/services/open-dispatches.ts); `shouldStop` ends a run early. It only
 * starts one run per (dispatch, step due today): the mail queue does the rest.
 */
export async function runScheduledReminders(now: Date, options: WalkOptions = {}): Promise<{ dispatches: number; runs: number; finished: boolean }> {
  const today = vietnamDate(now);
  let dispatches = 0;
  let runs = 0;
  const { finished } = await walkOpenDispatches(
    'reminders',
    async (dispatch) => {
      for (const step of reminderStepsDue(dispatch.content.requirements, today)) {
        dispatches++;
        await startReminderRun(dispatch.id, step, 'system:reminders', now);
        runs++;
      }
    },
    options,
  );
  return { dispatches, runs, finished };
}

async function issuedDispatch(id: string): Promise<DispatchRecord> {
  const dispatch = await getDispatch(id);
  if (!dispatch) throw notFound({ vi: 'công văn', en: 'Dispatch' });
  if (dispatch.state !== 'issued') throw conflict({ vi: 'Công văn chưa ban hành hoặc đã thu hồi.', en: 'The dispatch is not issued.' }, { state: dispatch.state });
  if (dispatch.closedAt) throw conflict({ vi: 'Công văn đã đóng (lưu trữ): không nhắc việc nữa.', en: 'The dispatch is closed (archived): it takes no reminders.' }, { closedAt: dispatch.closedAt });
  return dispatch;
}

/**
 * A clerk's "remind all laggards now": starts the run and answers it at once (the e-mails follow from
 * the mail queue); a double click within the same minute answers the same run and sends nothing more.
 */
export async function remindAllNow(ctx: UseCaseContext, dispatchId: string): Promise<{ dispatchId: string; run: ReminderRun & { done: boolean } }> {
  await issuedDispatch(dispatchId);
  const now = ctx.clock.now();
  const run = await startReminderRun(dispatchId, `manual:${now.toISOString().slice(0, 16)}`, actorOf(ctx).actor, now, ctx.actor.name);
  return { dispatchId, run: { ...run, done: runDone(run) } };
}

/** The dispatch's latest reminder runs with their progress, newest first. */
export async function reminderRuns(dispatchId: string): Promise<{ dispatchId: string; items: (ReminderRun & { done: boolean })[] }> {
  const dispatch = await getDispatch(dispatchId);
  if (!dispatch) throw notFound({ vi: 'công văn', en: 'Dispatch' });
  return { dispatchId, items: (await latestRuns(dispatchId)).map((run) => ({ ...run, done: runDone(run) })) };
}

export async function remindOneNow(ctx: UseCaseContext, dispatchId: string, unitId: string, mailer: Mailer) {
  const dispatch = await issuedDispatch(dispatchId);
  const r = await getRecipient(dispatchId, unitId);
  if (!r) throw notFound({ vi: 'đơn vị nhận', en: 'Recipient' });
  if (r.mailStatus === 'paper') throw sentOnPaper();
  if (!lags(r, dispatch.content.requirements)) throw conflict({ vi: 'Đơn vị đã hoàn thành, không cần nhắc.', en: 'The unit has done everything asked.' });
  const now = ctx.clock.now();
  const sent = await remind(dispatch, r, `manual:${now.toISOString().slice(0, 16)}`, actorOf(ctx), now, mailer);
  return { dispatchId, unitId, sent };
}

const actorOf = (ctx: UseCaseContext) => {
  const a = auditOf(ctx, '');
  return { actor: a.actor, ...(a.roles ? { roles: a.roles } : {}), ...(a.sourceIp ? { sourceIp: a.sourceIp } : {}) };
};
