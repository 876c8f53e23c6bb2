import { DescribeTableCommand, DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { db, tableName } from '../../shared/data/client';
import { projectionOf, tableDefinition } from '../../shared/data/table';
import { quietLog } from '../../infra/local/log';
import { ensureTable } from '../../infra/local/table-setup';
import { startTestStack, type TestStack } from '../support/local-stack';

/**
 * A data directory made before GSI2's projection changed (issue 10: ALL → INCLUDE) gets the index
 * rebuilt by `ensureTable` at the next start, backfilled from the table with only the projected attributes.
 */
let stack: TestStack;
let client: DynamoDBClient;
const gsi2 = tableDefinition.globalSecondaryIndexes.find((i) => i.indexName === 'GSI2')!;

beforeAll(async () => {
  stack = await startTestStack({ seed: false });
  client = new DynamoDBClient({
    endpoint: stack.env.DYNAMODB_ENDPOINT,
    region: stack.env.AWS_REGION,
    credentials: { accessKeyId: process.env['AWS_ACCESS_KEY_ID']!, secretAccessKey: process.env['AWS_SECRET_ACCESS_KEY']! },
  });
});
afterAll(async () => {
  client?.destroy();
  await stack?.stop();
});

const indexOf = async (name: string) => (await client.send(new DescribeTableCommand({ TableName: tableName() }))).Table!.GlobalSecondaryIndexes?.find((i) => i.IndexName === name);

async function until(check: () => Promise<boolean>) {
  for (let i = 0; i < 300 && !(await check()); i++) await new Promise((resolve) => setTimeout(resolve, 200));
}

it('rebuilds GSI2 with the projection of the definition when an old table projects ALL', async () => {
  await db().send(new PutCommand({ TableName: tableName(), Item: { PK: 'OLD#1', SK: 'META', GSI2PK: 'OLD', GSI2SK: '1', unitId: 'u-1', notProjected: 'x' } }));
  // The old shape: GSI2 projecting whole items.
  await client.send(new UpdateTableCommand({ TableName: tableName(), GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'GSI2' } }] }));
  await until(async () => !(await indexOf('GSI2')));
  await client.send(
    new UpdateTableCommand({
      TableName: tableName(),
      AttributeDefinitions: [
        { AttributeName: 'GSI2PK', AttributeType: 'S' },
        { AttributeName: 'GSI2SK', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexUpdates: [
        { Create: { IndexName: 'GSI2', KeySchema: [{ AttributeName: 'GSI2PK', KeyType: 'HASH' }, { AttributeName: 'GSI2SK', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } } },
      ],
    }),
  );
  await until(async () => (await indexOf('GSI2'))?.IndexStatus === 'ACTIVE');
  expect((await indexOf('GSI2'))?.Projection).toEqual({ ProjectionType: 'ALL' });

  await ensureTable(client, tableName(), quietLog('[test]'));

  const rebuilt = await indexOf('GSI2');
  expect(rebuilt?.IndexStatus).toBe('ACTIVE');
  expect(rebuilt?.Projection).toEqual(projectionOf(gsi2));
  const entries = await db().send(new QueryCommand({ TableName: tableName(), IndexName: 'GSI2', KeyConditionExpression: 'GSI2PK = :pk', ExpressionAttributeValues: { ':pk': 'OLD' } }));
  expect(entries.Items).toEqual([{ PK: 'OLD#1', SK: 'META', GSI2PK: 'OLD', GSI2SK: '1', unitId: 'u-1' }]);
});
