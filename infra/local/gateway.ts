import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { RouteDef } from '../../functions/routes';
import { redactError, redactSecrets } from '../../shared/redact';
import { isRole, type Role } from '../../shared/roles';
import { fromApiResult, toApiEvent, type OutgoingResponse } from './api-event';
import { EdgeLimiter } from './edge-limit';
import type { LocalIdentity } from './identity';
import { lambdaContext } from './lambda-context';
import type { StackLog } from './log';
import { closeServer, listen } from './net';
import { Router } from './routing';
import { TIMED_OUT, withTimeout } from './timing';

/**
 * The local API Gateway (HTTP API) + Lambda: serves the route table by turning each request into an
 * API Gateway v2 event, calling the route's handler in-process, and turning its result back into HTTP.
 * Authentication is the JWT authorizer's job (valid token or 401); role checks stay in the handlers,
 * exactly as in AWS.
 */
export type HttpHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => Promise<APIGatewayProxyResultV2>;

/** A route the gateway serves: a row of the route table, or a test route, with how to get its handler. */
export interface GatewayRoute {
  readonly id: string;
  readonly method: RouteDef['method'];
  readonly path: string;
  readonly access: RouteDef['access'];
  readonly load: () => Promise<HttpHandler>;
}

export interface DemoUser {
  id: string;
  name: string;
  roles: Role[];
  title: string;
}

export interface GatewayOptions {
  port: number;
  routes: readonly GatewayRoute[];
  identity: LocalIdentity;
  region: string;
  log: StackLog;
  /** DEV ONLY: the people `/dev/users` lists and `/dev/sign-in` accepts. */
  demoUsers?: () => Promise<readonly DemoUser[]> | readonly DemoUser[];
  /** DEV ONLY: what `/dev/dead-letters` shows. */
  deadLetters?: () => readonly unknown[];
  /** DEV ONLY: `/dev/ses-events` hands an SES event (EventBridge `detail`) to the SES events handler. */
  sesEvent?: (detail: unknown) => Promise<unknown>;
  /** API Gateway's integration timeout; past it the client gets a 503 as in AWS. */
  timeoutMs?: number;
}

export interface Gateway {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Lambda's synchronous invocation payload limit; API Gateway answers 413 above it. */
export const MAX_REQUEST_BYTES = 6 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;

const message = (statusCode: number, text: string): OutgoingResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  cookies: [],
  body: Buffer.from(JSON.stringify({ message: text })),
});

const json = (statusCode: number, value: unknown): OutgoingResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  cookies: [],
  body: Buffer.from(JSON.stringify(value, null, 2)),
});

class RequestTooLarge extends Error {}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { identity } = options;
  // Request lines carry `/l/<token>` and errors may quote a URL or a header: no credential is logged.
  const log = redactingLog(options.log);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const router = new Router(options.routes);
  for (const route of options.routes) {
    if (route.path.startsWith('/dev/')) log.warn(`Route ${route.id} (${route.path}) is hidden by the local gateway's dev-only /dev/* routes`);
  }

  /** DEV ONLY routes: not in the route table, never deployed. */
  const devRoutes: Record<string, (body: Buffer) => Promise<OutgoingResponse>> = {
    'GET /dev/users': async () => json(200, { items: (await options.demoUsers?.()) ?? [] }),
    'POST /dev/sign-in': async (body) => devSignIn(body),
    'GET /dev/dead-letters': async () => json(200, { items: options.deadLetters?.() ?? [] }),
    'POST /dev/ses-events': async (body) => {
      if (!options.sesEvent) return json(404, { message: 'No SES events handler' });
      let detail: unknown;
      try {
        detail = JSON.parse(body.toString('utf8') || '{}');
      } catch {
        return json(400, { message: 'Body must be JSON: an SES event detail ({"eventType":"Bounce","mail":{"messageId":"…"},…})' });
      }
      return json(200, { outcome: await options.sesEvent(detail) });
    },
    'GET /dev/identity/jwks.json': async () => json(200, await identity.jwks()),
  };

  async function devSignIn(body: Buffer): Promise<OutgoingResponse> {
    let userId: unknown;
    try {
      userId = (JSON.parse(body.toString('utf8') || '{}') as { userId?: unknown }).userId;
    } catch {
      return json(400, { message: 'Body must be JSON: {"userId": "..."}' });
    }
    const user = ((await options.demoUsers?.()) ?? []).find((u) => u.id === userId);
    if (!user) return json(404, { message: `Không có người dùng mẫu / No demo user "${String(userId)}". See GET /dev/users.` });
    const token = await identity.mint({ userId: user.id, roles: user.roles.filter(isRole) });
    return json(200, { token, user });
  }

  const edge = new EdgeLimiter();

  async function handle(req: IncomingMessage): Promise<OutgoingResponse> {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const rawPath = url.split('?')[0]!;
    const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    // The edge's per-address limit, before any work (the WAF rule in AWS).
    const limited = edge.check(rawPath, sourceIp, req.headers.cookie);
    if (limited) {
      req.resume();
      return limited;
    }
    const body = await readBody(req);

    const dev = devRoutes[`${method} ${rawPath}`];
    if (dev) return dev(body);

    const match = router.match(method, rawPath);
    if (!match) return message(404, 'Not Found');
    const { route } = match;

    let claims: Record<string, unknown> | undefined;
    if (route.access !== 'public') {
      claims = await authenticate(req.headers.authorization);
      if (!claims) return message(401, 'Unauthorized');
    }

    const requestId = randomBytes(10).toString('base64url');
    const event = toApiEvent(
      {
        method,
        url,
        headers: req.headersDistinct,
        body,
        sourceIp,
        protocol: `HTTP/${req.httpVersion}`,
        localPort: req.socket.localPort ?? 0,
      },
      { routeKey: `${route.method} ${route.path}`, pathParameters: match.pathParameters, requestId, ...(claims ? { claims } : {}) },
    );
    let handler: HttpHandler;
    try {
      handler = await route.load();
    } catch {
      // lazyHandler already logged why; the client sees what API Gateway shows for a broken Lambda.
      return message(500, 'Internal Server Error');
    }
    // The invocation's clock starts once the handler is loaded, as Lambda's does after the init phase: a
    // first import compiled slowly on a loaded machine must not eat the handler's own time (middy answers
    // a handler whose remaining time runs out with a timeout error).
    const context = lambdaContext({ functionName: route.id, requestId, timeoutMs, region: options.region });
    try {
      const result = await withTimeout(handler(event, context), timeoutMs);
      if (result === TIMED_OUT) {
        log.error(`${route.id}: no answer within ${timeoutMs} ms → 503`);
        return message(503, 'Service Unavailable');
      }
      const response = fromApiResult(result);
      response.headers['apigw-requestid'] = requestId;
      return response;
    } catch (error) {
      log.error(`${route.id} threw (${method} ${url}) → 500`, error);
      return message(500, 'Internal Server Error');
    }
  }

  /** The JWT authorizer: a valid `Bearer` token yields its claims; anything else, nothing. */
  async function authenticate(header: string | undefined): Promise<Record<string, unknown> | undefined> {
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (!token) return undefined;
    try {
      return await identity.verify(token);
    } catch (error) {
      log.info(`Token refused: ${(error as Error).message}`);
      return undefined;
    }
  }

  const server: Server = createServer((req, res) => {
    const started = Date.now();
    handle(req)
      .catch((error: unknown): OutgoingResponse => {
        if (error instanceof RequestTooLarge) return message(413, 'Request Entity Too Large');
        log.error(`Gateway error on ${req.method} ${req.url}`, error);
        return message(500, 'Internal Server Error');
      })
      .then((response) => {
        send(res, response);
        log.info(`${req.method} ${req.url} → ${response.statusCode} (${Date.now() - started} ms)`);
      });
  });
  const port = await listen(server, options.port, 'API', 'API_PORT');
  const url = `http://localhost:${port}`;
  log.info(`API: ${url}`);
  return { url, port, stop: () => closeServer(server) };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_REQUEST_BYTES) {
    // Answer without reading the upload; the socket is closed after the response.
    req.resume();
    return Promise.reject(new RequestTooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(new RequestTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: OutgoingResponse): void {
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  if (response.cookies.length) res.setHeader('set-cookie', response.cookies);
  res.setHeader('content-length', response.body.length);
  res.statusCode = response.statusCode;
  if (response.statusCode === 413) res.setHeader('connection', 'close');
  res.end(response.body);
}

function redactingLog(log: StackLog): StackLog {
  return {
    info: (text) => log.info(redactSecrets(text)),
    warn: (text) => log.warn(redactSecrets(text)),
    error: (text, cause) =>
      log.error(redactSecrets(text), cause instanceof Error ? redactError(cause) : typeof cause === 'string' ? redactSecrets(cause) : cause),
  };
}
