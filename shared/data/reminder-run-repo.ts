import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, isConditionFailure, tableName } from './client';
import { keys } from './keys';
import type { TransactItem } from './transact';

/**
 * One "remind all" (a clerk's click or the daily job's step) of a dispatch: who asked, when, and how far
 * the fan-out and the mail got. Keyed by the reminder step, under the dispatch: a second click within
 * the same minute (same step) finds this run instead of starting another.
 */
export interface ReminderRun {
  dispatchId: string;
  step: string;
  /**
   * A clerk's "remind" or "resend link" of one unit: a run of one letter, keyed under the unit
   * (UNITRUN#…), apart from the dispatch-wide runs the page's "reminder run" card follows.
   */
  unitId?: string;
  actor: string;
  /** Who asked, by name, for the page (people's runs; the scheduled job's have none). */
  actorName?: string;
  createdAt: string;
  /** The recipient page the fan-out continues from ('' = the first); unset once every page is enqueued. */
  cursor?: string;
  /** Every recipient page has been looked at (each laggard's reminder is on the mail queue). */
  fannedOut: boolean;
  queued: number;
  sent: number;
  failed: number;
  skipped: number;
}

const runKey = (dispatchId: string, step: string, unitId?: string) => ({ PK: keys.dispatch(dispatchId).PK, SK: unitId ? `UNITRUN#${unitId}#${step}` : `REMINDRUN#${step}` });

const runOf = (item: Record<string, unknown>): ReminderRun => ({
  dispatchId: String(item['dispatchId']),
  step: String(item['step']),
  ...(typeof item['unitId'] === 'string' ? { unitId: item['unitId'] } : {}),
  actor: String(item['actor']),
  ...(typeof item['actorName'] === 'string' ? { actorName: item['actorName'] } : {}),
  createdAt: String(item['createdAt']),
  ...(typeof item['cursor'] === 'string' ? { cursor: item['cursor'] } : {}),
  fannedOut: item['fannedOut'] === true,
  queued: Number(item['queued'] ?? 0),
  sent: Number(item['sent'] ?? 0),
  failed: Number(item['failed'] ?? 0),
  skipped: Number(item['skipped'] ?? 0),
});

/** Every queued reminder has an outcome (sent, failed or skipped) and no page is left to fan out. */
export const runDone = (run: ReminderRun) => run.fannedOut && run.sent + run.failed + run.skipped >= run.queued;

/**
 * Starts the run of a step, or answers the one already started (created: false). A unit's run
 * (`unitId`) has its one letter counted as queued from the start: there is nothing to fan out.
 */
export async function startRun(dispatchId: string, step: string, actor: string, at: string, actorName?: string, unitId?: string): Promise<{ run: ReminderRun; created: boolean }> {
  const run: ReminderRun = unitId
    ? { dispatchId, step, unitId, actor, ...(actorName ? { actorName } : {}), createdAt: at, fannedOut: true, queued: 1, sent: 0, failed: 0, skipped: 0 }
    : { dispatchId, step, actor, ...(actorName ? { actorName } : {}), createdAt: at, cursor: '', fannedOut: false, queued: 0, sent: 0, failed: 0, skipped: 0 };
  try {
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...runKey(dispatchId, step, unitId), type: 'ReminderRun', ...run }, ConditionExpression: 'attribute_not_exists(PK)' }));
    return { run, created: true };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  return { run: (await getRun(dispatchId, step, unitId))!, created: false };
}

export async function getRun(dispatchId: string, step: string, unitId?: string): Promise<ReminderRun | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: runKey(dispatchId, step, unitId), ConsistentRead: true }));
  return out.Item ? runOf(out.Item) : undefined;
}

/** The dispatch's latest runs, newest first (one query of its run items: a few a day at most). */
export async function latestRuns(dispatchId: string, limit = 5): Promise<ReminderRun[]> {
  const runs: ReminderRun[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.dispatch(dispatchId).PK, ':prefix': 'REMINDRUN#' },
        ExclusiveStartKey: start,
      }),
    );
    runs.push(...(out.Items ?? []).map(runOf));
    start = out.LastEvaluatedKey;
  } while (start);
  return runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
}

/**
 * Moves the fan-out past one page and counts what it enqueued, only if the run still stands at that
 * page: a redelivered fan-out message counts nothing twice. False when the run had already moved on.
 */
export async function advanceFanout(dispatchId: string, step: string, from: string, next: string | undefined, queued: number): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: runKey(dispatchId, step),
        UpdateExpression: next === undefined ? 'SET fannedOut = :true ADD queued :n REMOVE #cursor' : 'SET #cursor = :next ADD queued :n',
        ConditionExpression: '#cursor = :from',
        ExpressionAttributeNames: { '#cursor': 'cursor' },
        ExpressionAttributeValues: { ':from': from, ':n': queued, ...(next === undefined ? { ':true': true } : { ':next': next }) },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Counts one unit's outcome on its run, inside the transaction that records that outcome (once per unit and step). */
export function countOnRun(dispatchId: string, step: string, outcome: 'sent' | 'failed' | 'skipped', unitId?: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: runKey(dispatchId, step, unitId),
      UpdateExpression: 'ADD #n :one',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#n': outcome },
      ExpressionAttributeValues: { ':one': 1 },
    },
  };
}

/**
 * A unit's run whose step was done by other means first (the same minute's "remind all" reached the
 * unit before it): its one letter counts as skipped, once, whichever copy of its message comes.
 */
export async function countUnitRunSkipped(dispatchId: string, step: string, unitId: string): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: runKey(dispatchId, step, unitId),
        UpdateExpression: 'ADD skipped :one',
        ConditionExpression: 'attribute_exists(PK) AND sent = :zero AND failed = :zero AND skipped = :zero',
        ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
