import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../data/client';
import { getDispatch, type DispatchRecord } from '../data/dispatch-repo';
import { keys } from '../data/keys';
import { getRecipient } from '../data/recipient-repo';
import { getRun, markEnqueued, runDone, startUnitRunOnce, type ReminderRun } from '../data/reminder-run-repo';
import { lags } from '../domain/reminders';
import { conflict, notFound } from '../errors';
import { enqueueMail } from '../queue/messages';
import { auditOf, type UseCaseContext } from './context';
import { sentOnPaper } from './link-admin';
import { linkExpiry } from './mailing';
import { mailboxWorks } from './reminder-mail';

/**
 * A clerk's letter to one unit, from its row of the recipient table: "Nhắc" (a reminder with a fresh
 * link) or "Gửi lại" (the link again, fresh). Like "remind all" and the issue mail, the route only
 * enqueues: it starts the unit's run of one letter (shared/data/reminder-run-repo.ts, UNITRUN#…) and
 * puts one message on the mail queue; the mail consumer claims the step, takes a send slot, sends and
 * records it exactly once (shared/services/reminder-mail.ts), with the same pacing, back-off,
 * dead-letter queue and replay. The answer is the run: queued now, sent (or failed, or skipped) later.
 *
 * Double clicks and retries stay single, whatever the clock says: the run starts in one transaction
 * with a condition on the unit's record, "no letter of this kind started for this unit within the last
 * minute" (`remindClickAt` / `resendClickAt`), so a second click within that minute, even one that
 * falls on the other side of a minute's turn at the same instant, starts nothing and answers the unit's
 * latest run. The step is named after the minute (`manual:<minute>`, `resend:<minute>`), so a
 * reminder shares its step with the same minute's "remind all": the unit gets one of the two.
 */
export type UnitLetter = 'remind' | 'resend';

/** A second click this soon after the unit's last letter of the same kind answers that letter's run. */
const DOUBLE_CLICK_MS = 60_000;
/** A run whose message may never have gone out (the route stopped between starting it and enqueuing). */
const STALLED_AFTER_MS = 60_000;

/** Issue-mail states in which the unit's first e-mail has not gone out yet. */
const PENDING_ISSUE_MAIL = new Set<string>(['queued', 'sending', 'retrying']);

const stepPrefix = (letter: UnitLetter) => (letter === 'remind' ? 'manual:' : 'resend:');

export interface UnitLetterAnswer {
  dispatchId: string;
  unitId: string;
  /** True when this call put the letter on the queue; false when it answered a run already started. */
  queued: boolean;
  run: ReminderRun & { done: boolean };
}

async function issuedDispatch(id: string): Promise<DispatchRecord> {
  const dispatch = await getDispatch(id);
  if (!dispatch) throw notFound({ vi: 'công văn', en: 'Dispatch' });
  if (dispatch.state !== 'issued') throw conflict({ vi: 'Công văn chưa ban hành hoặc đã thu hồi.', en: 'The dispatch is not issued.' }, { state: dispatch.state });
  return dispatch;
}

/** The unit's latest run of a letter (steps sort by their minute), one query of one item. */
async function latestUnitRun(dispatchId: string, unitId: string, letter: UnitLetter): Promise<ReminderRun | undefined> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.dispatch(dispatchId).PK, ':prefix': `UNITRUN#${unitId}#${stepPrefix(letter)}` },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  const item = out.Items?.[0];
  return item ? getRun(dispatchId, String(item['step']), unitId) : undefined;
}

/**
 * Puts the unit's letter on the mail queue (again: a copy is harmless, the step is claimed once), then
 * takes its run out of the stalled-run index: from here on the queue (and its dead-letter queue) has it.
 */
export async function enqueueUnitLetter(run: Pick<ReminderRun, 'dispatchId' | 'step' | 'unitId'>, correlationId?: string): Promise<void> {
  const resend = run.step.startsWith('resend:');
  await enqueueMail([{ kind: resend ? 'resend' : 'reminder', dispatchId: run.dispatchId, unitId: run.unitId!, step: run.step, scope: 'unit' }], ...(correlationId ? [correlationId] : []));
  await markEnqueued(run.dispatchId, run.step, run.unitId);
}

export async function sendUnitLetter(ctx: UseCaseContext, dispatchId: string, unitId: string, letter: UnitLetter): Promise<UnitLetterAnswer> {
  const dispatch = await issuedDispatch(dispatchId);
  const recipient = await getRecipient(dispatchId, unitId);
  if (!recipient) throw notFound({ vi: 'đơn vị nhận', en: 'Recipient' });
  if (recipient.mailStatus === 'paper') throw sentOnPaper();
  // The issue e-mail still on its way: a second letter now would only race it.
  if (PENDING_ISSUE_MAIL.has(recipient.mailStatus)) {
    throw conflict({ vi: 'Thư ban hành tới đơn vị này chưa gửi xong; chưa thể nhắc hoặc gửi lại.', en: 'The unit\'s issue e-mail has not gone out yet; it cannot be reminded or sent again yet.' }, { mailStatus: recipient.mailStatus });
  }
  const now = ctx.clock.now();
  if (letter === 'remind') {
    // A reminder goes only where the issue e-mail went; otherwise the remedy is "Gửi lại" once the address is right.
    if (recipient.mailStatus !== 'sent' || !mailboxWorks(recipient)) {
      throw conflict({ vi: 'Thư tới đơn vị này không gửi được hoặc bị trả lại; hãy kiểm tra địa chỉ rồi gửi lại liên kết.', en: 'E-mail to this unit failed or bounced; check its address, then resend its link.' }, { mailStatus: recipient.mailStatus, ...(recipient.bouncedAt ? { bouncedAt: recipient.bouncedAt } : {}) });
    }
    if (dispatch.closedAt) throw conflict({ vi: 'Công văn đã đóng (lưu trữ): không nhắc việc nữa.', en: 'The dispatch is closed (archived): it takes no reminders.' }, { closedAt: dispatch.closedAt });
    if (!lags(recipient, dispatch.content.requirements)) throw conflict({ vi: 'Đơn vị đã hoàn thành, không cần nhắc.', en: 'The unit has done everything asked.' });
  } else if (linkExpiry(dispatch).getTime() <= now.getTime()) {
    throw conflict({ vi: 'Công văn đã quá hạn cộng thời gian gia hạn; không gửi lại đường liên kết.', en: 'The dispatch is past its deadline and grace period.' });
  }

  const who = auditOf(ctx, '');
  const step = `${stepPrefix(letter)}${now.toISOString().slice(0, 16)}`;
  const started = await startUnitRunOnce({ dispatchId, unitId, step, letter, actor: who.actor, ...(who.actorName ? { actorName: who.actorName } : {}), at: now.toISOString(), windowMs: DOUBLE_CLICK_MS });
  // Refused: this minute's run exists, or another click started one within the window (the unit's
  // latest run of the letter, whichever minute it is named after): that run is the answer.
  const run = started.created ? started.run : await latestUnitRun(dispatchId, unitId, letter);
  if (!run) throw notFound({ vi: 'đơn vị nhận', en: 'Recipient' });
  // Started by an attempt that stopped before enqueuing (not enqueued a minute on): enqueue it now
  // (the reminder sweeper would too, shared/services/reminder-sweep.ts).
  const stalled = !started.created && !run.fannedOut && now.getTime() - Date.parse(run.createdAt) > STALLED_AFTER_MS;
  if (!started.created && !stalled) return { dispatchId, unitId, queued: false, run: { ...run, done: runDone(run) } };
  await enqueueUnitLetter(run);
  const enqueued = { ...run, fannedOut: true };
  return { dispatchId, unitId, queued: true, run: { ...enqueued, done: runDone(enqueued) } };
}

/** A unit's run of a letter, by its step (the page's notice after "Nhắc" or "Gửi lại"). */
export const unitRun = (dispatchId: string, unitId: string, step: string) => getRun(dispatchId, step, unitId);
