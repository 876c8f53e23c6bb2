import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { db, tableName } from './client';
import { decodeCursor, encodeCursor } from './cursor';
import { auditSk } from './keys';

/**
 * Every state change appends one audit event to the changed entity's own partition, written in the
 * same transaction as the change, so there is never a change without its record or a record without a change.
 */
export interface AuditEvent {
  at: string;
  /** User id, or `system:<consumer>` for background work. */
  actor: string;
  /** The person's name as it was when they acted: pages and exports show names, not ids. */
  actorName?: string;
  roles?: string[];
  action: string;
  sourceIp?: string;
  /** SHA-256 of the document the action concerned (the PDF once it exists, else the content). */
  documentHash?: string;
  details?: Record<string, unknown>;
}

export function auditItem(entityPk: string, event: AuditEvent) {
  return {
    PK: entityPk,
    SK: auditSk(event.at, randomUUID()),
    type: 'AuditEvent',
    ...event,
  };
}

/** A Put for a transaction. */
export function auditPut(entityPk: string, event: AuditEvent) {
  return { Put: { TableName: tableName(), Item: auditItem(entityPk, event) } };
}

/** One page of an entity's audit trail, oldest first; `cursor` continues where the page ended. */
export async function listAudit(entityPk: string, page: { limit?: number; cursor?: string } = {}): Promise<{ items: AuditEvent[]; cursor?: string }> {
  const out = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
      ExpressionAttributeValues: { ':pk': entityPk, ':audit': 'AUDIT#' },
      Limit: page.limit ?? 500,
      ExclusiveStartKey: decodeCursor(page.cursor, ['PK', entityPk]),
    }),
  );
  const items = (out.Items ?? []).map(({ at, actor, actorName, roles, action, sourceIp, documentHash, details }) => ({
    at, actor, actorName, roles, action, sourceIp, documentHash, details,
  })) as AuditEvent[];
  const cursor = encodeCursor(out.LastEvaluatedKey);
  return cursor ? { items, cursor } : { items };
}
