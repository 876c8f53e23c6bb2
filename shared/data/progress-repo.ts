import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ReportItem } from '../domain/progress';
import { auditPut, type AuditEvent, type KnownHead } from './audit';
import { db, tableName } from './client';
import { keys, recipientChain } from './keys';
import { addToStats } from './stats-repo';
import { transactOnce, type TransactItem } from './transact';

/**
 * A recipient's steps (opened, acknowledged, reported, accounts requested). Each step updates the
 * recipient item and the dispatch's counters (the unit's counter shard, shared/data/stats-repo.ts) in one transaction, conditioned on the step not having
 * been taken, so a repeat or a concurrent duplicate changes nothing and the counters always equal a
 * recount of the recipients.
 */
/** A recipient's events chain on the recipient (not the dispatch's own chain): a thousand units acting at once do not contend for one head. */
const dispatchAudit = (dispatchId: string, unitId: string, audit: AuditEvent) => auditPut(keys.dispatch(dispatchId).PK, audit, recipientChain(unitId));

export async function recordOpened(dispatchId: string, unitId: string, at: string): Promise<boolean> {
  const outcome = await transactOnce([
    {
      Update: {
        TableName: tableName(),
        Key: keys.recipient(dispatchId, unitId),
        UpdateExpression: 'SET firstOpenedAt = :at',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(firstOpenedAt)',
        ExpressionAttributeValues: { ':at': at },
      },
    },
    addToStats(dispatchId, unitId, { opened: 1 }),
  ]);
  return outcome === 'applied';
}

export interface Acknowledgment {
  name: string;
  position: string;
}

/** Recorded once: false when the unit had already acknowledged (the caller shows that one). */
export async function recordAcknowledged(args: {
  dispatchId: string;
  unitId: string;
  by: Acknowledgment;
  at: string;
  completes: boolean;
  audit: AuditEvent;
  /** The unit's audit chain head, if the caller has just read it. */
  head?: KnownHead;
  /** An item the step must also write, or be cancelled (GuardRefused): the link's use count. */
  guard?: TransactItem;
}): Promise<boolean> {
  const outcome = await transactOnce(
    [
    {
      Update: {
        TableName: tableName(),
        Key: keys.recipient(args.dispatchId, args.unitId),
        UpdateExpression: 'SET acknowledgedAt = :at, acknowledgedBy = :by' + (args.completes ? ', completedAt = :at' : ''),
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(acknowledgedAt)',
        ExpressionAttributeValues: { ':at': args.at, ':by': args.by },
      },
    },
    addToStats(args.dispatchId, args.unitId, { acknowledged: 1, completed: args.completes ? 1 : 0 }),
    dispatchAudit(args.dispatchId, args.unitId, args.audit),
    ],
    undefined,
    args.head ? [args.head] : [],
    args.guard,
  );
  return outcome === 'applied';
}

export interface ReportVersion {
  dispatchId: string;
  unitId: string;
  version: number;
  items: ReportItem[];
  at: string;
  sourceIp?: string;
}

/**
 * Appends report version `version`, which must follow the recipient's current one. The first version
 * counts the unit as reported (and complete, when reporting is what completes it); corrections only
 * add a version. False when another version got there first.
 */
export async function recordReport(report: ReportVersion, args: { completes: boolean; audit: AuditEvent; head?: KnownHead; guard?: TransactItem }): Promise<boolean> {
  const first = report.version === 1;
  const outcome = await transactOnce(
    [
    {
      Put: {
        TableName: tableName(),
        Item: { ...keys.report(report.dispatchId, report.unitId, report.version), type: 'Report', ...report },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    {
      Update: {
        TableName: tableName(),
        Key: keys.recipient(report.dispatchId, report.unitId),
        UpdateExpression:
          'SET reportVersion = :v, reportedAt = :at, firstReportedAt = if_not_exists(firstReportedAt, :at)' +
          (first && args.completes ? ', completedAt = :at' : ''),
        ConditionExpression: first ? 'attribute_exists(PK) AND attribute_not_exists(reportVersion)' : 'reportVersion = :prev',
        ExpressionAttributeValues: { ':v': report.version, ':at': report.at, ...(first ? {} : { ':prev': report.version - 1 }) },
      },
    },
    ...(first ? [addToStats(report.dispatchId, report.unitId, { reported: 1, completed: args.completes ? 1 : 0 })] : []),
    dispatchAudit(report.dispatchId, report.unitId, args.audit),
    ],
    undefined,
    args.head ? [args.head] : [],
    args.guard,
  );
  return outcome === 'applied';
}

/** One version of a unit's report (strongly consistent), e.g. the latest, which the recipient names. */
export async function getReportVersion(dispatchId: string, unitId: string, version: number): Promise<ReportVersion | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.report(dispatchId, unitId, version), ConsistentRead: true }));
  if (!out.Item) return undefined;
  const { PK: _p, SK: _s, type: _t, ...rest } = out.Item;
  return rest as ReportVersion;
}

/** Every version of a unit's report, oldest first. */
export async function listReportVersions(dispatchId: string, unitId: string): Promise<ReportVersion[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
      ExpressionAttributeValues: { ':pk': keys.dispatch(dispatchId).PK, ':sk': `REPORT#${unitId}#` },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map(({ PK: _p, SK: _s, type: _t, ...rest }) => rest as ReportVersion);
}

/** The latest report version of every unit of a dispatch (one query over the dispatch's REPORT# items). */
export async function latestReports(dispatchId: string): Promise<Map<string, ReportVersion>> {
  const latest = new Map<string, ReportVersion>();
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': keys.dispatch(dispatchId).PK, ':sk': 'REPORT#' },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) {
      const { PK: _p, SK: _s, type: _t, ...rest } = item;
      const report = rest as ReportVersion;
      // Versions sort ascending within a unit, so the last one seen is the latest.
      latest.set(report.unitId, report);
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return latest;
}

