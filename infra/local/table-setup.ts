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
import { tableDefinition } from '../../shared/data/table';
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

/** Projection ALL, as CDK's default for a GSI. */
const indexInput = (index: IndexDef) => ({
  IndexName: index.indexName,
  KeySchema: [
    { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
    { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: 'ALL' as const },
});

async function addMissingIndexes(client: DynamoDBClient, table: TableDescription, log: StackLog): Promise<void> {
  const existing = new Set((table.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  for (const index of tableDefinition.globalSecondaryIndexes) {
    if (existing.has(index.indexName)) continue;
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
  }
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
