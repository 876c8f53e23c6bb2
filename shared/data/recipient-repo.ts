import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import type { Delivery, PlannedRecipient, RecipientRole } from '../domain/recipients';
import { auditPut, transactWrite, type AuditEvent, type KnownHead } from './audit';
import { db, isConditionFailure, tableName } from './client';
import { keys, recipientChain } from './keys';
import { messagePut } from './mail-event-repo';
import { queryPage, type Page, type PageRequest } from './page';
import { addToStats } from './stats-repo';
import { transactOnce, type TransactItem } from './transact';

/**
 * One record per unit a dispatch was sent to. Its mail status moves queued → sending → sent, or to
 * failed (parked, visible to clerks) after the last attempt; `retrying` between attempts. A recipient
 * outside the directory without an email is `paper` from the start and stays so: the mailer's stream
 * filter (queued) never sees it and its claim (queued/retrying) can never take it.
 */
export type MailStatus = 'queued' | 'sending' | 'retrying' | 'sent' | 'failed' | 'paper';

export interface RecipientRecord {
  dispatchId: string;
  unitId: string;
  unitName: string;
  email: string;
  role: RecipientRole;
  /** `paper`: printed in the letter and sent on paper, never mailed. Missing on records made before issue 9 (email). */
  delivery?: Delivery;
  /** A recipient outside the directory (id `ext-…`). */
  external?: true;
  /**
   * The directory unit an administrator later made of this external recipient (POST /units/from-external).
   * Not `unitId`: that field is this record's id within the dispatch (its key, its links and reports).
   */
  promotedToUnitId?: string;
  promotedAt?: string;
  createdAt: string;
  mailStatus: MailStatus;
  mailAttempts: number;
  /**
   * Sends of the current step SES did not accept (throttled, failed, refused): the back-off's exponent.
   * Not `mailAttempts`, which also counts the claims given back for want of a send slot: in a long
   * fan-out a recipient may wait for a slot many times, and its first real failure must not then wait
   * as long as a tenth one would.
   */
  mailFailures?: number;
  mailClaim?: string;
  leaseUntil?: string;
  mailLastError?: string;
  mailMessageId?: string;
  /**
   * Set the moment SES accepts the email, while the claim is still held, and removed when the send is
   * recorded: a later attempt that finds it records the send instead of sending a second email.
   */
  mailAcceptedId?: string;
  mailSentAt?: string;
  /** The newest link's hash. */
  tokenHash?: string;
  /**
   * Every link of the current step that works: each attempt at a step mints its own link, and an
   * attempt whose SES answer was lost may still have delivered its e-mail, so every copy keeps working.
   */
  linkHashes?: Set<string>;
  tokenExpiresAt?: string;
  /** The first attempt at the current step's e-mail: refused sends are retried until it is MAIL_RETRY_WINDOW_SECONDS old. */
  firstAttemptAt?: string;
  /** Not to be attempted before this time (its message waits out this back-off). */
  retryAt?: string;
  /** Progress through the emailed link (shared/data/progress-repo.ts keeps the dispatch's counters, stats-repo.ts, in step). */
  firstOpenedAt?: string;
  acknowledgedAt?: string;
  acknowledgedBy?: { name: string; position: string };
  reportVersion?: number;
  firstReportedAt?: string;
  reportedAt?: string;
  completedAt?: string;
  resetRequestId?: string;
  accountsRequestedAt?: string;
  accountsRequested?: number;
  accountsDone?: number;
  accountsCompletedAt?: string;
  linkRevokedAt?: string;
  linkResentAt?: string;
  /** SES delivery events. */
  deliveredAt?: string;
  bouncedAt?: string;
  bounceType?: string;
  complainedAt?: string;
  /** Reminder steps this unit is done with (sent, failed for good, or skipped): each at most once. */
  remindedSteps?: Set<string>;
  /** Steps whose run counted this unit (shared/data/reminder-claim-repo.ts): once each. */
  remindCountedSteps?: Set<string>;
  lastRemindedAt?: string;
  /** A queued reminder's attempt in progress (shared/data/reminder-claim-repo.ts): one at a time per unit. */
  remindClaim?: string;
  remindStep?: string;
  remindLeaseUntil?: string;
  /** The link this attempt's e-mail carries (already working: added to `linkHashes`). */
  remindHash?: string;
  /** Sends of the step in progress SES did not accept: the reminder's back-off exponent (see `mailFailures`). */
  remindFailures?: number;
  /** Set the moment SES accepts the reminder, as `mailAcceptedId` is for the issue mail. */
  remindAcceptedId?: string;
  /** Links of the current step's attempts whose SES answer was lost (a timeout): maybe delivered, so kept working. */
  remindKeptHashes?: Set<string>;
  /** The last reminder attempt that did not send: its step is not to be tried again before `remindRetryAt` (its back-off). */
  remindRetryStep?: string;
  remindRetryAt?: string;
  /** When a clerk's "Nhắc" / "Gửi lại" of this unit last started a run (shared/data/reminder-run-repo.ts startUnitRunOnce). */
  remindClickAt?: string;
  resendClickAt?: string;
}

/**
 * Pending mail, for the sweeper (shared/services/mail-sweep.ts): a recipient whose e-mail is not yet
 * sent or parked carries GSI2 keys `MAILDUE#<shard>` / `<due time>#<dispatchId>#<unitId>`, the time
 * by which its mail should have moved on (queued: enqueued and claimed; sending: the lease; retrying:
 * the back-off), plus a grace (MAIL_SWEEP_GRACE_SECONDS). Sent and failed recipients drop the keys, so the index holds only what
 * is pending (sparse) and the sweeper reads only what is overdue, never scanning the table. Eight shards
 * spread a 10,000-recipient dispatch over eight index partitions.
 */
export const MAIL_DUE_SHARDS = 8;
export const mailDuePk = (shard: number) => `MAILDUE#${shard}`;
function mailDueKeys(dispatchId: string, unitId: string, dueAt: string | number): { GSI2PK: string; GSI2SK: string } {
  const id = `${dispatchId}#${unitId}`;
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const graceMs = config().MAIL_SWEEP_GRACE_SECONDS * 1000;
  const due = new Date((typeof dueAt === 'string' ? Date.parse(dueAt) : dueAt) + graceMs).toISOString();
  return { GSI2PK: mailDuePk(h % MAIL_DUE_SHARDS), GSI2SK: `${due}#${id}` };
}
/** The dispatch and unit of a pending-mail index entry (its sort key). */
export function parseMailDue(sk: string): { dueAt: string; dispatchId: string; unitId: string } | undefined {
  const [dueAt, dispatchId, ...rest] = sk.split('#');
  return dueAt && dispatchId && rest.length ? { dueAt, dispatchId, unitId: rest.join('#') } : undefined;
}

function fromItem(item: Record<string, unknown>): RecipientRecord {
  // auditHead…: the copy of the unit's audit chain head (shared/data/audit.ts mirrorHead), not part of the record.
  const { PK: _pk, SK: _sk, type: _type, GSI2PK: _g1, GSI2SK: _g2, auditHeadSeq: _hs, auditHeadHash: _hh, ...rest } = item;
  return rest as unknown as RecipientRecord;
}

/** A recipient item read elsewhere (e.g. in a BatchGet with its dispatch) as a record. */
export const recipientFromItem = fromItem;

/** Creates the recipient records; a repeated run skips those that exist, so nobody is queued twice. */
export async function createRecipients(dispatchId: string, planned: readonly PlannedRecipient[], at: string, correlationId?: string): Promise<number> {
  let created = 0;
  // A queued recipient is due once the mail ahead of it could have gone out at the account's send rate
  // (plus the sweeper's grace): the n-th of a 10,000-recipient dispatch is not overdue after two minutes
  // just because SES takes twelve to reach it, and the sweeper does not enqueue the whole tail again.
  const rate = config().SES_MAX_SEND_RATE;
  const dueOf = (position: number) => Date.parse(at) + Math.floor((position / rate) * 1000);
  const queue = planned.map((p, position) => ({ p, position }));
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { p, position } = next;
      const record: RecipientRecord = { dispatchId, ...p, createdAt: at, mailStatus: p.delivery === 'paper' ? 'paper' : 'queued', mailAttempts: 0 };
      try {
        await db().send(
          new PutCommand({
            TableName: tableName(),
            Item: {
              ...keys.recipient(dispatchId, p.unitId),
              type: 'Recipient',
              ...record,
              ...(record.mailStatus === 'queued' ? mailDueKeys(dispatchId, p.unitId, dueOf(position)) : {}),
              // The dispatch's correlation id (shared/correlation.ts): its mail consumer logs under it.
              ...(correlationId ? { correlationId } : {}),
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        created++;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return created;
}

export async function getRecipient(dispatchId: string, unitId: string): Promise<RecipientRecord | undefined> {
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.recipient(dispatchId, unitId), ConsistentRead: true }),
  );
  return out.Item ? fromItem(out.Item) : undefined;
}

export async function listRecipients(dispatchId: string): Promise<RecipientRecord[]> {
  const items: RecipientRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :r)',
        ExpressionAttributeValues: { ':pk': keys.dispatch(dispatchId).PK, ':r': 'RECIPIENT#' },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []).map(fromItem));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** One page of a dispatch's recipients, in unit id order: what lists and tables show (no response grows with the dispatch). */
export async function listRecipientsPage(dispatchId: string, page: PageRequest): Promise<Page<RecipientRecord>> {
  const pk = keys.dispatch(dispatchId).PK;
  const out = await queryPage(
    { TableName: tableName(), KeyConditionExpression: 'PK = :pk AND begins_with(SK, :r)', ExpressionAttributeValues: { ':pk': pk, ':r': 'RECIPIENT#' } },
    ['PK', pk],
    page,
  );
  const items = out.items.map(fromItem);
  return out.cursor ? { items, cursor: out.cursor } : { items };
}

/**
 * Claims a recipient's email for sending and, in the same transaction, mints the link this attempt's
 * e-mail carries (only the hash is stored). Links of earlier attempts at the same step keep working:
 * one of them may have reached the unit when SES's answer was lost. Returns false when someone else
 * holds or finished the send, or when the recipient's back-off has not run out (`retryAt`), so a
 * redelivered or re-enqueued message never sends a second e-mail.
 */
export async function claimMail(args: {
  recipient: RecipientRecord;
  claimId: string;
  now: string;
  leaseUntil: string;
  tokenHash: string;
  tokenExpiresAt: string;
}): Promise<boolean> {
  const { recipient: r } = args;
  try {
    await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: keys.recipient(r.dispatchId, r.unitId),
          UpdateExpression:
            'SET mailStatus = :sending, mailClaim = :claim, leaseUntil = :lease, tokenHash = :hash, tokenExpiresAt = :exp, ' +
            'firstAttemptAt = if_not_exists(firstAttemptAt, :now), GSI2PK = :duePk, GSI2SK = :dueSk REMOVE retryAt ADD mailAttempts :one, linkHashes :hashes',
          ConditionExpression:
            '(mailStatus IN (:queued, :retrying) AND (attribute_not_exists(retryAt) OR retryAt <= :now)) OR (mailStatus = :sending AND leaseUntil < :now)',
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':queued': 'queued',
            ':retrying': 'retrying',
            ':claim': args.claimId,
            ':lease': args.leaseUntil,
            ':now': args.now,
            ':hash': args.tokenHash,
            ':hashes': new Set([args.tokenHash]),
            ...dueValues(r, args.leaseUntil),
            ':exp': args.tokenExpiresAt,
            ':one': 1,
          },
        },
      },
      {
        Put: {
          TableName: tableName(),
          Item: {
            ...keys.link(args.tokenHash),
            type: 'Link',
            dispatchId: r.dispatchId,
            unitId: r.unitId,
            expiresAt: Math.floor(Date.parse(args.tokenExpiresAt) / 1000),
            tokenExpiresAt: args.tokenExpiresAt,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ]);
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Records a sent email: the recipient, the dispatch's counter and the audit trail move together.
 * `head`: the unit's audit chain head as just read (readLetterItems); `attempts`: tries on a contended
 * counter shard (1: the caller has a fallback of its own). `refused`: the claim is no longer ours.
 */
export async function markMailSent(r: RecipientRecord, claimId: string, messageId: string, audit: AuditEvent, options: { head?: KnownHead; attempts?: number } = {}): Promise<'applied' | 'refused'> {
  // The message id is remembered (until the link expires) so SES delivery events find this recipient.
  const remember = r.tokenExpiresAt ? [messagePut(messageId, { dispatchId: r.dispatchId, unitId: r.unitId }, Math.floor(Date.parse(r.tokenExpiresAt) / 1000))] : [];
  return finishMail(r, claimId, 'sent', { mailMessageId: messageId, mailSentAt: audit.at }, 'mailSent', audit, remember, options);
}

/** Parks a recipient whose email could not be sent after the last attempt; clerks see it as failed. */
export async function markMailFailed(r: RecipientRecord, claimId: string, error: string, audit: AuditEvent): Promise<void> {
  await finishMail(r, claimId, 'failed', { mailLastError: error }, 'mailFailed', audit);
}

/**
 * Remembers that SES accepted the email, on the recipient alone (no contended item), before the
 * counters are touched: if recording the send then fails, the next attempt finds this and records
 * instead of sending again. Answers false when the claim is no longer ours.
 */
export async function rememberAccepted(r: RecipientRecord, claimId: string, messageId: string): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.recipient(r.dispatchId, r.unitId),
        UpdateExpression: 'SET mailAcceptedId = :id',
        ConditionExpression: 'mailStatus = :sending AND mailClaim = :claim',
        ExpressionAttributeValues: { ':id': messageId, ':sending': 'sending', ':claim': claimId },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

async function finishMail(
  r: RecipientRecord,
  claimId: string,
  status: 'sent' | 'failed',
  fields: Record<string, string>,
  counter: 'mailSent' | 'mailFailed',
  audit: AuditEvent,
  extra: TransactItem[] = [],
  options: { head?: KnownHead; attempts?: number } = {},
): Promise<'applied' | 'refused'> {
  const names = Object.keys(fields).map((f, i) => [`#x${i}`, f] as const);
  // Recipients of a dispatch add to its counters at about the same time: spread over the counter
  // shards, transactions collide less, and transactOnce retries those that do (TransactionConflict).
  // `refused` means our claim was taken over after the lease ran out: the other sender owns the outcome.
  return transactOnce([
    {
      Update: {
        TableName: tableName(),
        Key: keys.recipient(r.dispatchId, r.unitId),
        UpdateExpression: `SET mailStatus = :status, ${names.map(([n], i) => `${n} = :x${i}`).join(', ')} REMOVE mailClaim, leaseUntil, mailAcceptedId, retryAt, GSI2PK, GSI2SK`,
        ConditionExpression: 'mailStatus = :sending AND mailClaim = :claim',
        ExpressionAttributeNames: Object.fromEntries(names),
        ExpressionAttributeValues: {
          ':status': status,
          ':sending': 'sending',
          ':claim': claimId,
          ...Object.fromEntries(Object.values(fields).map((v, i) => [`:x${i}`, v])),
        },
      },
    },
    addToStats(r.dispatchId, r.unitId, { [counter]: 1 }),
    auditPut(keys.dispatch(r.dispatchId).PK, audit, recipientChain(r.unitId)),
    ...extra,
  ], options.attempts, options.head ? [options.head] : []);
}

/**
 * Between attempts: give up the claim so the next attempt can take it, not before `retryAt` (the
 * message's back-off), and keep the error visible. `failed`: SES did not accept the send (counted in
 * `mailFailures`), rather than no send slot being free.
 */
export async function releaseForRetry(r: RecipientRecord, claimId: string, error: string, retryAt: string, failed = false): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.recipient(r.dispatchId, r.unitId),
        UpdateExpression: `SET mailStatus = :retrying, mailLastError = :err, retryAt = :retryAt, GSI2PK = :duePk, GSI2SK = :dueSk REMOVE mailClaim, leaseUntil${failed ? ' ADD mailFailures :one' : ''}`,
        ConditionExpression: 'mailStatus = :sending AND mailClaim = :claim',
        ExpressionAttributeValues: { ':retrying': 'retrying', ':sending': 'sending', ':claim': claimId, ':err': error, ':retryAt': retryAt, ...dueValues(r, retryAt), ...(failed ? { ':one': 1 } : {}) },
      }),
    );
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
  }
}

const dueValues = (r: RecipientRecord, dueAt: string) => {
  const k = mailDueKeys(r.dispatchId, r.unitId, dueAt);
  return { ':duePk': k.GSI2PK, ':dueSk': k.GSI2SK };
};

/** One page of the pending-mail index entries of a shard that are overdue at `now` (keys only). */
export async function overdueMail(shard: number, now: Date, cursor?: Record<string, unknown>, limit = 500) {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :now',
      ExpressionAttributeValues: { ':pk': mailDuePk(shard), ':now': now.toISOString() },
      ProjectionExpression: 'GSI2SK',
      Limit: limit,
      ...(cursor ? { ExclusiveStartKey: cursor } : {}),
    }),
  );
  const items = (out.Items ?? []).map((i) => parseMailDue(String(i['GSI2SK']))).filter((x): x is NonNullable<typeof x> => !!x);
  return { items, cursor: out.LastEvaluatedKey };
}

/**
 * The writes that record, on an external recipient, the directory unit made of it (issue 9): put in the
 * unit's own transaction, so the unit and the record exist together or not at all. Refused (condition)
 * when the recipient is gone, is a directory unit, or was already made into one.
 */
export function promotionItems(dispatchId: string, recipientId: string, unitId: string, audit: AuditEvent): TransactItem[] {
  return [
    {
      Update: {
        TableName: tableName(),
        Key: keys.recipient(dispatchId, recipientId),
        UpdateExpression: 'SET promotedToUnitId = :unit, promotedAt = :at',
        ConditionExpression: 'attribute_exists(PK) AND #external = :true AND attribute_not_exists(promotedToUnitId)',
        ExpressionAttributeNames: { '#external': 'external' },
        ExpressionAttributeValues: { ':unit': unitId, ':at': audit.at, ':true': true },
      },
    },
    auditPut(keys.dispatch(dispatchId).PK, audit, recipientChain(recipientId)),
  ];
}
