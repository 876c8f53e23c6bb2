import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { auditPut, type AuditEvent, type KnownHead } from './audit';
import { db, isConditionFailure, tableName } from './client';
import { keys, recipientChain } from './keys';
import { messagePut } from './mail-event-repo';
import type { RecipientRecord } from './recipient-repo';
import { countOnRun } from './reminder-run-repo';
import { addToStats } from './stats-repo';
import { transactOnce, type TransactItem } from './transact';

/**
 * A queued reminder's life on the recipient item, the reminder counterpart of the issue mail's claim
 * (recipient-repo.ts claimMail): claim the step with a lease (one attempt per unit at a time) and add
 * the attempt's own link (it works from now on, next to the unit's older links); give the claim and that
 * link back when the attempt does not send; once SES has accepted, record the step as done, make the
 * new link the unit's only one and delete the older ones. The step joins `remindedSteps` exactly once
 * (sent, failed for good, or skipped), in the transaction that counts it on the run; `remindCountedSteps`
 * says the unit was counted on the step's run, so each unit the fan-out queued is counted once, even
 * when a clerk's own "remind" of that unit took the step first (countReminderSkipped).
 */

const linkItem = (r: RecipientRecord, hash: string, expiresAt: string): TransactItem => ({
  Put: {
    TableName: tableName(),
    Item: { ...keys.link(hash), type: 'Link', dispatchId: r.dispatchId, unitId: r.unitId, expiresAt: Math.floor(Date.parse(expiresAt) / 1000), tokenExpiresAt: expiresAt },
    ConditionExpression: 'attribute_not_exists(PK)',
  },
});

export async function claimReminderAttempt(args: { recipient: RecipientRecord; step: string; claimId: string; now: string; leaseUntil: string; tokenHash: string; tokenExpiresAt: string }): Promise<boolean> {
  const { recipient: r } = args;
  const outcome = await transactOnce(
    [
      {
        Update: {
          TableName: tableName(),
          Key: keys.recipient(r.dispatchId, r.unitId),
          UpdateExpression: 'SET remindClaim = :claim, remindStep = :step, remindLeaseUntil = :lease, remindHash = :hash REMOVE remindAcceptedId ADD linkHashes :hashes',
          ConditionExpression:
            'attribute_exists(PK) AND (attribute_not_exists(remindedSteps) OR NOT contains(remindedSteps, :step)) AND (attribute_not_exists(remindClaim) OR remindLeaseUntil < :now)',
          ExpressionAttributeValues: { ':claim': args.claimId, ':step': args.step, ':lease': args.leaseUntil, ':hash': args.tokenHash, ':hashes': new Set([args.tokenHash]), ':now': args.now },
        },
      },
      linkItem(r, args.tokenHash, args.tokenExpiresAt),
    ],
  );
  return outcome === 'applied';
}

/**
 * The attempt did not send: its claim and its never-sent link go; the unit's older links never stopped
 * working. `retry`: when the step is next due (its message's back-off), so a copy of the message waits
 * too and the reminder sweeper tells a letter waiting out a back-off from one lost from the queue.
 */
export async function releaseReminderAttempt(r: RecipientRecord, claimId: string, tokenHash: string, retry?: { step: string; at: string }, maybeSent = false, failed = false): Promise<void> {
  // `maybeSent`: SES gave no answer (a timeout, a dropped connection): it may have accepted the e-mail,
  // so its link keeps working, and stays working when a later attempt's e-mail replaces the unit's links.
  // `failed`: SES did not accept the send (counted in `remindFailures`, the back-off's exponent until the
  // step ends), rather than no send slot being free.
  const link = maybeSent ? `ADD remindKeptHashes :hashes${failed ? ', remindFailures :one' : ''}` : `DELETE linkHashes :hashes${failed ? ' ADD remindFailures :one' : ''}`;
  await transactOnce([
    {
      Update: {
        TableName: tableName(),
        Key: keys.recipient(r.dispatchId, r.unitId),
        UpdateExpression: `${retry ? 'SET remindRetryStep = :retryStep, remindRetryAt = :retryAt ' : ''}REMOVE remindClaim, remindStep, remindLeaseUntil, remindHash ${link}`,
        ConditionExpression: 'remindClaim = :claim',
        ExpressionAttributeValues: { ':claim': claimId, ':hashes': new Set([tokenHash]), ...(retry ? { ':retryStep': retry.step, ':retryAt': retry.at } : {}), ...(failed ? { ':one': 1 } : {}) },
      },
    },
    ...(maybeSent ? [] : [{ Delete: { TableName: tableName(), Key: keys.link(tokenHash) } }]),
  ]);
}

/** SES accepted: remembered on the claim before anything else, so a retry records instead of sending again. */
export async function rememberReminderAccepted(r: RecipientRecord, claimId: string, messageId: string): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.recipient(r.dispatchId, r.unitId),
        UpdateExpression: 'SET remindAcceptedId = :id',
        ConditionExpression: 'remindClaim = :claim',
        ExpressionAttributeValues: { ':id': messageId, ':claim': claimId },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Most link deletes one transaction carries next to the recipient, the run, the audit and the message (limit 100). */
const MAX_DELETES = 90;

/**
 * The reminder was accepted by SES: the step is done, counted once on its run, and the new link becomes
 * the unit's only one (every older link item deleted, in the same transaction as far as it holds them).
 */
export async function recordReminderSent(args: {
  recipient: RecipientRecord;
  step: string;
  claimId: string;
  tokenHash: string;
  tokenExpiresAt: string;
  messageId: string;
  audit: AuditEvent;
  unitRun?: boolean;
  /** The unit's audit chain head as just read (shared/data/mail-items.ts), and tries on a contended run item (1: the caller has a fallback). */
  head?: KnownHead;
  attempts?: number;
}): Promise<boolean> {
  const { recipient: r, step } = args;
  // A unit's own run (a clerk's "remind" or "resend" of one unit) is counted on that run; the step's
  // `remindCountedSteps` mark stays for the dispatch-wide run, whose copy then counts it as skipped.
  const counted = args.unitRun ? '' : ', remindCountedSteps :steps';
  const remindedAt = args.step.startsWith('resend:') ? '' : ', lastRemindedAt = :at';
  // Links of this step's attempts whose SES answer was lost may be in a delivered e-mail: they keep working.
  const kept = [...(r.remindKeptHashes ?? [])].filter((h) => h !== args.tokenHash);
  const older = [...new Set([r.tokenHash, ...(r.linkHashes ?? [])])].filter((h): h is string => !!h && h !== args.tokenHash && !kept.includes(h));
  // A clerk's resend to a unit whose issue e-mail failed for good: the unit now has its letter, so it
  // shows as sent and moves from the failed counter to the sent one, in this same transaction, once
  // (conditioned on the failed status the caller read; a retry re-reads the record).
  const revives = step.startsWith('resend:') && r.mailStatus === 'failed';
  const revive = revives ? ', mailStatus = :sentStatus, mailMessageId = :mid, mailSentAt = :at' : '';
  const outcome = await transactOnce([
    {
      Update: {
        TableName: tableName(),
        Key: keys.recipient(r.dispatchId, r.unitId),
        UpdateExpression:
          `SET tokenHash = :hash, tokenExpiresAt = :exp, linkHashes = :hashes${remindedAt}${revive} ADD remindedSteps :steps${counted} REMOVE remindClaim, remindStep, remindLeaseUntil, remindHash, remindAcceptedId, remindKeptHashes, remindFailures${revives ? ', mailLastError' : ''}`,
        ConditionExpression: `remindClaim = :claim AND (attribute_not_exists(remindedSteps) OR NOT contains(remindedSteps, :step))${revives ? ' AND mailStatus = :failedStatus' : ''}`,
        ExpressionAttributeValues: {
          ':hash': args.tokenHash,
          ':exp': args.tokenExpiresAt,
          ':hashes': new Set([args.tokenHash, ...kept]),
          ...(remindedAt || revives ? { ':at': args.audit.at } : {}),
          ...(revives ? { ':sentStatus': 'sent', ':failedStatus': 'failed', ':mid': args.messageId } : {}),
          ':steps': new Set([step]),
          ':step': step,
          ':claim': args.claimId,
        },
      },
    },
    countOnRun(r.dispatchId, step, 'sent', args.unitRun ? r.unitId : undefined),
    ...(revives ? [addToStats(r.dispatchId, r.unitId, { mailSent: 1, mailFailed: -1 })] : []),
    auditPut(keys.dispatch(r.dispatchId).PK, args.audit, recipientChain(r.unitId)),
    messagePut(args.messageId, { dispatchId: r.dispatchId, unitId: r.unitId }, Math.floor(Date.parse(args.tokenExpiresAt) / 1000)),
    ...older.slice(0, MAX_DELETES).map((h) => ({ Delete: { TableName: tableName(), Key: keys.link(h) } })),
  ], args.attempts, args.head ? [args.head] : []);
  if (outcome !== 'applied') return false;
  // More older links than one transaction holds (many attempts): the rest go right after.
  for (const h of older.slice(MAX_DELETES)) await transactOnce([{ Delete: { TableName: tableName(), Key: keys.link(h) } }]);
  return true;
}

/**
 * A step that ends without an e-mail: `skipped` (the unit no longer lags, or cannot be mailed) or
 * `failed` (SES refused it past the retry window; its attempt's claim and link are given back). Once.
 */
export async function recordReminderEnded(args: { recipient: RecipientRecord; step: string; outcome: 'failed' | 'skipped'; claim?: { claimId: string; tokenHash: string }; audit?: AuditEvent; unitRun?: boolean }): Promise<boolean> {
  const { recipient: r, step, claim } = args;
  const outcome = await transactOnce([
    {
      Update: {
        TableName: tableName(),
        Key: keys.recipient(r.dispatchId, r.unitId),
        UpdateExpression: `ADD remindedSteps :steps${args.unitRun ? '' : ', remindCountedSteps :steps'} REMOVE remindFailures${claim ? ', remindClaim, remindStep, remindLeaseUntil, remindHash DELETE linkHashes :hashes' : ''}`,
        ConditionExpression: `attribute_exists(PK) AND (attribute_not_exists(remindedSteps) OR NOT contains(remindedSteps, :step))${claim ? ' AND remindClaim = :claim' : ''}`,
        ExpressionAttributeValues: { ':steps': new Set([step]), ':step': step, ...(claim ? { ':claim': claim.claimId, ':hashes': new Set([claim.tokenHash]) } : {}) },
      },
    },
    countOnRun(r.dispatchId, step, args.outcome, args.unitRun ? r.unitId : undefined),
    ...(args.audit ? [auditPut(keys.dispatch(r.dispatchId).PK, args.audit, recipientChain(r.unitId))] : []),
    ...(claim ? [{ Delete: { TableName: tableName(), Key: keys.link(claim.tokenHash) } }] : []),
  ]);
  return outcome === 'applied';
}

/**
 * A queued reminder whose step was already done by other means (a clerk's "remind" of the unit in the
 * same minute): counted as skipped on the run, once for all copies of the message.
 */
export async function countReminderSkipped(r: RecipientRecord, step: string): Promise<boolean> {
  const outcome = await transactOnce([
    {
      Update: {
        TableName: tableName(),
        Key: keys.recipient(r.dispatchId, r.unitId),
        UpdateExpression: 'ADD remindCountedSteps :steps',
        ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(remindCountedSteps) OR NOT contains(remindCountedSteps, :step))',
        ExpressionAttributeValues: { ':steps': new Set([step]), ':step': step },
      },
    },
    countOnRun(r.dispatchId, step, 'skipped'),
  ]);
  return outcome === 'applied';
}
