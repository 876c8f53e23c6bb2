import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AccountAction } from '../domain/accounts';
import { auditPut, type AuditEvent } from './audit';
import { db, isConditionFailure, tableName } from './client';
import { keys, listKeys, recipientChain } from './keys';
import { tableItemsOf } from './index-items';
import { queryPage, type Page, type PageRequest } from './page';
import { addToStats } from './stats-repo';
import { transactOnce, type TransactItem } from './transact';

/**
 * A unit's request to the IT Department to reset leaked accounts and revoke unused ones: its own item
 * with one status per account. Passwords never appear here; the IT Department acts in its own systems.
 */
export type AccountOutcome = 'reset' | 'revoked' | 'rejected';
export type AccountStatus = 'pending' | AccountOutcome;
export type ResetRequestStatus = 'open' | 'completed';

export interface RequestedAccount {
  email: string;
  action: AccountAction;
  status: AccountStatus;
  reason?: string;
  doneAt?: string;
  doneBy?: string;
}

export interface ResetRequestRecord {
  id: string;
  dispatchId: string;
  dispatchSymbol: string;
  unitId: string;
  unitName: string;
  unitEmail: string;
  /** Who submitted it for the unit (name and position typed on the link page). */
  contact: { name: string; position: string };
  createdAt: string;
  /** The dispatch's deadline, which the IT Department's queue sorts and warns by. */
  dueDate?: string;
  status: ResetRequestStatus;
  accounts: RequestedAccount[];
  total: number;
  doneCount: number;
  completedAt?: string;
  /** The request as a letter of the unit: rendered off the request path. */
  pdfStatus: 'pending' | 'done';
  pdfKey?: string;
  pdfSha256?: string;
  completionMailClaim?: string;
  completionMailSentAt?: string;
}

const indexKeys = (r: Pick<ResetRequestRecord, 'id' | 'createdAt' | 'status'>) => ({
  GSI1PK: listKeys.resetRequests,
  GSI1SK: `${r.createdAt}#${r.id}`,
  GSI2PK: listKeys.resetRequestState(r.status),
  GSI2SK: `${r.createdAt}#${r.id}`,
});

function fromItem(item: Record<string, unknown>): ResetRequestRecord {
  const { PK: _p, SK: _s, type: _t, GSI1PK: _a, GSI1SK: _b, GSI2PK: _c, GSI2SK: _d, ...rest } = item;
  return rest as unknown as ResetRequestRecord;
}

/**
 * Creates the request, links it to the recipient and counts it on the dispatch, in one transaction
 * that a unit can win only once per dispatch. False when the unit already has a request.
 */
export async function createResetRequest(request: ResetRequestRecord, audit: AuditEvent): Promise<boolean> {
  const outcome = await transactOnce([
    {
      Put: {
        TableName: tableName(),
        Item: { ...keys.resetRequest(request.id), type: 'ResetRequest', ...indexKeys(request), ...request },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: keys.recipient(request.dispatchId, request.unitId),
        UpdateExpression: 'SET resetRequestId = :id, accountsRequestedAt = :at, accountsRequested = :n, accountsDone = :zero',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(resetRequestId)',
        ExpressionAttributeValues: { ':id': request.id, ':at': request.createdAt, ':n': request.total, ':zero': 0 },
      },
    },
    addToStats(request.dispatchId, request.unitId, { resetRequests: 1, accountsRequested: request.total }),
    auditPut(keys.dispatch(request.dispatchId).PK, audit, recipientChain(request.unitId)),
    auditPut(keys.resetRequest(request.id).PK, audit),
  ]);
  return outcome === 'applied';
}

export async function getResetRequest(id: string): Promise<ResetRequestRecord | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.resetRequest(id), ConsistentRead: true }));
  return out.Item ? fromItem(out.Item) : undefined;
}

/**
 * Records the IT Department's outcome for one account. Conditioned on the account still pending and
 * on the request's done count the caller saw, so two people acting at once cannot both complete it;
 * the last account completes the request, the recipient and the dispatch's counters move with it.
 */
export async function recordAccountOutcome(args: {
  request: ResetRequestRecord;
  index: number;
  outcome: AccountOutcome;
  reason?: string;
  at: string;
  by: string;
  audit: AuditEvent;
}): Promise<boolean> {
  const { request: r, index: i } = args;
  const completes = r.doneCount + 1 === r.total;
  const set = [`accounts[${i}].#status = :outcome`, `accounts[${i}].doneAt = :at`, `accounts[${i}].doneBy = :by`, 'doneCount = :next'];
  if (args.reason) set.push(`accounts[${i}].reason = :reason`);
  if (completes) set.push('#reqStatus = :completed', 'completedAt = :at', 'GSI2PK = :gsi2');
  const items: TransactItem[] = [
    {
      Update: {
        TableName: tableName(),
        Key: keys.resetRequest(r.id),
        UpdateExpression: `SET ${set.join(', ')}`,
        ConditionExpression: `accounts[${i}].#status = :pending AND accounts[${i}].email = :email AND doneCount = :prev`,
        ExpressionAttributeNames: { '#status': 'status', ...(completes ? { '#reqStatus': 'status' } : {}) },
        ExpressionAttributeValues: {
          ':outcome': args.outcome,
          ':at': args.at,
          ':by': args.by,
          ':next': r.doneCount + 1,
          ':prev': r.doneCount,
          ':pending': 'pending',
          ':email': r.accounts[i]!.email,
          ...(args.reason ? { ':reason': args.reason } : {}),
          ...(completes ? { ':completed': 'completed', ':gsi2': listKeys.resetRequestState('completed') } : {}),
        },
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: keys.recipient(r.dispatchId, r.unitId),
        UpdateExpression: 'ADD accountsDone :one' + (completes ? ' SET accountsCompletedAt = :at' : ''),
        ConditionExpression: 'resetRequestId = :id',
        ExpressionAttributeValues: { ':one': 1, ':id': r.id, ...(completes ? { ':at': args.at } : {}) },
      },
    },
    addToStats(r.dispatchId, r.unitId, { accountsDone: 1, resetRequestsCompleted: completes ? 1 : 0 }),
    auditPut(keys.resetRequest(r.id).PK, args.audit),
    auditPut(keys.dispatch(r.dispatchId).PK, args.audit, recipientChain(r.unitId)),
  ];
  return (await transactOnce(items)) === 'applied';
}

export interface ResetRequestFilter {
  status?: ResetRequestStatus;
  unitId?: string;
  dispatchId?: string;
}

/**
 * The IT Department's queue, oldest first: by status through GSI2, else all through GSI1. Unit and
 * dispatch narrow the page server-side (the queue holds one request per unit and dispatch at most), so
 * a filtered page may hold fewer than `limit` requests; its cursor still continues where it stopped.
 */
export async function listResetRequests(filter: ResetRequestFilter, page: PageRequest): Promise<Page<ResetRequestRecord>> {
  const byStatus = !!filter.status;
  const [index, attribute] = byStatus ? (['GSI2', 'GSI2PK'] as const) : (['GSI1', 'GSI1PK'] as const);
  const pk = byStatus ? listKeys.resetRequestState(filter.status!) : listKeys.resetRequests;
  const conditions: string[] = [];
  const values: Record<string, unknown> = { ':pk': pk };
  if (filter.unitId) {
    conditions.push('unitId = :unit');
    values[':unit'] = filter.unitId;
  }
  if (filter.dispatchId) {
    conditions.push('dispatchId = :dispatch');
    values[':dispatch'] = filter.dispatchId;
  }
  const out = await queryPage(
    {
      TableName: tableName(),
      IndexName: index,
      KeyConditionExpression: `${attribute} = :pk`,
      ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
      ExpressionAttributeValues: values,
    },
    [attribute, pk],
    page,
  );
  // GSI2 projects keys and filter attributes only (shared/data/table.ts): a status's requests come from the table.
  const items = (byStatus ? await tableItemsOf(out.items, (item) => item['GSI2PK'] === pk) : out.items).map(fromItem);
  return out.cursor ? { items, cursor: out.cursor } : { items };
}

export async function setResetRequestPdf(id: string, pdfKey: string, pdfSha256: string): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.resetRequest(id),
      UpdateExpression: 'SET pdfStatus = :done, pdfKey = :key, pdfSha256 = :sha',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':done': 'done', ':key': pdfKey, ':sha': pdfSha256 },
    }),
  );
}

/** Claims the completion email so a redelivered stream record never sends it twice. */
export async function claimCompletionMail(id: string, claim: string): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.resetRequest(id),
        UpdateExpression: 'SET completionMailClaim = :c',
        ConditionExpression: '#s = :completed AND attribute_not_exists(completionMailClaim)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':c': claim, ':completed': 'completed' },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function finishCompletionMail(id: string, claim: string, sentAt: string | null): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.resetRequest(id),
      // A failed send gives the claim back so the stream's retry can try again.
      UpdateExpression: sentAt ? 'SET completionMailSentAt = :at' : 'REMOVE completionMailClaim',
      ConditionExpression: 'completionMailClaim = :c',
      ExpressionAttributeValues: { ':c': claim, ...(sentAt ? { ':at': sentAt } : {}) },
    }),
  );
}

/** The unit's completion e-mail went out through the mail queue (shared/services/queued-notices.ts): recorded once. */
export async function markCompletionMailSent(id: string, sentAt: string): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.resetRequest(id),
      UpdateExpression: 'SET completionMailSentAt = if_not_exists(completionMailSentAt, :at)',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':at': sentAt },
    }),
  ).catch((error: unknown) => {
    if (!isConditionFailure(error)) throw error;
  });
}
