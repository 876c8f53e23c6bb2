import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DispatchRecord, RegisterEntry } from '../domain/dispatch-record';
import { raceLost, type DispatchAction } from '../domain/lifecycle';
import { vietnamDate } from '../domain/time';
import { dispatchMatches, dispatchSearchText, firstDueDate, isNarrowed, registerMatches, registerSearchText, type ListSearch, type SearchableDispatch } from '../domain/list-search';
import type { DispatchContent, DispatchState } from '../schemas/dispatch';
import { auditPut, transactWrite, type AuditEvent } from './audit';
import { cancellationCodes, db, isConditionFailure, isTransactionConflict, tableName } from './client';
import { decodeCursor, encodeCursor } from './cursor';
import { tableItemsOf } from './index-items';
import { openDispatchPut } from './open-dispatch-repo';
import { queryPage, type Page, type PageRequest } from './page';
import { keys, listKeys, META } from './keys';
import { dispatchSearchFilter, registerSearchFilter, SEARCH_TEXT, sortKeyRange } from './list-search-filters';
import { filterInput, gsi1KeyOf, searchPage, tableKeyOf } from './search-query';
import { isStatsItem, readStatsShards, setStats, sumStats, type DispatchStats } from './stats-repo';

export type { DeliveryStatus, DispatchRecord, DispatchStats, RegisterEntry } from '../domain/dispatch-record';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const STORED_FIELDS = 'type, PK, SK, GSI1PK, GSI1SK, GSI2PK, GSI2SK, stats, searchText, dueFirst';

/**
 * The pre-folded fields a search filters on (issue 14), written with the content they come from: at
 * create, at each edit, and at issue (the number, and the register's "Nơi nhận" line naming the units).
 */
const searchFields = (d: SearchableDispatch, recipientsLine?: string) => ({
  [SEARCH_TEXT]: dispatchSearchText(d, recipientsLine),
  dueFirst: firstDueDate(d),
});

function fromItem(item: Record<string, unknown>, shards: readonly Record<string, unknown>[]): DispatchRecord {
  const record = { ...item } as Record<string, unknown>;
  for (const field of STORED_FIELDS.split(', ')) delete record[field];
  record['stats'] = sumStats(item['stats'] as Partial<DispatchStats> | undefined, shards);
  return record as unknown as DispatchRecord;
}

/** The dispatch item as stored: everything but the counters, which it never carries. */
const storedItem = (record: DispatchRecord) => {
  const { stats: _stats, ...rest } = record;
  return rest;
};

const indexKeys = (r: Pick<DispatchRecord, 'id' | 'state' | 'createdAt' | 'agencyCode'>) => ({
  GSI1PK: listKeys.dispatches(r.agencyCode),
  GSI1SK: `${r.createdAt}#${r.id}`,
  GSI2PK: listKeys.dispatchState(r.state),
  GSI2SK: `${r.createdAt}#${r.id}`,
});

const citationPuts = (dispatchId: string, directiveIds: readonly string[], at: string): TransactItem[] =>
  directiveIds.map((directiveId) => ({
    Put: { TableName: tableName(), Item: { ...keys.citation(directiveId, dispatchId), type: 'Citation', dispatchId, directiveId, at } },
  }));

const citationDeletes = (dispatchId: string, directiveIds: readonly string[]): TransactItem[] =>
  directiveIds.map((directiveId) => ({ Delete: { TableName: tableName(), Key: keys.citation(directiveId, dispatchId) } }));

/**
 * An Update that SETs only the given fields. Transitions use it rather than a whole-item Put so they never
 * overwrite counters that event consumers keep on the same item (stats.*).
 */
function setOnly(fields: Record<string, unknown>) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const parts = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([field, value], i) => {
      names[`#f${i}`] = field;
      values[`:f${i}`] = value;
      return `#f${i} = :f${i}`;
    });
  return { UpdateExpression: `SET ${parts.join(', ')}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}

function conditionalUpdate(id: string, fields: Record<string, unknown>, state: DispatchState, version: number) {
  const update = setOnly(fields);
  return {
    Update: {
      TableName: tableName(),
      Key: keys.dispatch(id),
      UpdateExpression: update.UpdateExpression,
      ConditionExpression: '#state = :expectedState AND #version = :expectedVersion',
      ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#state': 'state', '#version': 'version' },
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':expectedState': state, ':expectedVersion': version },
    },
  };
}

export async function createDispatch(record: DispatchRecord, audit: AuditEvent): Promise<void> {
  const pk = keys.dispatch(record.id);
  await transactWrite([
    {
      Put: {
        TableName: tableName(),
        Item: { ...pk, type: 'Dispatch', ...indexKeys(record), ...searchFields(record), ...storedItem(record) },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    ...citationPuts(record.id, record.content.citations, record.createdAt),
    auditPut(pk.PK, audit),
  ]);
}

/**
 * The dispatch with its counters, in one strongly consistent query: the counter items sort right after
 * META (`META#STATS#nn`), so the query reads a few small items more, never the recipients.
 */
export async function getDispatch(id: string): Promise<DispatchRecord | undefined> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :meta)',
      ExpressionAttributeValues: { ':pk': keys.dispatch(id).PK, ':meta': META },
      ConsistentRead: true,
    }),
  );
  const items = out.Items ?? [];
  const item = items.find((i) => i['SK'] === META);
  return item ? fromItem(item, items.filter(isStatsItem)) : undefined;
}

/** A dispatch item read without its counters (e.g. in a BatchGet with other items, for what needs no counters). */
export function dispatchFromItem(item: Record<string, unknown>): Omit<DispatchRecord, 'stats'> {
  const { stats: _stats, ...record } = fromItem(item, []);
  return record;
}

/** The dispatch whose issued PDF has this SHA-256, if any. */
export async function findDispatchIdByPdfHash(sha256: string): Promise<string | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.issuedPdf(sha256) }));
  const id = out.Item?.['dispatchId'];
  return typeof id === 'string' ? id : undefined;
}

/**
 * Applies a lifecycle decision: one transaction that changes the dispatch only if it is still in the
 * state and version the decision was made on, and appends the audit event.
 */
export async function applyTransition(args: {
  current: DispatchRecord;
  action: DispatchAction;
  to: DispatchState;
  set: Partial<DispatchRecord>;
  audit: AuditEvent;
  /** Extra items written in the same transaction (e.g. citation links on edit). */
  extra?: TransactItem[];
  /** Fields of the item that are not part of the record (e.g. its search fields), set with the change. */
  stored?: Record<string, unknown>;
}): Promise<DispatchRecord> {
  const { current, action, to, set, audit, extra = [], stored = {} } = args;
  const changes = { ...set, state: to, version: current.version + 1, lastAction: action, updatedAt: audit.at };
  const next: DispatchRecord = { ...current, ...changes };
  const pk = keys.dispatch(current.id);
  try {
    await transactWrite([
      conditionalUpdate(current.id, { ...changes, GSI2PK: indexKeys(next).GSI2PK, ...stored }, current.state, current.version),
      ...extra,
      auditPut(pk.PK, audit),
    ]);
  } catch (error) {
    // A conflicting transaction on the same dispatch is a concurrent change too: "try again", not a 500.
    if (isConditionFailure(error) || isTransactionConflict(error)) throw raceLost();
    throw error;
  }
  return next;
}

/** Edit of a draft: the same conditional write, and the citation links follow the new content. */
export function editDraft(current: DispatchRecord, content: DispatchContent, contentHash: string, drafters: string[], audit: AuditEvent) {
  const before = new Set(current.content.citations);
  const after = new Set(content.citations);
  const removed = [...before].filter((id) => !after.has(id));
  const added = [...after].filter((id) => !before.has(id));
  return applyTransition({
    current,
    action: 'edit',
    to: 'draft',
    set: { content, contentHash, drafters },
    audit,
    extra: [...citationDeletes(current.id, removed), ...citationPuts(current.id, added, audit.at)],
    stored: searchFields({ ...current, content }),
  });
}


const ISSUE_ATTEMPTS = 400;

/**
 * Issues a signed dispatch under the next number of its issuer's register for the year.
 *
 * Taking the number and recording the issue are ONE transaction: the register counter moves from `n-1`
 * to `n` only if the dispatch moves from (signed, version) to issued with number `n` and the register
 * row `n` is created. So a call that fails anywhere leaves no gap, and two calls never share a number.
 * Losing the race for the counter (someone else took `n`) just means trying again with `n+1`.
 */
export async function issueWithNextNumber(args: {
  current: DispatchRecord;
  year: number;
  issuedOn: string;
  symbolFor: (n: number) => string;
  registerEntry: (n: number, symbol: string) => RegisterEntry;
  audit: (n: number, symbol: string) => AuditEvent;
  /** The clerk who numbers and issues it. */
  issuedBy: { userId: string; name: string };
  /** When it will close (its links' expiry): it joins the open set in the same transaction. */
  closesAt: string;
  /** The issue request's id, kept on the dispatch so its stream consumers log under it (shared/correlation.ts). */
  correlationId?: string | undefined;
}): Promise<DispatchRecord> {
  const { current, year } = args;
  // The agency's own register: a dispatch is numbered only in the register of the agency it belongs to.
  const issuerCode = current.agencyCode;
  const counterKey = keys.registerCounter(issuerCode, year);
  const pk = keys.dispatch(current.id);

  for (let attempt = 1; attempt <= ISSUE_ATTEMPTS; attempt++) {
    const counter = await db().send(new GetCommand({ TableName: tableName(), Key: counterKey, ConsistentRead: true }));
    const last = Number(counter.Item?.['last'] ?? 0);
    const n = last + 1;
    const symbol = args.symbolFor(n);
    const audit = args.audit(n, symbol);
    const changes = {
      state: 'issued' as const,
      version: current.version + 1,
      lastAction: 'issue' as const,
      updatedAt: audit.at,
      number: n,
      symbol,
      issuedOn: args.issuedOn,
      issuedAt: audit.at,
      issuedBy: args.issuedBy.userId,
      issuedByName: args.issuedBy.name,
      registerYear: year,
      deliveryStatus: 'pending' as const,
      ...(args.correlationId ? { correlationId: args.correlationId } : {}),
    };
    const next: DispatchRecord = { ...current, ...changes };
    const entry = args.registerEntry(n, symbol);
    try {
      await transactWrite([
        {
          Update: {
            TableName: tableName(),
            Key: counterKey,
            UpdateExpression: 'SET #last = :n, #type = :type',
            ConditionExpression: last === 0 ? 'attribute_not_exists(PK)' : '#last = :last',
            ExpressionAttributeNames: { '#last': 'last', '#type': 'type' },
            ExpressionAttributeValues: { ':n': n, ':type': 'RegisterCounter', ...(last === 0 ? {} : { ':last': last }) },
          },
        },
        {
          Put: {
            TableName: tableName(),
            Item: { ...keys.registerEntry(issuerCode, year, n), type: 'RegisterEntry', [SEARCH_TEXT]: registerSearchText(entry), ...entry },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        conditionalUpdate(current.id, { ...changes, GSI2PK: indexKeys(next).GSI2PK, ...searchFields(next, entry.recipients) }, 'signed', current.version),
        auditPut(pk.PK, audit),
        openDispatchPut({ dispatchId: current.id, closesAt: args.closesAt }),
      ]);
      return next;
    } catch (error) {
      const codes = cancellationCodes(error);
      // The dispatch itself changed under us: not a numbering race, the caller must re-decide.
      if (codes[2] === 'ConditionalCheckFailed') throw raceLost();
      const retriable = isConditionFailure(error) || isTransactionConflict(error);
      if (!retriable) throw error;
      await sleep(Math.random() * Math.min(50, 2 * attempt));
    }
  }
  throw new Error(`Could not take a register number for ${issuerCode}/${year} after ${ISSUE_ATTEMPTS} attempts`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One page of an issuer's register for a year, in number order; `search` narrows it (words, issue dates). */
export async function listRegister(issuerCode: string, year: number, page: PageRequest, search?: ListSearch): Promise<Page<RegisterEntry>> {
  const pk = keys.registerCounter(issuerCode, year).PK;
  const base = { TableName: tableName(), KeyConditionExpression: 'PK = :pk AND begins_with(SK, :no)', ExpressionAttributeValues: { ':pk': pk, ':no': 'NO#' } };
  const toEntry = ({ PK: _pk, SK: _sk, type: _type, [SEARCH_TEXT]: _text, ...entry }: Record<string, unknown>) => entry as unknown as RegisterEntry;
  const out = isNarrowed(search)
    ? await (() => {
        return searchPage(
          { ...base, ...filterInput(registerSearchFilter(search), base.ExpressionAttributeValues) },
          ['PK', pk],
          page,
          (item) => registerMatches(toEntry(item), search),
          tableKeyOf,
        );
      })()
    : await queryPage(base, ['PK', pk], page);
  const items = out.items.map(toEntry);
  return out.cursor ? { items, cursor: out.cursor } : { items };
}

/**
 * One page of dispatches, newest first: an agency's (optionally in one state), or every agency's in one
 * state (background jobs). An agency's listing in a state filters its partition, so a page may hold
 * fewer than `limit` items; the cursor still continues where it stopped.
 */
export async function listDispatches(opts: { agencyCode?: string; state?: DispatchState; limit: number; cursor?: string; search?: ListSearch; today?: string }) {
  if (opts.agencyCode !== undefined && isNarrowed(opts.search)) return searchDispatches({ ...opts, agencyCode: opts.agencyCode, search: opts.search });
  const byAgency = opts.agencyCode !== undefined;
  const partition = byAgency
    ? (['GSI1PK', listKeys.dispatches(opts.agencyCode!)] as const)
    : opts.state
      ? (['GSI2PK', listKeys.dispatchState(opts.state)] as const)
      : undefined;
  if (!partition) throw new Error('listDispatches needs an agency or a state');
  const filter = byAgency && opts.state;
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: byAgency ? 'GSI1' : 'GSI2',
      KeyConditionExpression: `${partition[0]} = :pk`,
      ...(filter ? { FilterExpression: '#state = :state', ExpressionAttributeNames: { '#state': 'state' } } : {}),
      ExpressionAttributeValues: { ':pk': partition[1], ...(filter ? { ':state': opts.state } : {}) },
      ScanIndexForward: false,
      Limit: opts.limit,
      ExclusiveStartKey: decodeCursor(opts.cursor, partition),
    }),
  );
  // GSI2 projects keys and filter attributes only (shared/data/table.ts): a state's dispatches come from the table.
  const items = byAgency ? (out.Items ?? []) : await tableItemsOf(out.Items ?? [], (item) => item['GSI2PK'] === partition[1]);
  // The index holds the dispatch items only: the page's counters come in one BatchGet (per 100 keys).
  const shards = await readStatsShards(items.map((i) => String(i['id'])));
  return { items: items.map((i) => fromItem(i, shards.get(String(i['id'])) ?? [])), cursor: encodeCursor(out.LastEvaluatedKey) };
}

/**
 * A search in an agency's dispatches (issue 14): a Query of the agency's partition of GSI1 (newest
 * first; a date range narrows the sort key), filtered on the stored folded text and first due date,
 * read on until the page is full or its budget is spent (shared/data/search-query.ts).
 */
async function searchDispatches(opts: { agencyCode: string; state?: DispatchState; limit: number; cursor?: string; search: ListSearch; today?: string }) {
  const today = opts.today ?? vietnamDate(new Date());
  const pk = listKeys.dispatches(opts.agencyCode);
  const range = sortKeyRange('GSI1SK', opts.search, true);
  const filter = dispatchSearchFilter(opts.search, opts.state, today);
  const out = await searchPage(
    {
      TableName: tableName(),
      IndexName: 'GSI1',
      KeyConditionExpression: `GSI1PK = :pk${range ? ` AND ${range.condition}` : ''}`,
      ...filterInput(filter, { ':pk': pk, ...range?.values }),
      ScanIndexForward: false,
    },
    ['GSI1PK', pk],
    { limit: opts.limit, cursor: opts.cursor },
    (item) => {
      const record = fromItem(item, []);
      if (opts.state && record.state !== opts.state) return false;
      const stored = typeof item[SEARCH_TEXT] === 'string' ? (item[SEARCH_TEXT] as string) : undefined;
      return dispatchMatches(record, opts.search, today, stored);
    },
    gsi1KeyOf,
    range?.holds,
  );
  const shards = await readStatsShards(out.items.map((i) => String(i['id'])));
  return { items: out.items.map((i) => fromItem(i, shards.get(String(i['id'])) ?? [])), cursor: out.cursor };
}

/** Marks delivery done with the stored PDF; conditional so a repeated delivery run changes nothing. */
export async function completeDelivery(args: {
  current: DispatchRecord;
  pdfKey: string;
  pdfSha256: string;
  recipients: number;
  /** Recipients sent on paper (not counted in `recipients`). */
  paper: number;
  /** Vietnam date (YYYY-MM-DD) the recipients' emails were queued. */
  sentOn: string;
  audit: AuditEvent;
}): Promise<boolean> {
  const pk = keys.dispatch(args.current.id);
  try {
    await transactWrite([
      {
        Update: {
          TableName: tableName(),
          Key: pk,
          UpdateExpression: 'SET deliveryStatus = :done, pdfKey = :key, pdfSha256 = :sha',
          ConditionExpression: 'deliveryStatus = :pending',
          ExpressionAttributeValues: { ':done': 'done', ':pending': 'pending', ':key': args.pdfKey, ':sha': args.pdfSha256 },
        },
      },
      setStats(args.current.id, { recipients: args.recipients, paper: args.paper }),
      // The register's "ngày chuyển" (date sent, Nghị định 30 Appendix VI): the day the letter went out to its recipients.
      ...(args.current.registerYear !== undefined && args.current.number !== undefined
        ? [
            {
              Update: {
                TableName: tableName(),
                Key: keys.registerEntry(args.current.agencyCode, args.current.registerYear, args.current.number),
                UpdateExpression: 'SET sentOn = :sentOn',
                ConditionExpression: 'attribute_exists(PK)',
                ExpressionAttributeValues: { ':sentOn': args.sentOn },
              },
            },
          ]
        : []),
      // Lets POST /verify recognise the file by its hash; the same item on a retry is harmless.
      { Put: { TableName: tableName(), Item: { ...keys.issuedPdf(args.pdfSha256), type: 'IssuedPdf', dispatchId: args.current.id } } },
      auditPut(pk.PK, args.audit),
    ]);
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
