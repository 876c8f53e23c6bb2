import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { conflict } from '../errors';
import type { Directive } from '../schemas/directive';
import { auditPut, type AuditEvent } from './audit';
import { cancellationCodes, db, isConditionFailure, tableName } from './client';
import { decodeCursor, encodeCursor } from './cursor';
import { keys, listKeys } from './keys';

function strip(item: Record<string, unknown>): Directive {
  const { PK: _pk, SK: _sk, type: _type, GSI1PK: _g1, GSI1SK: _g1s, ...rest } = item;
  return rest as unknown as Directive;
}

/** Registers an incoming directive; the same số/ký hiệu/date cannot be registered twice. */
export async function createDirective(directive: Directive, audit: AuditEvent): Promise<void> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: {
                ...keys.directive(directive.id),
                type: 'Directive',
                GSI1PK: listKeys.directives,
                GSI1SK: `${directive.receivedOn}#${directive.id}`,
                ...directive,
              },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: { ...keys.directiveNumber(directive.number, directive.symbol, directive.issuedOn), type: 'DirectiveNumber', directiveId: directive.id },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          auditPut(keys.directive(directive.id).PK, audit),
        ],
      }),
    );
  } catch (error) {
    if (isConditionFailure(error) && cancellationCodes(error)[1] === 'ConditionalCheckFailed') {
      throw conflict(
        {
          vi: `Văn bản số ${directive.number}/${directive.symbol} ngày ${directive.issuedOn} đã được đăng ký.`,
          en: `Document ${directive.number}/${directive.symbol} of ${directive.issuedOn} is already registered.`,
        },
        { field: 'number' },
      );
    }
    throw error;
  }
}

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

export async function listDirectives(limit: number, cursor?: string) {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': listKeys.directives },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, ['GSI1PK', listKeys.directives]),
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
