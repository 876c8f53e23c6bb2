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

/** A run's key (a reminder step's run, or one unit's run): read with its letter's other items in one BatchGet. */
export const runKey = (dispatchId: string, step: string, unitId?: string) => ({ PK: keys.dispatch(dispatchId).PK, SK: unitId ? `UNITRUN#${unitId}#${step}` : `REMINDRUN#${step}` });

/**
 * The stalled-run index (GSI2, sparse): a run whose enqueuing is not finished (a dispatch-wide run's
 * fan-out, or a unit's one letter) carries an entry keyed by when it last moved; the entry goes once
 * every letter is on the mail queue. The reminder sweeper (shared/services/reminder-sweep.ts) picks
 * up entries older than its grace: their enqueuing stopped (the function died, a message was lost).
 * One partition: runs are a few a day per dispatch, and an entry lives seconds while things work.
 */
export const RUN_DUE_PK = 'REMINDRUNDUE';
const runDueKeys = (dispatchId: string, sk: string, movedAt: string) => ({ GSI2PK: RUN_DUE_PK, GSI2SK: `${movedAt}#${dispatchId}#${sk}` });
const runDueSk = (dispatchId: string, sk: string, movedAt: string) => runDueKeys(dispatchId, sk, movedAt).GSI2SK;

export const runOf = (item: Record<string, unknown>): ReminderRun => ({
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
    ? { dispatchId, step, unitId, actor, ...(actorName ? { actorName } : {}), createdAt: at, fannedOut: false, queued: 1, sent: 0, failed: 0, skipped: 0 }
    : { dispatchId, step, actor, ...(actorName ? { actorName } : {}), createdAt: at, cursor: '', fannedOut: false, queued: 0, sent: 0, failed: 0, skipped: 0 };
  const key = runKey(dispatchId, step, unitId);
  try {
    await db().send(new PutCommand({ TableName: tableName(), Item: { ...key, ...runDueKeys(dispatchId, key.SK, at), type: 'ReminderRun', ...run }, ConditionExpression: 'attribute_not_exists(PK)' }));
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
export async function advanceFanout(dispatchId: string, step: string, from: string, next: string | undefined, queued: number, at = new Date().toISOString()): Promise<boolean> {
  const key = runKey(dispatchId, step);
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        // Moving on refreshes the run's stalled-run entry; the last page removes it.
        UpdateExpression: next === undefined ? 'SET fannedOut = :true ADD queued :n REMOVE #cursor, GSI2PK, GSI2SK' : 'SET #cursor = :next, GSI2SK = :moved ADD queued :n',
        ConditionExpression: '#cursor = :from',
        ExpressionAttributeNames: { '#cursor': 'cursor' },
        ExpressionAttributeValues: { ':from': from, ':n': queued, ...(next === undefined ? { ':true': true } : { ':next': next, ':moved': runDueSk(dispatchId, key.SK, at) }) },
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

/**
 * Every letter of the run is on the mail queue (a unit's run once its message is sent to the queue), or
 * there is nothing left to enqueue (a dispatch-wide run whose dispatch was recalled or closed): the run
 * leaves the stalled-run index. A unit's run answered `done` once its letter has an outcome.
 */
export async function markEnqueued(dispatchId: string, step: string, unitId?: string): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: runKey(dispatchId, step, unitId),
        UpdateExpression: 'SET fannedOut = :true REMOVE #cursor, GSI2PK, GSI2SK',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#cursor': 'cursor' },
        ExpressionAttributeValues: { ':true': true },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** A stalled-run index entry: which run, and when it last moved. */
export interface StalledRunEntry {
  dispatchId: string;
  /** The run item's sort key (REMINDRUN#… or UNITRUN#…). */
  sk: string;
  movedAt: string;
}

const parseRunDue = (sk: string): StalledRunEntry | undefined => {
  const [movedAt, dispatchId, ...rest] = sk.split('#');
  return movedAt && dispatchId && rest.length ? { movedAt, dispatchId, sk: rest.join('#') } : undefined;
};

/** One page of the runs whose enqueuing has not moved since `before` (keys only, oldest first). */
export async function stalledRuns(before: string, cursor?: Record<string, unknown>, limit = 100): Promise<{ items: StalledRunEntry[]; cursor?: Record<string, unknown> }> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :before',
      ExpressionAttributeValues: { ':pk': RUN_DUE_PK, ':before': before },
      ProjectionExpression: 'GSI2SK',
      Limit: limit,
      ...(cursor ? { ExclusiveStartKey: cursor } : {}),
    }),
  );
  const items = (out.Items ?? []).map((i) => parseRunDue(String(i['GSI2SK']))).filter((x): x is StalledRunEntry => !!x);
  return { items, ...(out.LastEvaluatedKey ? { cursor: out.LastEvaluatedKey } : {}) };
}

/** A run by its item's sort key, read consistently (the index may lag behind the item). */
export async function getRunByKey(dispatchId: string, sk: string): Promise<ReminderRun | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: { PK: keys.dispatch(dispatchId).PK, SK: sk }, ConsistentRead: true }));
  return out.Item ? runOf(out.Item) : undefined;
}

/**
 * The sweeper put the run's next letter or page on the queue again: its entry moves to `at`, so the
 * next sweep leaves it for a grace period. Only when the run has not moved meanwhile (same entry).
 */
export async function touchStalledRun(entry: StalledRunEntry, at: string): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { PK: keys.dispatch(entry.dispatchId).PK, SK: entry.sk },
        UpdateExpression: 'SET GSI2SK = :moved',
        ConditionExpression: 'GSI2SK = :was',
        ExpressionAttributeValues: { ':moved': runDueSk(entry.dispatchId, entry.sk, at), ':was': runDueSk(entry.dispatchId, entry.sk, entry.movedAt) },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
