import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, isConditionFailure, tableName } from './client';
import { keys } from './keys';
import { transactOnce, type TransactItem } from './transact';
import type { ReminderRun } from '../domain/reminders';

export type { ReminderRun } from '../domain/reminders';

/** A run's key (a reminder step's run, or one unit's run): read with its letter's other items in one BatchGet. */
export const runKey = (dispatchId: string, step: string, unitId?: string) => ({ PK: keys.dispatch(dispatchId).PK, SK: unitId ? `UNITRUN#${unitId}#${step}` : `REMINDRUN#${step}` });

/**
 * The stalled-run index (GSI2, sparse): a run that is not done (its fan-out, or a unit's one letter,
 * not yet all on the mail queue, or letters on the queue without an outcome yet) carries an entry keyed
 * by when it last moved; the reminder sweeper (shared/services/reminder-sweep.ts) removes it once the
 * run is done. It picks up entries older than its grace: their enqueuing stopped (the function died),
 * or a letter's message was lost from the queue (a purge, the local stand-in killed). One partition:
 * runs are a few a day per dispatch, and an entry lives minutes while things work.
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
  ...(typeof item['sweptTotal'] === 'number' ? { sweptTotal: item['sweptTotal'] } : {}),
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

/**
 * Starts a unit's run of one letter, unless the unit had a letter of the same kind started within
 * `windowMs` (false then, nothing written). One transaction: the run's item, and the recipient's
 * `<letter>ClickAt` set to `at` on condition that it is older than `at - windowMs`. Two clicks at the
 * same instant on either side of a minute's turn name two steps (the step is the minute), yet they
 * cannot both start: whichever commits first sets the time the other's condition refuses.
 */
export async function startUnitRunOnce(args: { dispatchId: string; unitId: string; step: string; letter: 'remind' | 'resend'; actor: string; actorName?: string; at: string; windowMs: number }): Promise<{ run: ReminderRun; created: boolean }> {
  const { dispatchId, unitId, step, at } = args;
  const run: ReminderRun = { dispatchId, step, unitId, actor: args.actor, ...(args.actorName ? { actorName: args.actorName } : {}), createdAt: at, fannedOut: false, queued: 1, sent: 0, failed: 0, skipped: 0 };
  const key = runKey(dispatchId, step, unitId);
  const since = new Date(Date.parse(at) - args.windowMs).toISOString();
  const outcome = await transactOnce([
    { Put: { TableName: tableName(), Item: { ...key, ...runDueKeys(dispatchId, key.SK, at), type: 'ReminderRun', ...run }, ConditionExpression: 'attribute_not_exists(PK)' } },
    {
      Update: {
        TableName: tableName(),
        Key: keys.recipient(dispatchId, unitId),
        UpdateExpression: 'SET #click = :at',
        ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(#click) OR #click <= :since)',
        ExpressionAttributeNames: { '#click': `${args.letter}ClickAt` },
        ExpressionAttributeValues: { ':at': at, ':since': since },
      },
    },
  ]);
  return { run, created: outcome === 'applied' };
}

export async function getRun(dispatchId: string, step: string, unitId?: string): Promise<ReminderRun | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: runKey(dispatchId, step, unitId), ConsistentRead: true }));
  return out.Item ? runOf(out.Item) : undefined;
}

/** The dispatch's latest runs, newest first (one query of its run items: a few a day at most). */
export async function latestRuns(dispatchId: string, limit = 5): Promise<ReminderRun[]> {
  const runs: ReminderRun[] = [];
  for await (const items of dispatchItemsUnder(dispatchId, 'REMINDRUN#')) runs.push(...items.map(runOf));
  return runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
}

/**
 * Moves the fan-out past one page and counts what it enqueued, only if the run still stands at that
 * page: a redelivered fan-out message counts nothing twice. False when the run had already moved on.
 */
export async function advanceFanout(dispatchId: string, step: string, from: string, next: string | undefined, queued: number | readonly string[], at = new Date().toISOString()): Promise<boolean> {
  const key = runKey(dispatchId, step);
  const unitIds = typeof queued === 'number' ? [] : queued;
  const n = typeof queued === 'number' ? queued : queued.length;
  const outcome = await transactOnce([
    {
      Update: {
        TableName: tableName(),
        Key: key,
        // Moving on refreshes the run's stalled-run entry; so does the last page (the entry stays until the run is done).
        UpdateExpression: next === undefined ? 'SET fannedOut = :true, GSI2SK = :moved ADD queued :n REMOVE #cursor' : 'SET #cursor = :next, GSI2SK = :moved ADD queued :n',
        ConditionExpression: '#cursor = :from',
        ExpressionAttributeNames: { '#cursor': 'cursor' },
        ExpressionAttributeValues: { ':from': from, ':n': n, ':moved': runDueSk(dispatchId, key.SK, at), ...(next === undefined ? { ':true': true } : { ':next': next }) },
      },
    },
    // Which units this page queued, so a letter lost from the queue can be found and queued again.
    ...(unitIds.length ? [{ Put: { TableName: tableName(), Item: { ...runPageKey(dispatchId, step, from), type: 'ReminderRunPage', unitIds: [...unitIds] } } }] : []),
  ]);
  return outcome === 'applied';
}

/** A fan-out page's record: the units it put a reminder on the queue for (at most a page, 100 ids). */
const runPageKey = (dispatchId: string, step: string, from: string) => ({
  PK: keys.dispatch(dispatchId).PK,
  SK: `REMINDPAGE#${step}#${createHash('sha256').update(from).digest('hex').slice(0, 24)}`,
});

/** The units a dispatch-wide run put a reminder on the queue for, page by page (its fan-out's records). */
export async function* queuedUnitsOfRun(dispatchId: string, step: string): AsyncGenerator<string[]> {
  for await (const items of dispatchItemsUnder(dispatchId, `REMINDPAGE#${step}#`, { projection: 'unitIds', consistentRead: true })) {
    for (const item of items) yield (item['unitIds'] as string[] | undefined) ?? [];
  }
}

/** The dispatch partition's items under one sort-key prefix, a query page at a time. */
async function* dispatchItemsUnder(dispatchId: string, prefix: string, options: { projection?: string; consistentRead?: boolean } = {}): AsyncGenerator<Record<string, unknown>[]> {
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.dispatch(dispatchId).PK, ':prefix': prefix },
        ...(options.projection ? { ProjectionExpression: options.projection } : {}),
        ...(options.consistentRead ? { ConsistentRead: true } : {}),
        ExclusiveStartKey: start,
      }),
    );
    yield out.Items ?? [];
    start = out.LastEvaluatedKey;
  } while (start);
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
 * there is nothing left to enqueue (a dispatch-wide run whose dispatch was recalled or closed). The run
 * keeps its stalled-run entry (moved to now) until the sweeper finds it done. A run already out of the
 * index (done, or made before it kept its entry) is left as it is.
 */
export async function markEnqueued(dispatchId: string, step: string, unitId?: string, at = new Date().toISOString()): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: runKey(dispatchId, step, unitId),
        // The stalled-run entry stays, refreshed, until the run is done (its letter may still be lost from the queue).
        UpdateExpression: 'SET fannedOut = :true, GSI2SK = :moved REMOVE #cursor',
        ConditionExpression: 'attribute_exists(PK) AND attribute_exists(GSI2PK)',
        ExpressionAttributeNames: { '#cursor': 'cursor' },
        ExpressionAttributeValues: { ':true': true, ':moved': runDueSk(dispatchId, runKey(dispatchId, step, unitId).SK, at) },
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
export async function touchStalledRun(entry: StalledRunEntry, at: string, sweptTotal?: number): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { PK: keys.dispatch(entry.dispatchId).PK, SK: entry.sk },
        UpdateExpression: `SET GSI2SK = :moved${sweptTotal === undefined ? '' : ', sweptTotal = :total'}`,
        ConditionExpression: 'GSI2SK = :was',
        ExpressionAttributeValues: { ':moved': runDueSk(entry.dispatchId, entry.sk, at), ':was': runDueSk(entry.dispatchId, entry.sk, entry.movedAt), ...(sweptTotal === undefined ? {} : { ':total': sweptTotal }) },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** The run is done: it leaves the stalled-run index (only if its entry is still the one the sweeper read). */
export async function clearStalledRun(entry: StalledRunEntry): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { PK: keys.dispatch(entry.dispatchId).PK, SK: entry.sk },
        UpdateExpression: 'REMOVE GSI2PK, GSI2SK',
        ConditionExpression: 'GSI2SK = :was',
        ExpressionAttributeValues: { ':was': runDueSk(entry.dispatchId, entry.sk, entry.movedAt) },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
