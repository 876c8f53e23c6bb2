import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { projectionOf, tableDefinition } from '../../shared/data/table';
import type { StackLog } from './log';

/**
 * Creates the application table from the one table definition (the same the CDK stack uses): keys,
 * GSIs, stream and TTL. Idempotent: on a persistent database it only adds what is missing, e.g. a GSI
 * that was added to the definition since the data directory was created.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string, log: StackLog): Promise<{ created: boolean; streamArn: string }> {
  let created = false;
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    created = true;
    log.info(`Đã tạo bảng / Created table ${tableName}`);
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }

  let table = await describe(client, tableName);
  if (!table.StreamSpecification?.StreamEnabled) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.streamViewType },
      }),
    );
    log.info(`Đã bật stream cho bảng / Enabled the stream of ${tableName}`);
  }
  await addMissingIndexes(client, table, log);
  await ensureTimeToLive(client, tableName);

  table = await describe(client, tableName);
  if (!table.LatestStreamArn) throw new Error(`Table ${tableName} has no stream after setup`);
  return { created, streamArn: table.LatestStreamArn };
}

function createTableInput(tableName: string) {
  const { partitionKey, sortKey, globalSecondaryIndexes, streamViewType } = tableDefinition;
  const keyNames = [partitionKey, sortKey, ...globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  // Every key attribute of the single-table design is a string.
  const attributeDefinitions: AttributeDefinition[] = [...new Set(keyNames)].map((name) => ({ AttributeName: name, AttributeType: 'S' }));
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: attributeDefinitions,
    KeySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' as const },
      { AttributeName: sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: globalSecondaryIndexes.map(indexInput),
    StreamSpecification: { StreamEnabled: true, StreamViewType: streamViewType },
  };
}

type IndexDef = (typeof tableDefinition.globalSecondaryIndexes)[number];

/** The index with the definition's projection, as the CDK stack declares it. */
const indexInput = (index: IndexDef) => ({
  IndexName: index.indexName,
  KeySchema: [
    { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
    { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
  ],
  Projection: projectionOf(index),
});

const sameProjection = (a: { ProjectionType?: string; NonKeyAttributes?: string[] } | undefined, b: ReturnType<typeof projectionOf>) =>
  a?.ProjectionType === b.ProjectionType && [...(a.NonKeyAttributes ?? [])].sort().join() === [...(b.NonKeyAttributes ?? [])].sort().join();

async function addMissingIndexes(client: DynamoDBClient, table: TableDescription, log: StackLog): Promise<void> {
  const existing = new Map((table.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, i]));
  for (const index of tableDefinition.globalSecondaryIndexes) {
    const found = existing.get(index.indexName);
    if (found && sameProjection(found.Projection, projectionOf(index))) continue;
    if (found) {
      // A projection cannot change in place: a data directory made before the change gets the index
      // rebuilt (DynamoDB Local backfills it from the table at once).
      await client.send(new UpdateTableCommand({ TableName: table.TableName, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: index.indexName } }] }));
      log.info(`Đã xoá chỉ mục để dựng lại theo phép chiếu mới / Dropped index ${index.indexName} to rebuild it with its new projection`);
      // Deleting is asynchronous even in DynamoDB Local: the name is in use until the index is gone.
      await waitForIndex(client, table.TableName!, index.indexName, (status) => status === undefined);
    }
    // DynamoDB allows one index creation per UpdateTable call.
    await client.send(
      new UpdateTableCommand({
        TableName: table.TableName,
        AttributeDefinitions: [
          { AttributeName: index.partitionKey, AttributeType: 'S' },
          { AttributeName: index.sortKey, AttributeType: 'S' },
        ],
        GlobalSecondaryIndexUpdates: [{ Create: indexInput(index) }],
      }),
    );
    log.info(`Đã thêm chỉ mục / Added index ${index.indexName} to ${table.TableName}`);
    if (found) await waitForIndex(client, table.TableName!, index.indexName, (status) => status === 'ACTIVE');
  }
}

/** Polls until the index's status satisfies `done` (undefined: no such index), for at most a minute. */
async function waitForIndex(client: DynamoDBClient, tableName: string, indexName: string, done: (status: string | undefined) => boolean): Promise<void> {
  for (const started = Date.now(); Date.now() - started < 60_000; ) {
    const table = await describe(client, tableName);
    if (done(table.GlobalSecondaryIndexes?.find((i) => i.IndexName === indexName)?.IndexStatus)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Index ${indexName} of ${tableName} did not settle within a minute`);
}

async function ensureTimeToLive(client: DynamoDBClient, tableName: string): Promise<void> {
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
  if (status === 'ENABLED' || status === 'ENABLING') return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { Enabled: true, AttributeName: tableDefinition.timeToLiveAttribute },
    }),
  );
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription> {
  const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
  if (!out.Table) throw new Error(`DescribeTable ${tableName} returned nothing`);
  return out.Table;
}
