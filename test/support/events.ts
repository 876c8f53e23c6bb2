import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';

/** An API Gateway v2 event as the HTTP API sends it, with JWT claims rendered the way API Gateway renders them. */
export function apiEvent(opts: {
  method?: string;
  path?: string;
  body?: string;
  contentType?: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  user?: { id: string; roles: string[] };
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers: Record<string, string> = { host: 'api.test' };
  if (opts.contentType ?? opts.body) headers['content-type'] = opts.contentType ?? 'application/json';
  return {
    version: '2.0',
    routeKey: `${opts.method ?? 'GET'} ${opts.path ?? '/'}`,
    rawPath: opts.path ?? '/',
    rawQueryString: '',
    headers,
    ...(opts.query ? { queryStringParameters: opts.query } : {}),
    ...(opts.pathParameters ? { pathParameters: opts.pathParameters } : {}),
    ...(opts.body !== undefined ? { body: opts.body } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'api.test',
      domainPrefix: 'api',
      requestId: 'req-1',
      routeKey: `${opts.method ?? 'GET'} ${opts.path ?? '/'}`,
      stage: '$default',
      time: '',
      timeEpoch: 0,
      http: { method: opts.method ?? 'GET', path: opts.path ?? '/', protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'vitest' },
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: opts.user
          ? { claims: { username: opts.user.id, 'cognito:groups': `[${opts.user.roles.join(' ')}]`, token_use: 'access', client_id: 'test-client', jti: 'jti-1' }, scopes: [] }
          : (undefined as never),
      },
    },
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

export const lambdaContext = { awsRequestId: 'req-1', functionName: 'test', getRemainingTimeInMillis: () => 30000 } as unknown as Context;
