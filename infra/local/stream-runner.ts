import { randomUUID } from 'node:crypto';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { matchesFilter, type StreamFilter } from '../../functions/consumers';
import { CheckpointFile, type Checkpoints } from './checkpoints';
import { DeadLetterStore, type DeadLetter } from './dead-letters';
import { lambdaContext } from './lambda-context';
import type { StackLog } from './log';
import { toLambdaRecord } from './stream-records';
import { delay, Sleeper, TIMED_OUT, withTimeout } from './timing';

/**
 * The local event source mapping: reads the table's DynamoDB stream and calls the consumers the way
 * Lambda does. Per shard, in order; per consumer, only the records its filter accepts, in batches of
 * its batch size. With ReportBatchItemFailures semantics: a batch is retried from the first record the
 * handler reported as failed (or entirely, if it threw), with exponential backoff, up to the consumer's
 * maxAttempts; what still fails then is parked as a dead letter and the shard moves on.
 *
 * Progress is checkpointed per shard, so a restart continues where it stopped (at-least-once, as in
 * AWS: a record whose batch was interrupted by a stop is delivered again).
 */
export type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse | void>;

export interface StreamConsumer {
  readonly id: string;
  readonly filter: StreamFilter;
  readonly batchSize: number;
  readonly maxAttempts: number;
  readonly load: () => Promise<StreamHandler>;
}

export interface StreamRunnerOptions {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  tableName: string;
  consumers: readonly StreamConsumer[];
  /** Holds stream-checkpoints.json and dead-letters.jsonl. */
  dataDir: string;
  log: StackLog;
  /** Pause between polls when the stream had nothing new. */
  pollIntervalMs?: number;
  /** First retry delay; doubles per attempt up to retryMaxDelayMs. */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** A consumer invocation running longer fails like a Lambda timeout. */
  handlerTimeoutMs?: number;
}

export interface StreamRunner {
  /**
   * Resolves once a complete pass over the stream, started after this call, found no new records,
   * with no handler running and no retry waiting. Records written by the handlers themselves are
   * followed too, so after it resolves every consequence of earlier writes has been processed.
   */
  whenIdle(): Promise<void>;
  deadLetters(): readonly DeadLetter[];
  stop(): Promise<void>;
}

interface ShardState {
  id: string;
  parentId: string | undefined;
  iterator: string | undefined;
  done: boolean;
}

/** A failed invocation: what to send again, and which records to park if attempts are used up. */
interface Failure {
  retry: DynamoDBRecord[];
  failed: DynamoDBRecord[];
  reason: string;
}

const REFRESH_SHARDS_MS = 2000;

export async function startStreamRunner(options: StreamRunnerOptions): Promise<StreamRunner> {
  const { log, region } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 200;
  const retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
  const retryMaxDelayMs = options.retryMaxDelayMs ?? 8000;
  const handlerTimeoutMs = options.handlerTimeoutMs ?? 60_000;

  const clientConfig = { endpoint: options.endpoint, region, credentials: options.credentials };
  const dynamodb = new DynamoDBClient(clientConfig);
  const streams = new DynamoDBStreamsClient(clientConfig);
  const streamArn = await latestStreamArn(dynamodb, options.tableName);

  const checkpointFile = new CheckpointFile(options.dataDir);
  const checkpoints: Checkpoints = await checkpointFile.load(streamArn);
  const deadLetters = await DeadLetterStore.open(options.dataDir);
  const shards = new Map<string, ShardState>();
  const sleeper = new Sleeper();
  let stopped = false;
  let requestStop: () => void = () => {};
  /** Resolves when stop() is called: cuts retry waits short. */
  const stopRequested = new Promise<void>((resolve) => (requestStop = resolve));
  let round = 0;
  let lastRefresh = 0;
  const waiters: { round: number; resolve: () => void }[] = [];

  async function refreshShards(): Promise<void> {
    const listed: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const out = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }));
      listed.push(...(out.StreamDescription?.Shards ?? []));
      exclusiveStartShardId = out.StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);

    for (const shard of listed) {
      if (!shard.ShardId || shards.has(shard.ShardId)) continue;
      shards.set(shard.ShardId, {
        id: shard.ShardId,
        parentId: shard.ParentShardId,
        iterator: undefined,
        done: checkpoints.shards[shard.ShardId]?.done ?? false,
      });
    }
    // Forget checkpoints of shards the stream no longer has (trimmed after 24 h).
    const live = new Set(listed.map((s) => s.ShardId));
    for (const id of Object.keys(checkpoints.shards)) if (!live.has(id)) delete checkpoints.shards[id];
    lastRefresh = Date.now();
  }

  /** A child shard is read only after its parent is finished, so records stay in order across a split. */
  const readable = (shard: ShardState) => !shard.done && (!shard.parentId || !shards.has(shard.parentId) || shards.get(shard.parentId)!.done);

  async function shardIterator(shard: ShardState): Promise<string | undefined> {
    const after = checkpoints.shards[shard.id]?.sequenceNumber;
    if (after) {
      try {
        const out = await streams.send(
          new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.id, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }),
        );
        return out.ShardIterator;
      } catch (error) {
        if (!(error instanceof TrimmedDataAccessException)) throw error;
        log.warn(`Stream: checkpoint ${after} of shard ${shard.id} is no longer in the stream; reading from its oldest record`);
      }
    }
    const out = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.id, ShardIteratorType: 'TRIM_HORIZON' }));
    return out.ShardIterator;
  }

  /** One GetRecords call on one shard and the delivery of what it returned. True if there was work. */
  async function pollShard(shard: ShardState): Promise<boolean> {
    shard.iterator ??= await shardIterator(shard);
    if (!shard.iterator) {
      shard.done = true;
      return true;
    }
    let out;
    try {
      out = await streams.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: 1000 }));
    } catch (error) {
      if (error instanceof ExpiredIteratorException || error instanceof TrimmedDataAccessException) {
        shard.iterator = undefined; // get a fresh one from the checkpoint next round
        return true;
      }
      throw error;
    }
    const records = (out.Records ?? []).map((r) => toLambdaRecord(r, streamArn, region));
    if (records.length) {
      await deliver(shard.id, records);
      if (stopped) return false; // interrupted: no checkpoint, the records come again next start
      checkpoints.shards[shard.id] = { sequenceNumber: records.at(-1)!.dynamodb!.SequenceNumber! };
    }
    shard.iterator = out.NextShardIterator;
    if (!out.NextShardIterator) {
      shard.done = true;
      checkpoints.shards[shard.id] = { ...checkpoints.shards[shard.id], done: true };
    }
    if (records.length || shard.done) await checkpointFile.save(checkpoints);
    return records.length > 0 || shard.done;
  }

  /** Consumers are independent event source mappings: they run side by side on the same records. */
  async function deliver(shardId: string, records: DynamoDBRecord[]): Promise<void> {
    await Promise.all(
      options.consumers.map(async (consumer) => {
        const wanted = records.filter((r) => matchesFilter(consumer.filter, r));
        for (let i = 0; i < wanted.length && !stopped; i += consumer.batchSize) {
          await invokeWithRetries(consumer, shardId, wanted.slice(i, i + consumer.batchSize));
        }
      }),
    );
  }

  async function invokeWithRetries(consumer: StreamConsumer, shardId: string, batch: DynamoDBRecord[]): Promise<void> {
    let pending = batch;
    for (let attempt = 1; !stopped; attempt++) {
      const failure = await invoke(consumer, pending);
      if (!failure) return;
      if (attempt >= consumer.maxAttempts) {
        await park(consumer, shardId, failure, attempt);
        return;
      }
      const wait = Math.min(retryMaxDelayMs, retryBaseDelayMs * 2 ** (attempt - 1));
      log.warn(
        `Stream → ${consumer.id}: lần ${attempt}/${consumer.maxAttempts} thất bại / attempt ${attempt}/${consumer.maxAttempts} failed ` +
          `(${failure.reason}); retrying ${failure.retry.length} record(s) in ${wait} ms`,
      );
      await Promise.race([delay(wait, { unref: true }), stopRequested]);
      pending = failure.retry;
    }
  }

  async function invoke(consumer: StreamConsumer, records: DynamoDBRecord[]): Promise<Failure | undefined> {
    const all = (reason: string): Failure => ({ retry: records, failed: records, reason });
    let handler: StreamHandler;
    try {
      handler = await consumer.load();
    } catch (error) {
      return all(`handler could not be loaded: ${(error as Error).message}`);
    }
    const requestId = randomUUID();
    const context = lambdaContext({ functionName: consumer.id, requestId, timeoutMs: handlerTimeoutMs, region });
    let response: DynamoDBBatchResponse | void | typeof TIMED_OUT;
    try {
      response = await withTimeout(handler({ Records: records }, context), handlerTimeoutMs);
    } catch (error) {
      log.error(`Stream → ${consumer.id} threw`, error);
      return all(`threw ${(error as Error)?.name ?? 'error'}: ${(error as Error)?.message ?? String(error)}`);
    }
    if (response === TIMED_OUT) return all(`timed out after ${handlerTimeoutMs} ms`);

    const reported = (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
    if (!reported.length) return undefined;
    const positions = reported.map((id) => records.findIndex((r) => r.dynamodb?.SequenceNumber === id));
    // Lambda treats an empty or unknown identifier as a failure of the whole batch.
    if (positions.some((p) => p < 0)) return all(`batchItemFailures named an unknown itemIdentifier (${reported.join(', ')})`);
    return {
      retry: records.slice(Math.min(...positions)),
      failed: records.filter((r) => reported.includes(r.dynamodb!.SequenceNumber!)),
      reason: `reported ${reported.length} record(s) in batchItemFailures`,
    };
  }

  async function park(consumer: StreamConsumer, shardId: string, failure: Failure, attempts: number): Promise<void> {
    for (const record of failure.failed) {
      const letter: DeadLetter = { consumerId: consumer.id, parkedAt: new Date().toISOString(), attempts, reason: failure.reason, shardId, record };
      await deadLetters.park(letter);
      log.error(
        `\n✖✖✖ Stream → ${consumer.id}: GÁC LẠI bản ghi sau ${attempts} lần thử / PARKED record after ${attempts} attempts (dead letter)\n` +
          `    eventID ${record.eventID}, keys ${JSON.stringify(record.dynamodb?.Keys)}\n` +
          `    reason: ${failure.reason}\n` +
          `    see GET /dev/dead-letters or .data/dead-letters.jsonl`,
      );
    }
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      round += 1;
      const thisRound = round;
      let busy: boolean;
      try {
        // Look for new shards regularly, and always in a pass that someone is waiting on.
        if (waiters.length || Date.now() - lastRefresh > REFRESH_SHARDS_MS) await refreshShards();
        const results = await Promise.all([...shards.values()].filter(readable).map(pollShard));
        busy = results.some(Boolean);
      } catch (error) {
        if (stopped) break;
        log.warn(`Stream: polling failed (${(error as Error).message}); trying again`);
        await sleeper.sleep(1000);
        continue;
      }
      if (!busy) {
        // Idle pass: release those who asked before it started.
        for (const waiter of waiters.filter((w) => w.round < thisRound)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
        if (!stopped) await sleeper.sleep(pollIntervalMs);
      }
    }
  }

  await refreshShards();
  const running = loop();
  log.info(`Stream runner: ${options.consumers.map((c) => c.id).join(', ') || '(no consumers)'} ← ${streamArn}`);

  return {
    whenIdle() {
      return new Promise<void>((resolve) => {
        if (stopped) return resolve();
        waiters.push({ round, resolve });
        sleeper.wake();
      });
    },
    deadLetters: () => deadLetters.list(),
    async stop() {
      if (stopped) return running;
      stopped = true;
      requestStop();
      sleeper.wake();
      await running;
      await checkpointFile.save(checkpoints);
      for (const waiter of waiters.splice(0)) waiter.resolve();
      streams.destroy();
      dynamodb.destroy();
    },
  };
}

async function latestStreamArn(dynamodb: DynamoDBClient, tableName: string): Promise<string> {
  const table = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
  const arn = table.Table?.LatestStreamArn;
  if (!arn) throw new Error(`Table ${tableName} has no stream; the stream runner needs one`);
  return arn;
}
