import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { conflict } from '../errors';
import type { Directive, DirectiveState } from '../schemas/directive';
import { auditPut, transactWrite, type AuditEvent } from './audit';
import { cancellationCodes, db, isConditionFailure, isTransactionConflict, tableName } from './client';
import { decodeCursor, encodeCursor } from './cursor';
import { keys, listKeys } from './keys';
import { directiveIssuerText, directiveMatches, directiveSearchText, isNarrowed, type DirectiveSearch } from '../domain/list-search';
import { vietnamDate } from '../domain/time';
import { directiveSearchFilter, ISSUER_TEXT, SEARCH_TEXT, sortKeyRange } from './list-search-filters';
import { filterInput, gsi1KeyOf, searchPage } from './search-query';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

function strip(item: Record<string, unknown>): Directive {
  const { PK: _pk, SK: _sk, type: _type, GSI1PK: _g1, GSI1SK: _g1s, [SEARCH_TEXT]: _text, [ISSUER_TEXT]: _issuer, ...rest } = item;
  // Directives registered before corrections existed carry no version: they are at version 1.
  return { ...rest, version: typeof rest['version'] === 'number' ? rest['version'] : 1 } as unknown as Directive;
}

const directiveItem = (directive: Directive) => ({
  ...keys.directive(directive.id),
  type: 'Directive',
  GSI1PK: directive.state === 'withdrawn' ? listKeys.withdrawnDirectives : listKeys.directives,
  GSI1SK: `${directive.receivedOn}#${directive.id}`,
  // Folded for the search (issue 14), rewritten with every correction since each Put replaces the item.
  [SEARCH_TEXT]: directiveSearchText(directive),
  [ISSUER_TEXT]: directiveIssuerText(directive),
  ...directive,
});

const numberClaim = (d: Pick<Directive, 'id' | 'number' | 'symbol' | 'issuedOn'>): TransactItem => ({
  Put: {
    TableName: tableName(),
    Item: { ...keys.directiveNumber(d.number, d.symbol, d.issuedOn), type: 'DirectiveNumber', directiveId: d.id },
    ConditionExpression: 'attribute_not_exists(PK)',
  },
});

/** Releases a directive's number claim, only if the claim is this directive's. */
const numberRelease = (d: Pick<Directive, 'id' | 'number' | 'symbol' | 'issuedOn'>): TransactItem => ({
  Delete: {
    TableName: tableName(),
    Key: keys.directiveNumber(d.number, d.symbol, d.issuedOn),
    ConditionExpression: 'attribute_not_exists(PK) OR directiveId = :id',
    ExpressionAttributeValues: { ':id': d.id },
  },
});

const alreadyRegistered = (d: Pick<Directive, 'number' | 'symbol' | 'issuedOn'>, field = 'number') =>
  conflict(
    {
      vi: `Văn bản số ${d.number}/${d.symbol} ngày ${d.issuedOn} đã được đăng ký.`,
      en: `Document ${d.number}/${d.symbol} of ${d.issuedOn} is already registered.`,
    },
    { field },
  );

/** Registers an incoming directive (at version 1); the same số/ký hiệu/date cannot be registered twice. */
export async function createDirective(directive: Omit<Directive, 'version'>, audit: AuditEvent): Promise<Directive> {
  const record: Directive = { ...directive, version: 1 };
  try {
    await transactWrite([
      { Put: { TableName: tableName(), Item: directiveItem(record), ConditionExpression: 'attribute_not_exists(PK)' } },
      numberClaim(record),
      auditPut(keys.directive(record.id).PK, audit),
    ]);
  } catch (error) {
    if (isConditionFailure(error) && cancellationCodes(error)[1] === 'ConditionalCheckFailed') throw alreadyRegistered(record);
    throw error;
  }
  return record;
}

/** A directive changed under the clerk (or a citing dispatch did): reload and decide again. */
export const directiveRaceLost = () =>
  conflict({
    vi: 'Văn bản đến hoặc công văn trích dẫn nó vừa được người khác thay đổi. Hãy tải lại rồi thử lại.',
    en: 'Someone else changed the directive or a dispatch citing it just now. Reload and try again.',
  });

/** The write is conditioned on the version the decision was made on (a record without one is at 1). */
const versionCondition = (version: number) => ({
  ConditionExpression: version === 1 ? 'attribute_exists(PK) AND (attribute_not_exists(#version) OR #version = :seen)' : 'attribute_exists(PK) AND #version = :seen',
  names: { '#version': 'version' },
  values: { ':seen': version },
});

/**
 * Writes a correction or a withdrawal: the directive replaced only if still at `current.version`, the
 * number claim moved when số/ký hiệu/date change (old released, new claimed: a taken number is a
 * conflict), `guards` (conditions on the citing dispatches the decision relied on) and the audit event,
 * in one transaction.
 */
export async function replaceDirective(args: { current: Directive; next: Directive; guards: TransactItem[]; audit: AuditEvent }): Promise<void> {
  const { current, next, guards, audit } = args;
  const withdrawn = next.state === 'withdrawn';
  const claimKey = (d: Directive) => keys.directiveNumber(d.number, d.symbol, d.issuedOn).PK;
  // A withdrawn directive no longer holds its number: the right document may be registered under it.
  const claims: TransactItem[] = withdrawn
    ? [numberRelease(current)]
    : claimKey(current) === claimKey(next)
      ? []
      : [numberRelease(current), numberClaim(next)];
  const version = versionCondition(current.version);
  try {
    await transactWrite([
      {
        Put: {
          TableName: tableName(),
          Item: directiveItem(next),
          ConditionExpression: version.ConditionExpression,
          ExpressionAttributeNames: version.names,
          ExpressionAttributeValues: version.values,
        },
      },
      ...claims,
      ...guards,
      auditPut(keys.directive(current.id).PK, audit),
    ]);
  } catch (error) {
    const codes = cancellationCodes(error);
    if (!withdrawn && claims.length === 2 && codes[2] === 'ConditionalCheckFailed') throw alreadyRegistered(next);
    if (isConditionFailure(error) || isTransactionConflict(error)) throw directiveRaceLost();
    throw error;
  }
}

/** A condition, for a transaction, that a citing dispatch is still in the state the decision saw. */
export const dispatchStillIn = (dispatchId: string, state: string, version: number): TransactItem => ({
  ConditionCheck: {
    TableName: tableName(),
    Key: keys.dispatch(dispatchId),
    ConditionExpression: '#state = :state AND #version = :version',
    ExpressionAttributeNames: { '#state': 'state', '#version': 'version' },
    ExpressionAttributeValues: { ':state': state, ':version': version },
  },
});

export async function getDirective(id: string): Promise<Directive | undefined> {
  const out = await db().send(new GetCommand({ TableName: tableName(), Key: keys.directive(id), ConsistentRead: true }));
  return out.Item ? strip(out.Item) : undefined;
}

export async function getDirectives(ids: readonly string[]): Promise<Directive[]> {
  if (ids.length === 0) return [];
  const out = await db().send(
    new BatchGetCommand({ RequestItems: { [tableName()]: { Keys: [...new Set(ids)].map((id) => keys.directive(id)) } } }),
  );
  return (out.Responses?.[tableName()] ?? []).map(strip);
}

/** Registered directives, newest received first (withdrawn ones only when asked for, and then alone). */
export async function listDirectives(limit: number, cursor?: string, state: DirectiveState = 'registered', search?: DirectiveSearch, today = vietnamDate(new Date())) {
  const pk = state === 'withdrawn' ? listKeys.withdrawnDirectives : listKeys.directives;
  if (isNarrowed(search, ...(search?.issuerTerms ?? []))) return searchDirectives(pk, limit, cursor, search, today);
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, ['GSI1PK', pk]),
    }),
  );
  return { items: (out.Items ?? []).map(strip), cursor: encodeCursor(out.LastEvaluatedKey) };
}

/** Ids of the dispatches citing a directive (one link item per citation, kept in step with edits). */
export async function citingDispatchIds(directiveId: string): Promise<string[]> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :c)',
      ExpressionAttributeValues: { ':pk': keys.directive(directiveId).PK, ':c': 'CITEDBY#' },
    }),
  );
  return (out.Items ?? []).map((i) => String(i['dispatchId']));
}

/**
 * A search in the directives of one list (registered or withdrawn), newest received first: a date
 * range narrows GSI1's sort key (received date); words, issuer and deadline filter (issue 14).
 */
async function searchDirectives(pk: string, limit: number, cursor: string | undefined, search: DirectiveSearch, today: string) {
  const range = sortKeyRange('GSI1SK', search, false);
  const out = await searchPage(
    {
      TableName: tableName(),
      IndexName: 'GSI1',
      KeyConditionExpression: `GSI1PK = :pk${range ? ` AND ${range.condition}` : ''}`,
      ...filterInput(directiveSearchFilter(search, today), { ':pk': pk, ...range?.values }),
      ScanIndexForward: false,
    },
    ['GSI1PK', pk],
    { limit, cursor },
    (item) => directiveMatches(strip(item), search, today),
    gsi1KeyOf,
    range?.holds,
  );
  return { items: out.items.map(strip), cursor: out.cursor };
}
