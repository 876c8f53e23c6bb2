import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import type { BuildHandlerArguments, BuildMiddleware, HandlerExecutionContext, MetadataBearer } from '@smithy/types';

/**
 * X-Ray subsegments for the AWS SDK v3 clients (issue 11): every client the functions use is wrapped
 * (`traced`), so a trace shows each DynamoDB, S3, SES, SQS, KMS and SSM call under the invocation's
 * segment (the CDK app turns on active tracing), and the calls carry the trace header onwards.
 *
 * Why not the Powertools Tracer: it brings the whole X-Ray SDK (aws-xray-sdk-core with cls-hooked,
 * its sampling rule poller, the SDK v2 patchers and their parameter whitelist): about 90 KB minified in
 * every bundle, a third of the 300 KB budget, and an async hook that tracks every promise of the
 * process. Inside Lambda none of that is needed: the runtime makes the function's segment, decides the
 * sampling and hands both over in the trace header; a subsegment is one UDP datagram to the X-Ray daemon
 * (`AWS_XRAY_DAEMON_ADDRESS`) with that segment as parent. This is that, as one SDK middleware.
 *
 * Off outside Lambda (no `AWS_LAMBDA_FUNCTION_NAME`, or no daemon address) and wherever
 * POWERTOOLS_TRACE_ENABLED=false, as the local stack sets: the client is then handed back untouched.
 */

/** The trace header of the running invocation: the runtime's async context first (concurrent invocations), then the variable. */
function traceHeader(): { root: string; parent: string | undefined; sampled: boolean } | undefined {
  const raw =
    (globalThis as { awslambda?: { InvokeStore?: { getXRayTraceId?: () => string | undefined } } }).awslambda?.InvokeStore?.getXRayTraceId?.() ??
    process.env['_X_AMZN_TRACE_ID'];
  if (!raw) return undefined;
  const fields = new Map(raw.split(';').map((f) => f.split('=', 2) as [string, string]));
  const root = fields.get('Root');
  if (!root) return undefined;
  return { root, parent: fields.get('Parent'), sampled: fields.get('Sampled') === '1' };
}

/** `host:port`, or the daemon's `udp:host:port tcp:host:port` form. */
function daemonAddress(value: string): { host: string; port: number } | undefined {
  const udp = value.split(/\s+/).find((part) => part.startsWith('udp:')) ?? value;
  const match = /^(?:udp:)?([^:\s]+):(\d+)$/.exec(udp.trim());
  return match ? { host: match[1]!, port: Number(match[2]) } : undefined;
}

/** Whether SDK calls are traced here (read when a client is wrapped: the functions wrap theirs once, lazily). */
export function isTracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env['AWS_LAMBDA_FUNCTION_NAME']) && env['POWERTOOLS_TRACE_ENABLED'] !== 'false' && daemonAddress(env['AWS_XRAY_DAEMON_ADDRESS'] ?? '') !== undefined;
}

let socket: Socket | undefined;
const HEADER = '{"format": "json", "version": 1}\n';

function send(document: Record<string, unknown>): void {
  const address = daemonAddress(process.env['AWS_XRAY_DAEMON_ADDRESS'] ?? '');
  if (!address) return;
  if (!socket) {
    socket = createSocket('udp4');
    socket.unref(); // never keeps the process alive (tests, scripts)
    socket.on('error', () => undefined); // tracing never fails a request
  }
  socket.send(HEADER + JSON.stringify(document), address.port, address.host);
}

const seconds = () => Date.now() / 1000;
const serviceOf = (context: HandlerExecutionContext) => (context.clientName ?? 'AWS').replace(/Client$/, '');
const operationOf = (context: HandlerExecutionContext) => (context.commandName ?? '').replace(/Command$/, '');

/** The subsegment of one SDK call (all its attempts), sent when it ends. */
const xrayMiddleware =
  (region: () => Promise<string> | string): BuildMiddleware<object, MetadataBearer> =>
  (next, context) =>
  async (args: BuildHandlerArguments<object>) => {
    const trace = traceHeader();
    if (!trace?.sampled) return next(args);
    const id = randomBytes(8).toString('hex');
    const request = args.request as { headers?: Record<string, string> };
    if (request.headers) request.headers['X-Amzn-Trace-Id'] = `Root=${trace.root};Parent=${id};Sampled=1`;
    const input = args.input as { TableName?: unknown; QueueUrl?: unknown; Bucket?: unknown };
    const startTime = seconds();
    const finish = async (status: number | undefined, metadata: MetadataBearer['$metadata'] | undefined, error?: unknown) => {
      const endTime = seconds();
      const regionName = await Promise.resolve(region()).catch(() => undefined);
      send({
        id,
        trace_id: trace.root,
        ...(trace.parent ? { parent_id: trace.parent } : {}),
        type: 'subsegment',
        name: serviceOf(context),
        namespace: 'aws',
        start_time: startTime,
        end_time: endTime,
        aws: {
          operation: operationOf(context),
          ...(regionName ? { region: regionName } : {}),
          ...(typeof input.TableName === 'string' ? { table_name: input.TableName } : {}),
          ...(typeof input.QueueUrl === 'string' ? { queue_url: input.QueueUrl } : {}),
          ...(typeof input.Bucket === 'string' ? { bucket_name: input.Bucket } : {}),
          ...(metadata?.requestId ? { request_id: metadata.requestId } : {}),
          ...(metadata?.attempts ? { retries: metadata.attempts - 1 } : {}),
        },
        ...(status ? { http: { response: { status } } } : {}),
        ...(error !== undefined ? errorFlags(status, error) : {}),
      });
    };
    try {
      const result = await next(args);
      const metadata = (result.output as MetadataBearer | undefined)?.$metadata;
      await finish(metadata?.httpStatusCode, metadata);
      return result;
    } catch (error) {
      const metadata = (error as { $metadata?: MetadataBearer['$metadata'] }).$metadata;
      await finish(metadata?.httpStatusCode, metadata, error);
      throw error;
    }
  };

/** X-Ray's flags: 429 throttle (and error), other 4xx error, 5xx or no answer fault; with the exception's name and message. */
function errorFlags(status: number | undefined, error: unknown): Record<string, unknown> {
  const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
  const flags = status === 429 ? { throttle: true, error: true } : status !== undefined && status >= 400 && status < 500 ? { error: true } : { fault: true };
  return { ...flags, cause: { exceptions: [{ id: randomBytes(8).toString('hex'), type: name, message, remote: true }] } };
}

interface SdkClient {
  readonly middlewareStack: { add(middleware: BuildMiddleware<object, MetadataBearer>, options: { step: 'build'; name: string; priority: 'high' }): void };
  readonly config: { region: () => Promise<string> | string };
}

/** The client, with its calls traced when tracing is on (otherwise the same client, untouched). */
export const traced = <T>(client: T): T => {
  if (!isTracingEnabled()) return client;
  const sdk = client as unknown as SdkClient;
  sdk.middlewareStack.add(xrayMiddleware(() => sdk.config.region()), { step: 'build', name: 'congVanXRaySubsegment', priority: 'high' });
  return client;
};
