import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Counts the DynamoDB calls a process makes and the capacity they consume, by asking every call for
 * `ReturnConsumedCapacity: INDEXES` (a client middleware, so the code under test is not changed).
 * For the benchmarks only: the handlers of the local stack run in the bench's process and share `db()`.
 */
interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
  Table?: { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number; WriteCapacityUnits?: number }>;
}

export interface Meter {
  calls: number;
  byCommand: Map<string, number>;
  /** Milliseconds spent waiting on each command, summed over the calls. */
  msByCommand: Map<string, number>;
  /** Write units on the table and on the indexes; read units. */
  tableWcu: number;
  indexWcu: number;
  rcu: number;
  reset(): void;
  describe(per: number): string;
}

/** Capacity of reads (GetItem, Query, BatchGet, TransactGet) vs writes, from the command's name. */
const isWrite = (command: string) => /Put|Update|Delete|TransactWrite|BatchWrite/.test(command);

export function meterDynamo(client: DynamoDBDocumentClient): Meter {
  const meter: Meter = {
    calls: 0,
    byCommand: new Map(),
    msByCommand: new Map(),
    tableWcu: 0,
    indexWcu: 0,
    rcu: 0,
    reset() {
      this.calls = 0;
      this.byCommand = new Map();
      this.msByCommand = new Map();
      this.tableWcu = this.indexWcu = this.rcu = 0;
    },
    describe(per: number) {
      const commands = [...this.byCommand]
        .sort((a, b) => b[1] - a[1])
        .map(([c, n]) => `${c.replace(/Command$/, '')} ${(n / per).toFixed(2)} × ${((this.msByCommand.get(c) ?? 0) / n).toFixed(0)} ms`);
      return `${(this.calls / per).toFixed(2)} calls (${commands.join(', ')})`;
    },
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      (args.input as Record<string, unknown>)['ReturnConsumedCapacity'] = 'INDEXES';
      meter.calls++;
      meter.byCommand.set(command, (meter.byCommand.get(command) ?? 0) + 1);
      const started = performance.now();
      const out = await next(args).finally(() => meter.msByCommand.set(command, (meter.msByCommand.get(command) ?? 0) + performance.now() - started));
      const consumed = (out.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
      for (const c of consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed]) {
        const indexes = Object.values(c.GlobalSecondaryIndexes ?? {}).reduce((sum, i) => sum + (i.WriteCapacityUnits ?? i.CapacityUnits ?? 0), 0);
        if (isWrite(command)) {
          meter.tableWcu += c.Table?.WriteCapacityUnits ?? c.Table?.CapacityUnits ?? (c.CapacityUnits ?? 0) - indexes;
          meter.indexWcu += indexes;
        } else {
          meter.rcu += c.CapacityUnits ?? c.ReadCapacityUnits ?? 0;
        }
      }
      return out;
    },
    { step: 'initialize', name: 'benchDynamoMeter' },
  );
  return meter;
}
