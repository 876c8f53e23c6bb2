import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { transactWrite, type KnownHead } from './audit';
import { cancellationCodes } from './client';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Runs a transaction whose conditions make a repeat change nothing. Answers `applied`, or `refused`
 * when a condition failed (the step was already taken, or the state moved on). Transactions that
 * touch the same hot item (a dispatch's counters) at once are cancelled with TransactionConflict
 * rather than queued, so those are retried with jittered back-off; a retry is safe because the
 * conditions still decide. `known`: audit chain heads the caller has just read (see transactWrite).
 */
/** Retries of contended transactions in this process so far (the bench reports them per step). */
export const transactRetries = { count: 0 };

/**
 * A guard's condition failed: the transaction was cancelled whatever its other items' conditions said
 * (e.g. the link's use count, shared/data/link-repo.ts linkUseGuard: over its limit, or the link gone).
 */
export class GuardRefused extends Error {
  override name = 'GuardRefused';
  constructor() {
    super("the transaction's guard refused it");
  }
}

/** `guard`: one more item, sent last of the caller's; when its condition fails, GuardRefused is thrown. */
export async function transactOnce(items: TransactItem[], attempts = 12, known: readonly KnownHead[] = [], guard?: TransactItem): Promise<'applied' | 'refused'> {
  const sent = guard ? [...items, guard] : items;
  for (let attempt = 1; ; attempt++) {
    try {
      await transactWrite(sent, undefined, attempt === 1 ? known : []);
      return 'applied';
    } catch (error) {
      const name = (error as { name?: string }).name;
      const codes = cancellationCodes(error);
      if (guard && codes[items.length] === 'ConditionalCheckFailed') throw new GuardRefused();
      if (codes.includes('ConditionalCheckFailed')) return 'refused';
      const contended =
        codes.some((c) => c === 'TransactionConflict' || c === 'ThrottlingError' || c === 'ProvisionedThroughputExceeded') ||
        name === 'TransactionConflictException';
      if (!contended || attempt >= attempts) throw error;
      transactRetries.count++;
      await sleep(Math.random() * Math.min(1000, 20 * 2 ** attempt));
    }
  }
}
