import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { auditPut, type AuditEvent } from './audit';
import { db, isConditionFailure, tableName } from './client';
import { decodeCursor, encodeCursor } from './cursor';
import { keys, OPEN_DISPATCHES } from './keys';
import { transactOnce, type TransactItem } from './transact';

/**
 * The open set of dispatches: a sparse partition of small items (id and closing time, nothing else),
 * one per issued dispatch that has not closed. Issue puts the item in the numbering transaction;
 * closing and recall delete it. The reminder job walks this partition page by page instead of every
 * dispatch ever issued, and the closing job finds the ones whose time has come in it.
 */
export interface OpenDispatch {
  dispatchId: string;
  /** When it closes: its links' expiry (last due date or issue date, plus the grace period). */
  closesAt: string;
}

export const openDispatchPut = (open: OpenDispatch): TransactItem => ({
  Put: { TableName: tableName(), Item: { ...keys.openDispatch(open.dispatchId), type: 'OpenDispatch', ...open } },
});

export const openDispatchDelete = (dispatchId: string): TransactItem => ({
  Delete: { TableName: tableName(), Key: keys.openDispatch(dispatchId) },
});

/** One page of the open set, in dispatch id order; `cursor` continues where it ended. */
export async function listOpenDispatches(page: { limit: number; cursor?: string }): Promise<{ items: OpenDispatch[]; cursor?: string }> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': OPEN_DISPATCHES },
      Limit: page.limit,
      ExclusiveStartKey: decodeCursor(page.cursor, ['PK', OPEN_DISPATCHES]),
    }),
  );
  const items = (out.Items ?? []).map((i) => ({ dispatchId: String(i['dispatchId']), closesAt: String(i['closesAt']) }));
  const cursor = encodeCursor(out.LastEvaluatedKey);
  return cursor ? { items, cursor } : { items };
}

/** Puts a dispatch into the open set unless it is there (the one-off adoption of dispatches issued before the set existed). */
export async function adoptOpenDispatch(open: OpenDispatch): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.openDispatch(open.dispatchId), type: 'OpenDispatch', ...open },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Closes (archives) an issued dispatch: `closedAt` on the dispatch, its open-set item deleted and the
 * audit event, in one transaction. False when it is closed already or no longer issued (recalled), so
 * a repeated run changes nothing. The dispatch's version does not move: closing is not a person's act
 * and must not turn a clerk's next call into a conflict.
 */
export async function closeDispatch(dispatchId: string, audit: AuditEvent): Promise<boolean> {
  const key = keys.dispatch(dispatchId);
  // transactOnce retries a transaction cancelled by a concurrent one (a unit's counters move on the same item).
  const outcome = await transactOnce([
    {
      Update: {
        TableName: tableName(),
        Key: key,
        UpdateExpression: 'SET closedAt = :at',
        ConditionExpression: '#state = :issued AND attribute_not_exists(closedAt)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':at': audit.at, ':issued': 'issued' },
      },
    },
    openDispatchDelete(dispatchId),
    auditPut(key.PK, audit),
  ]);
  return outcome === 'applied';
}

/** Removes a dispatch that is no longer issued (recalled before the set knew of recalls) from the open set. */
export async function dropOpenDispatch(dispatchId: string): Promise<void> {
  await db().send(new DeleteCommand({ TableName: tableName(), Key: keys.openDispatch(dispatchId) }));
}
