import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { traced } from '../tracer';
import { sdkTimeouts } from '../sdk-timeouts';

let client: DynamoDBDocumentClient | undefined;

/** The document client, created once per process (Lambda reuses it across invocations). */
export function db(): DynamoDBDocumentClient {
  if (!client) {
    const { AWS_REGION, DYNAMODB_ENDPOINT } = config();
    // Timeouts: a hung call fails (and is retried by the SDK) instead of holding the function until its own timeout.
    const base = new DynamoDBClient({ region: AWS_REGION, ...sdkTimeouts(10_000), ...(DYNAMODB_ENDPOINT ? { endpoint: DYNAMODB_ENDPOINT } : {}) });
    client = DynamoDBDocumentClient.from(traced(base), { marshallOptions: { removeUndefinedValues: true } });
  }
  return client;
}

export const tableName = (): string => config().TABLE_NAME;

/** True when a write was refused by its condition (single write or any part of a transaction). */
/**
 * A condition of the write was false. A cancelled transaction counts only when a condition failed:
 * one cancelled for TransactionConflict or throttling did not find the state changed, and treating it
 * as "already done" would silently drop the write.
 */
export function isConditionFailure(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'ConditionalCheckFailedException') return true;
  return name === 'TransactionCanceledException' && cancellationCodes(error).includes('ConditionalCheckFailed');
}

/** A transaction cancelled because another one was changing the same item at that moment (transient). */
export function isTransactionConflict(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'TransactionConflictException' || cancellationCodes(error).includes('TransactionConflict');
}

/** Cancellation reasons of a failed transaction, one per item, in order (`None` for items that were fine). */
export function cancellationCodes(error: unknown): string[] {
  const reasons = (error as { CancellationReasons?: { Code?: string }[] } | null)?.CancellationReasons ?? [];
  return reasons.map((r) => r.Code ?? 'None');
}
