import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2 } from 'aws-lambda';

/**
 * Translation between HTTP and the API Gateway HTTP API payload format 2.0, in both directions, kept
 * free of I/O so it can be read (and tested) on its own. Shapes follow
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
export interface IncomingRequest {
  method: string;
  /** Path and query as received, e.g. `/units/a%20b?x=1`. */
  url: string;
  /** Node's header lists (lower-case names). */
  headers: Record<string, string[] | undefined>;
  body: Buffer;
  sourceIp: string;
  protocol: string;
  localPort: number;
}

export interface EventTarget {
  routeKey: string;
  pathParameters: Record<string, string> | undefined;
  requestId: string;
  /** JWT claims when the route has the authorizer; public routes get no `authorizer` at all. */
  claims?: Record<string, unknown>;
}

export function toApiEvent(request: IncomingRequest, target: EventTarget, now = new Date()): APIGatewayProxyEventV2WithJWTAuthorizer {
  const queryStart = request.url.indexOf('?');
  const rawPath = queryStart === -1 ? request.url : request.url.slice(0, queryStart);
  const rawQueryString = queryStart === -1 ? '' : request.url.slice(queryStart + 1);
  const { headers, cookies } = eventHeaders(request);
  const host = headers['host'] ?? `localhost:${request.localPort}`;
  const domainName = host.replace(/:\d+$/, '');
  const queryStringParameters = parseQuery(rawQueryString);
  const body = eventBody(request.body, headers['content-type']);

  const event = {
    version: '2.0',
    routeKey: target.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: request.method,
        path: rawPath,
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: target.requestId,
      routeKey: target.routeKey,
      stage: '$default',
      time: apiGatewayTime(now),
      timeEpoch: now.getTime(),
      ...(target.claims ? { authorizer: { jwt: { claims: renderClaims(target.claims), scopes: null } } } : {}),
    },
    ...(target.pathParameters ? { pathParameters: target.pathParameters } : {}),
    ...body,
  };
  // Public routes have no authorizer in API Gateway either; the type insists on one, so the event is
  // cast rather than given a fake authorizer that handlers could mistake for a signed-in user.
  return event as APIGatewayProxyEventV2WithJWTAuthorizer;
}

/**
 * API Gateway hands every claim to Lambda as a string: numbers as their digits, and arrays in
 * Go's fmt style, e.g. `cognito:groups` = `"[clerk signer]"`. Handlers must parse that real shape.
 */
export function renderClaims(claims: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(claims).map(([name, value]) => [name, renderClaim(value)]));
}

function renderClaim(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(renderClaim).join(' ')}]`;
  if (value !== null && typeof value === 'object') {
    return `map[${Object.entries(value)
      .map(([k, v]) => `${k}:${renderClaim(v)}`)
      .join(' ')}]`;
  }
  return String(value);
}

/** Headers as API Gateway passes them: lower-case, repeated values joined by commas, cookies taken out. */
function eventHeaders(request: IncomingRequest): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  let cookies: string[] = [];
  for (const [name, values] of Object.entries(request.headers)) {
    if (!values?.length) continue;
    if (name === 'cookie') {
      cookies = values.flatMap((v) => v.split(';')).map((c) => c.trim()).filter(Boolean);
      continue;
    }
    headers[name] = values.join(',');
  }
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${request.sourceIp}` : request.sourceIp;
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-forwarded-port'] ??= String(request.localPort);
  return { headers, cookies };
}

/** Decoded parameters; repeated names joined by commas (`a=1&a=2` → `"1,2"`). Undefined when empty. */
function parseQuery(rawQueryString: string): Record<string, string> | undefined {
  if (!rawQueryString) return undefined;
  const params: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    params[name] = name in params ? `${params[name]},${value}` : value;
  }
  return Object.keys(params).length ? params : undefined;
}

/** Text stays text; anything else (PDF uploads, multipart forms) is base64, as API Gateway does. */
function eventBody(body: Buffer, contentType: string | undefined): { body?: string; isBase64Encoded: boolean } {
  if (!body.length) return { isBase64Encoded: false };
  if (isTextContentType(contentType)) return { body: body.toString('utf8'), isBase64Encoded: false };
  return { body: body.toString('base64'), isBase64Encoded: true };
}

export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return true;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    type.endsWith('+json') ||
    type.endsWith('+xml') ||
    ['application/json', 'application/xml', 'application/x-www-form-urlencoded', 'application/javascript', 'application/graphql'].includes(type)
  );
}

/** `12/Mar/2020:19:03:58 +0000`, the format of `requestContext.time`. */
function apiGatewayTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

export interface OutgoingResponse {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

/**
 * The handler's result as API Gateway turns it into HTTP: a structured result (one with `statusCode`)
 * is taken field by field; anything else is "valid JSON without a status code", i.e. a 200 with the
 * value serialized as JSON.
 */
export function fromApiResult(result: APIGatewayProxyResultV2 | undefined): OutgoingResponse {
  if (result === null || typeof result !== 'object' || !('statusCode' in result) || result.statusCode === undefined) {
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      cookies: [],
      body: Buffer.from(JSON.stringify(result ?? null)),
    };
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
  const body = result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  return { statusCode: result.statusCode, headers, cookies: result.cookies ?? [], body };
}
