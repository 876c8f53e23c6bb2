import { createSocket, type Socket } from 'node:dgram';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { isTracingEnabled, traced } from '../../../shared/tracer';

const TRACE_ENV = ['AWS_LAMBDA_FUNCTION_NAME', 'AWS_XRAY_DAEMON_ADDRESS', '_X_AMZN_TRACE_ID', 'POWERTOOLS_TRACE_ENABLED'] as const;
const saved = Object.fromEntries(TRACE_ENV.map((k) => [k, process.env[k]]));

afterEach(() => {
  for (const k of TRACE_ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

/** A DynamoDB client whose HTTP answers come from `answer`, recording the requests' trace headers. */
function stubDynamo(answer: { statusCode: number; body: string }, seenHeaders: (string | undefined)[]) {
  return new DynamoDBClient({
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { headers: Record<string, string> }) => {
        seenHeaders.push(request.headers['X-Amzn-Trace-Id']);
        return {
          response: {
            statusCode: answer.statusCode,
            headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'REQ-1' },
            body: Readable.from([Buffer.from(answer.body)]),
          },
        };
      },
    },
  });
}

/** A stand-in X-Ray daemon: the datagrams it receives, parsed (header line, then the document). */
async function daemon(): Promise<{ socket: Socket; port: number; next: () => Promise<Record<string, unknown>> }> {
  const socket = createSocket('udp4');
  const queue: Record<string, unknown>[] = [];
  const waiting: ((doc: Record<string, unknown>) => void)[] = [];
  socket.on('message', (msg) => {
    const [header, body] = msg.toString('utf8').split('\n', 2);
    expect(JSON.parse(header!)).toEqual({ format: 'json', version: 1 });
    const doc = JSON.parse(body!) as Record<string, unknown>;
    const w = waiting.shift();
    if (w) w(doc);
    else queue.push(doc);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    socket,
    port: socket.address().port,
    next: () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise((resolve) => waiting.push(resolve))),
  };
}

describe('tracer', () => {
  /** Outside Lambda (tests, the local stack) tracing is off and the SDK clients are left as they are. */
  it('is off outside Lambda and hands the client back untouched', () => {
    delete process.env['AWS_LAMBDA_FUNCTION_NAME'];
    expect(isTracingEnabled()).toBe(false);
    const client = new S3Client({ region: 'ap-southeast-1' });
    const before = client.middlewareStack.identify().length;
    expect(traced(client)).toBe(client);
    expect(client.middlewareStack.identify().length).toBe(before);
  });

  it('is off in Lambda when POWERTOOLS_TRACE_ENABLED=false or without a daemon address', () => {
    expect(isTracingEnabled({ AWS_LAMBDA_FUNCTION_NAME: 'f', AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000', POWERTOOLS_TRACE_ENABLED: 'false' })).toBe(false);
    expect(isTracingEnabled({ AWS_LAMBDA_FUNCTION_NAME: 'f' })).toBe(false);
    expect(isTracingEnabled({ AWS_LAMBDA_FUNCTION_NAME: 'f', AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000' })).toBe(true);
    expect(isTracingEnabled({ AWS_LAMBDA_FUNCTION_NAME: 'f', AWS_XRAY_DAEMON_ADDRESS: 'udp:169.254.79.129:2000 tcp:169.254.79.129:2000' })).toBe(true);
  });

  it('in Lambda, sends one subsegment per SDK call to the daemon under the invocation segment, and passes the trace on', async () => {
    const d = await daemon();
    try {
      Object.assign(process.env, {
        AWS_LAMBDA_FUNCTION_NAME: 'link-open',
        AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${d.port}`,
        _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=557abcec3ee5a047;Sampled=1',
      });
      delete process.env['POWERTOOLS_TRACE_ENABLED'];
      const headers: (string | undefined)[] = [];
      const client = traced(stubDynamo({ statusCode: 200, body: '{}' }, headers));
      await client.send(new GetItemCommand({ TableName: 'cong-van', Key: { pk: { S: 'a' } } }));
      const doc = await d.next();
      expect(doc).toMatchObject({
        type: 'subsegment',
        name: 'DynamoDB',
        namespace: 'aws',
        trace_id: '1-5759e988-bd862e3fe1be46a994272793',
        parent_id: '557abcec3ee5a047',
        aws: { operation: 'GetItem', region: 'ap-southeast-1', table_name: 'cong-van', request_id: 'REQ-1', retries: 0 },
        http: { response: { status: 200 } },
      });
      expect(doc['id']).toMatch(/^[0-9a-f]{16}$/);
      expect(doc['end_time'] as number).toBeGreaterThanOrEqual(doc['start_time'] as number);
      expect(headers).toEqual([`Root=1-5759e988-bd862e3fe1be46a994272793;Parent=${String(doc['id'])};Sampled=1`]);

      // A throttled call: flagged as throttle and error, with the exception, and still thrown to the caller.
      const throttled = traced(stubDynamo({ statusCode: 400, body: '{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"slow down"}' }, []));
      await expect(throttled.send(new GetItemCommand({ TableName: 'cong-van', Key: { pk: { S: 'a' } } }))).rejects.toThrow('slow down');
      const failed = await d.next();
      expect(failed).toMatchObject({ name: 'DynamoDB', error: true, http: { response: { status: 400 } }, cause: { exceptions: [{ type: 'ThrottlingException', message: 'slow down', remote: true }] } });
    } finally {
      d.socket.close();
    }
  });

  it('sends nothing for an invocation that is not sampled', async () => {
    const d = await daemon();
    try {
      Object.assign(process.env, {
        AWS_LAMBDA_FUNCTION_NAME: 'link-open',
        AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${d.port}`,
        _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=557abcec3ee5a047;Sampled=0',
      });
      const headers: (string | undefined)[] = [];
      const client = traced(stubDynamo({ statusCode: 200, body: '{}' }, headers));
      await client.send(new GetItemCommand({ TableName: 'cong-van', Key: { pk: { S: 'a' } } }));
      // Then a sampled call: the first datagram the daemon gets is this one's.
      process.env['_X_AMZN_TRACE_ID'] = 'Root=1-5759e988-00000000000000000000000b;Parent=557abcec3ee5a047;Sampled=1';
      await client.send(new GetItemCommand({ TableName: 'cong-van', Key: { pk: { S: 'b' } } }));
      expect(await d.next()).toMatchObject({ trace_id: '1-5759e988-00000000000000000000000b' });
      // Not sampled: the SDK's own recursion detection passes the invocation's header on as it is.
      expect(headers[0]).toBe('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=557abcec3ee5a047;Sampled=0');
    } finally {
      d.socket.close();
    }
  });
});
