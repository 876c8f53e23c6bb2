import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { saveAgency } from '../../shared/data/agency-repo';
import { savePerson } from '../../shared/data/people-repo';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendEmailCommand, SendRawEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectionOf, tableDefinition } from '../../shared/data/table';
import { MAX_REQUEST_BYTES } from '../../infra/local/gateway';
import { lazyHandler } from '../../infra/local/handler-loader';
import { S3RVER_CREDENTIALS } from '../../infra/local/s3-local';
import { loadIdentity } from '../../infra/local/identity';
import type { StackLog } from '../../infra/local/log';
import { startStreamRunner, type StreamConsumer } from '../../infra/local/stream-runner';
import { startTestStack, type TestStack } from '../support/local-stack';

/**
 * The local stack itself: the table as the shared definition describes it, a gateway that answers
 * like API Gateway, a stream runner that retries and parks like Lambda, and the SES and S3 emulators
 * reachable with the AWS SDK. Uses its own test routes and consumers, and no demo data.
 */
let t: TestStack;
let doc: DynamoDBDocumentClient;
const logged: string[] = [];
const captureLog: StackLog = {
  info: () => {},
  warn: (message) => logged.push(message),
  error: (message) => logged.push(message),
};

const probed: DynamoDBRecord[] = [];
const flakyCalls: string[][] = [];
const seq = (r: DynamoDBRecord) => r.dynamodb!.SequenceNumber!;
const image = (r: DynamoDBRecord) => r.dynamodb!.NewImage!;

beforeAll(async () => {
  t = await startTestStack({
    // Only the directory: one agency, one active person and one who left.
    seed: async () => {
      const audit = { at: new Date().toISOString(), actor: 'system:test', action: 'seed' };
      await saveAgency({ code: 'DEMO', name: 'Cơ quan mẫu', place: 'Hà Nội', email: 'demo@moj.gov.vn', headTitle: 'Cục trưởng', active: true }, undefined, undefined, audit);
      const person = { name: 'Người dùng mẫu', position: 'Văn thư', agencyCode: 'DEMO', roles: ['clerk' as const], email: 'demo@moj.gov.vn', signingForms: [], overdueDigest: false };
      await savePerson({ ...person, id: 'u-demo', active: true }, undefined, undefined, audit);
      await savePerson({ ...person, id: 'u-left', active: false }, undefined, undefined, audit);
    },
    log: captureLog,
    testOnly: {
      retryBaseDelayMs: 50,
      routes: [
        { id: 'test-echo', method: 'POST', path: '/test/echo/{name}', access: ['clerk'], handler: async (event) => echo(event) },
        { id: 'test-public', method: 'GET', path: '/test/public/{rest+}', access: 'public', handler: async (event) => event.rawPath },
        {
          id: 'test-binary',
          method: 'GET',
          path: '/test/binary',
          access: 'public',
          handler: async () => ({ statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([0, 1, 2, 255]).toString('base64'), isBase64Encoded: true }),
        },
        {
          id: 'test-throws',
          method: 'GET',
          path: '/test/throws',
          access: 'public',
          handler: async () => {
            throw new Error('handler failure for the test');
          },
        },
      ],
      consumers: [
        {
          id: 'test-probe',
          filter: { eventName: ['INSERT', 'MODIFY'], newImage: { type: ['Probe'] } },
          batchSize: 10,
          maxAttempts: 1,
          handler: async (event) => {
            probed.push(...event.Records);
            // A consumer that writes: whenIdle must also wait for what this write causes.
            for (const record of event.Records) {
              const next = image(record)['chain']?.S;
              if (next) await doc.send(new PutCommand({ TableName: t.env.TABLE_NAME, Item: { PK: next, SK: 'A', type: 'Probe' } }));
            }
            return { batchItemFailures: [] };
          },
        },
        {
          id: 'test-flaky',
          filter: { eventName: ['INSERT'], newImage: { type: ['Flaky'] } },
          batchSize: 10,
          maxAttempts: 3,
          handler: async (event) => {
            flakyCalls.push(event.Records.map((r) => image(r)['PK']!.S!));
            if (event.Records.some((r) => image(r)['mode']?.S === 'throw')) throw new Error('flaky consumer throws');
            return { batchItemFailures: event.Records.filter((r) => image(r)['mode']?.S === 'report').map((r) => ({ itemIdentifier: seq(r) })) };
          },
        },
      ],
    },
  });
  doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: t.env.DYNAMODB_ENDPOINT, region: t.env.AWS_REGION }));
});

afterAll(async () => {
  doc?.destroy();
  await t?.stop();
});

/** Answers with the event it received, so tests can check its shape. */
async function echo(event: APIGatewayProxyEventV2WithJWTAuthorizer) {
  return { statusCode: 201, headers: { 'content-type': 'application/json', 'x-test': 1 }, cookies: ['a=1; Path=/', 'b=2'], body: JSON.stringify(event) };
}

describe('DynamoDB Local', () => {
  it('has the table of the shared definition: keys, GSIs, stream and TTL', async () => {
    const client = new DynamoDBClient({ endpoint: t.env.DYNAMODB_ENDPOINT, region: t.env.AWS_REGION });
    const { Table } = await client.send(new DescribeTableCommand({ TableName: t.env.TABLE_NAME }));
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: t.env.TABLE_NAME }));
    client.destroy();

    expect(Table!.KeySchema).toEqual([
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
    ]);
    const indexes = Object.fromEntries((Table!.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, i.KeySchema]));
    const projections = Object.fromEntries((Table!.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, i.Projection]));
    for (const index of tableDefinition.globalSecondaryIndexes) {
      expect(indexes[index.indexName]).toEqual([
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ]);
      // The same projection as the CDK table (test/infra/stack.test.ts).
      expect(projections[index.indexName]).toEqual(projectionOf(index));
    }
    expect(Table!.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: tableDefinition.streamViewType });
    expect(Table!.LatestStreamArn).toMatch(/^arn:aws:dynamodb:/);
    expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: tableDefinition.timeToLiveAttribute });
  });
});

describe('gateway', () => {
  it('answers unknown routes, wrong methods and missing or bad tokens as API Gateway does', async () => {
    const clerk = await t.tokenFor('u-1', ['clerk']);
    const notFound = await t.api('GET', '/nothing-here', { token: clerk });
    expect(notFound.status).toBe(404);
    expect(notFound.json).toEqual({ message: 'Not Found' });
    expect((await t.api('DELETE', '/health')).status).toBe(404);

    const noToken = await t.api('GET', '/units');
    expect(noToken.status).toBe(401);
    expect(noToken.json).toEqual({ message: 'Unauthorized' });
    expect((await t.api('POST', '/test/echo/x', { token: 'not-a-jwt' })).status).toBe(401);
    expect((await t.api('POST', '/test/echo/x', { token: await t.stack.identity.mint({ userId: 'u-1', roles: ['clerk'], expiresInSeconds: -60 }) })).status).toBe(401);

    // Same claims, signed by another pool's key: refused.
    const otherDir = await mkdtemp(path.join(tmpdir(), 'cong-van-identity-'));
    const stranger = await (await loadIdentity(otherDir)).mint({ userId: 'u-1', roles: ['clerk'] });
    await rm(otherDir, { recursive: true, force: true });
    expect((await t.api('POST', '/test/echo/x', { token: stranger })).status).toBe(401);
  });

  it('builds the API Gateway v2 event, with claims rendered as API Gateway renders them', async () => {
    const token = await t.tokenFor('u-1', ['clerk', 'signer']);
    const res = await t.api('POST', '/test/echo/a%20b%2Fc?x=1&x=2&y=%C3%A2', {
      token,
      body: { hello: 'xin chào' },
      headers: { cookie: 'c1=v1; c2=v2', 'X-Custom': 'yes', 'user-agent': 'vitest' },
    });
    expect(res.status).toBe(201);
    const event = res.json as APIGatewayProxyEventV2WithJWTAuthorizer;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /test/echo/{name}',
      rawPath: '/test/echo/a%20b%2Fc',
      rawQueryString: 'x=1&x=2&y=%C3%A2',
      pathParameters: { name: 'a b/c' },
      queryStringParameters: { x: '1,2', y: 'â' },
      cookies: ['c1=v1', 'c2=v2'],
      body: JSON.stringify({ hello: 'xin chào' }),
      isBase64Encoded: false,
      requestContext: {
        routeKey: 'POST /test/echo/{name}',
        stage: '$default',
        http: { method: 'POST', path: '/test/echo/a%20b%2Fc', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      },
    });
    expect(event.headers['x-custom']).toBe('yes');
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.headers['cookie']).toBeUndefined();
    expect(event.requestContext.requestId).toBeTruthy();
    expect(event.requestContext.timeEpoch).toBeGreaterThan(Date.now() - 60_000);

    const { claims, scopes } = event.requestContext.authorizer.jwt;
    expect(scopes).toBeNull();
    expect(claims).toMatchObject({ username: 'u-1', token_use: 'access', 'cognito:groups': '[clerk signer]' });
    expect(claims['client_id']).toBe(t.stack.identity.settings.clientId);
    expect(claims['iss']).toBe(t.stack.identity.settings.issuer);
    expect(typeof claims['exp']).toBe('string');

    expect(res.headers['x-test']).toBe('1');
    expect(res.headers['apigw-requestid']).toBe(event.requestContext.requestId);
    expect(res.setCookies).toEqual(['a=1; Path=/', 'b=2']);
  });

  it('passes binary bodies base64-encoded, and public routes without an authorizer', async () => {
    const bytes = Uint8Array.from([37, 80, 68, 70, 0, 255]);
    const res = await t.api('POST', '/test/echo/file', { token: await t.tokenFor('u-1', ['clerk']), body: bytes, headers: { 'content-type': 'application/pdf' } });
    expect(res.json.isBase64Encoded).toBe(true);
    expect(Buffer.from(res.json.body, 'base64')).toEqual(Buffer.from(bytes));

    const pub = await t.api('GET', '/test/public/a/b');
    // A plain string result is "JSON without a statusCode": 200, application/json.
    expect(pub.status).toBe(200);
    expect(pub.headers['content-type']).toBe('application/json');
    expect(pub.json).toBe('/test/public/a/b');
  });

  it('turns results back into HTTP: base64 bodies, and a throwing handler into a bare 500', async () => {
    const binary = await fetch(`${t.stack.urls.api}/test/binary`);
    expect(Buffer.from(await binary.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 255]));

    const failed = await t.api('GET', '/test/throws');
    expect(failed.status).toBe(500);
    expect(failed.json).toEqual({ message: 'Internal Server Error' });
    expect(failed.text).not.toContain('handler failure');
    expect(logged.some((line) => line.includes('test-throws threw'))).toBe(true);
  });

  it('refuses bodies over 6 MB with 413', async () => {
    const res = await t.api('POST', '/test/echo/big', { token: await t.tokenFor('u-1', ['clerk']), body: 'x'.repeat(MAX_REQUEST_BYTES + 1), headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(413);
  });

  it('fails only the route whose handler module is missing, saying which one', async () => {
    const lines: string[] = [];
    const load = lazyHandler('functions/http/no-such-handler.ts', 'no-such-route', { info: () => {}, warn: () => {}, error: (m) => lines.push(m) });
    await expect(load()).rejects.toThrow();
    expect(lines[0]).toContain('no-such-route');
    expect(lines[0]).toContain('functions/http/no-such-handler.ts');
  });

  it('offers dev-only sign-in for the active people of the directory only, with tokens the gateway accepts', async () => {
    const users = await t.api('GET', '/dev/users');
    expect(users.json.items.map((u: { id: string }) => u.id)).toEqual(['u-demo']);
    const signIn = await t.api('POST', '/dev/sign-in', { body: { userId: 'u-demo' } });
    expect(signIn.status).toBe(200);
    expect(signIn.json.user.id).toBe('u-demo');
    const res = await t.api('POST', '/test/echo/me', { token: signIn.json.token });
    expect(res.json.requestContext.authorizer.jwt.claims).toMatchObject({ username: 'u-demo', 'cognito:groups': '[clerk]' });
    expect((await t.api('POST', '/dev/sign-in', { body: { userId: 'nobody' } })).status).toBe(404);
    expect((await t.api('POST', '/dev/sign-in', { body: { userId: 'u-left' } })).status).toBe(404);
  });
});

describe('stream runner', () => {
  it('delivers matching records to the consumer, as Lambda builds them, and waits for chained writes', async () => {
    await doc.send(new PutCommand({ TableName: t.env.TABLE_NAME, Item: { PK: 'PROBE#1', SK: 'A', type: 'Probe', chain: 'PROBE#2' } }));
    await doc.send(new PutCommand({ TableName: t.env.TABLE_NAME, Item: { PK: 'OTHER#1', SK: 'A', type: 'Other' } }));
    await doc.send(new UpdateCommand({ TableName: t.env.TABLE_NAME, Key: { PK: 'PROBE#1', SK: 'A' }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': 1 } }));
    await t.whenIdle();

    // Per item in write order; PROBE#2 (written by the consumer) may come before or after the MODIFY.
    const keys = probed.map((r) => `${r.eventName} ${r.dynamodb!.Keys!['PK']!.S}`);
    expect([...keys].sort()).toEqual(['INSERT PROBE#1', 'INSERT PROBE#2', 'MODIFY PROBE#1']);
    expect(keys.indexOf('INSERT PROBE#1')).toBeLessThan(keys.indexOf('MODIFY PROBE#1'));
    const insert = probed[keys.indexOf('INSERT PROBE#1')];
    const modify = probed[keys.indexOf('MODIFY PROBE#1')];
    const { Table } = await doc.send(new DescribeTableCommand({ TableName: t.env.TABLE_NAME }));
    expect(insert).toMatchObject({
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      eventSourceARN: Table!.LatestStreamArn,
      awsRegion: t.env.AWS_REGION,
      dynamodb: {
        Keys: { PK: { S: 'PROBE#1' }, SK: { S: 'A' } },
        NewImage: { PK: { S: 'PROBE#1' }, SK: { S: 'A' }, type: { S: 'Probe' }, chain: { S: 'PROBE#2' } },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    expect(insert!.eventID).toBeTruthy();
    expect(insert!.dynamodb!.SequenceNumber).toMatch(/^\d+$/);
    expect(insert!.dynamodb!.SizeBytes).toBeGreaterThan(0);
    expect(modify!.dynamodb!.OldImage).toEqual(insert!.dynamodb!.NewImage);
    expect(modify!.dynamodb!.NewImage!['n']).toEqual({ N: '1' });
  });

  it('retries failed records with backoff up to maxAttempts, then parks them as dead letters', async () => {
    await doc.send(new PutCommand({ TableName: t.env.TABLE_NAME, Item: { PK: 'FLAKY#report', SK: 'A', type: 'Flaky', mode: 'report' } }));
    await t.whenIdle();
    await doc.send(new PutCommand({ TableName: t.env.TABLE_NAME, Item: { PK: 'FLAKY#throw', SK: 'A', type: 'Flaky', mode: 'throw' } }));
    await doc.send(new PutCommand({ TableName: t.env.TABLE_NAME, Item: { PK: 'FLAKY#fine', SK: 'A', type: 'Flaky', mode: 'ok' } }));
    await t.whenIdle();

    const attemptsOf = (pk: string) => flakyCalls.filter((batch) => batch.includes(pk)).length;
    expect(attemptsOf('FLAKY#report')).toBe(3);
    expect(attemptsOf('FLAKY#throw')).toBe(3);

    const letters = (await t.api('GET', '/dev/dead-letters')).json.items as { consumerId: string; attempts: number; reason: string; record: DynamoDBRecord }[];
    const parked = letters.map((l) => [l.consumerId, l.record.dynamodb!.Keys!['PK']!.S, l.attempts]);
    expect(parked).toContainEqual(['test-flaky', 'FLAKY#report', 3]);
    expect(parked).toContainEqual(['test-flaky', 'FLAKY#throw', 3]);
    expect(letters.find((l) => l.record.dynamodb!.Keys!['PK']!.S === 'FLAKY#throw')!.reason).toContain('flaky consumer throws');
    // FLAKY#fine is parked only if it shared a batch with the throwing record (then Lambda fails it too).
    const fineShared = flakyCalls.some((batch) => batch.includes('FLAKY#fine') && batch.includes('FLAKY#throw'));
    expect(parked.some(([, pk]) => pk === 'FLAKY#fine')).toBe(fineShared);

    const file = await readFile(path.join(t.dataDir, 'dead-letters.jsonl'), 'utf8');
    expect(file.trim().split('\n').length).toBe(letters.length);
    expect(logged.some((line) => line.includes('PARKED') && line.includes('FLAKY#report'))).toBe(true);
  });

  it('continues after its checkpoint when restarted, and reads a new stream from the beginning', async () => {
    const seen = { resumed: [] as string[], fresh: [] as string[] };
    const recorder = (into: string[]): StreamConsumer => ({
      id: 'recorder',
      filter: { eventName: ['INSERT'], newImage: { type: ['Probe'] } },
      batchSize: 100,
      maxAttempts: 1,
      load: async () => async (event) => {
        into.push(...event.Records.map((r) => image(r)['PK']!.S!));
      },
    });
    const freshDir = await mkdtemp(path.join(tmpdir(), 'cong-van-runner-'));
    const common = {
      endpoint: t.env.DYNAMODB_ENDPOINT,
      region: t.env.AWS_REGION,
      credentials: S3RVER_CREDENTIALS,
      tableName: t.env.TABLE_NAME,
      log: captureLog,
    };
    // Same data directory as the stack's runner: it finds the stack's checkpoint, as after a restart.
    const resumed = await startStreamRunner({ ...common, dataDir: t.dataDir, consumers: [recorder(seen.resumed)] });
    const fresh = await startStreamRunner({ ...common, dataDir: freshDir, consumers: [recorder(seen.fresh)] });
    try {
      await doc.send(new PutCommand({ TableName: t.env.TABLE_NAME, Item: { PK: 'PROBE#after-restart', SK: 'A', type: 'Probe' } }));
      await Promise.all([resumed.whenIdle(), fresh.whenIdle(), t.whenIdle()]);
      expect(seen.resumed).toEqual(['PROBE#after-restart']);
      expect(seen.fresh).toEqual(['PROBE#1', 'PROBE#2', 'PROBE#after-restart']);
    } finally {
      await resumed.stop();
      await fresh.stop();
      await rm(freshDir, { recursive: true, force: true });
    }
  });
});

describe('SES and S3 emulators', () => {
  it('receives mail sent with the SES v1 API (SendEmail, SendRawEmail) and lists it in the store', async () => {
    const ses = new SESClient({ endpoint: t.env.SES_ENDPOINT, region: t.env.AWS_REGION });
    await ses.send(
      new SendEmailCommand({
        Source: t.env.MAIL_FROM,
        Destination: { ToAddresses: ['don-vi@example.gov.vn'] },
        Message: { Subject: { Data: 'Công văn số 01/TEST', Charset: 'UTF-8' }, Body: { Text: { Data: 'Nội dung', Charset: 'UTF-8' } } },
      }),
    );
    const raw = `From: ${t.env.MAIL_FROM}\r\nTo: raw@example.gov.vn\r\nSubject: Raw test\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nRaw body`;
    await ses.send(new SendRawEmailCommand({ RawMessage: { Data: new TextEncoder().encode(raw) } }));
    ses.destroy();
    const store = await t.sesStore();
    expect(store.find((m) => m.subject === 'Công văn số 01/TEST')).toMatchObject({ from: t.env.MAIL_FROM, to: 'don-vi@example.gov.vn', text: 'Nội dung' });
    expect(store.find((m) => m.subject === 'Raw test')).toMatchObject({ to: 'raw@example.gov.vn', text: 'Raw body' });
  });

  it('stores and serves objects in the PDF bucket, also through a presigned URL', async () => {
    const s3 = new S3Client({ endpoint: t.env.S3_ENDPOINT, region: t.env.AWS_REGION, forcePathStyle: true });
    const bytes = new TextEncoder().encode('%PDF-1.7 test');
    await s3.send(new PutObjectCommand({ Bucket: t.env.PDF_BUCKET, Key: 'test/a.pdf', Body: bytes, ContentType: 'application/pdf' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: t.env.PDF_BUCKET, Key: 'test/a.pdf' }));
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(Buffer.from(bytes));
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: t.env.PDF_BUCKET, Key: 'test/a.pdf' }), { expiresIn: 60 });
    s3.destroy();
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from(bytes));
  });
});
