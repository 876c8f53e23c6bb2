import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { AppError, invalid, type FieldError } from '../errors';
import { fieldErrors } from '../schemas/messages';
import { tokenIdentityFrom, type Actor, type TokenIdentity } from './actor';
import { requireEdge } from './edge';
import { resolveActor } from '../services/actors';
import { guardDispatch } from '../services/dispatch-access';
import { errorResponse, jsonResponse, type HttpResult } from './responses';
import { logger } from '../logger';
import { metricsFlusher } from '../metrics';
import { withCorrelationId } from '../correlation';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { isMediaType } from '../domain/media-type';
import type { RouteAccess } from './route-access';

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
type AnySchema = z.ZodMiniType;
type Parsed<S> = S extends AnySchema ? z.output<S> : undefined;

export interface HttpSpec<B, Q, P> {
  body?: B;
  query?: Q;
  params?: P;
  /** A non-JSON body of this content type (e.g. `text/csv`), read as text with the other checks. */
  text?: string;
}

export interface HttpRequest<B, Q, P> {
  body: Parsed<B>;
  query: Parsed<Q>;
  params: Parsed<P>;
  /** Present on every non-public route (the middleware refuses the request otherwise). */
  actor: Actor;
  /** The body as text, for a spec with `text` (its content type checked). */
  text: string;
  event: Event;
}

/** Hard cap on request bodies we parse; API Gateway allows more, but no JSON input of ours is this big. */
const MAX_BODY_BYTES = 1_000_000;

/**
 * Wraps a route's function in the one middy chain every HTTP handler uses:
 * authorization from the route table, JSON parsing, zod validation, error mapping and security headers.
 * The function receives validated input and returns a result; it never builds error responses itself.
 */
export function httpHandler<B extends AnySchema | undefined = undefined, Q extends AnySchema | undefined = undefined, P extends AnySchema | undefined = undefined>(
  route: RouteAccess,
  spec: HttpSpec<B, Q, P>,
  fn: (req: HttpRequest<B, Q, P>) => Promise<HttpResult>,
) {
  const routeId = route.id;

  const chain = middy<Event, APIGatewayProxyStructuredResultV2, Error, Context>()
    // First in the chain, so its after/onError run last: what the route and the error mapping counted is written.
    .use(metricsFlusher())
    // The Lambda context (function name, request id, cold start) on every log line of the invocation.
    .use(injectLambdaContext(logger))
    .use({
      onError: async (request) => {
        const error = request.error;
        if (!(error instanceof AppError)) {
          logger.error('Unhandled error', { routeId, error: error as Error });
        } else if (error.code === 'internal') {
          logger.error('Internal error', { routeId, error });
        }
        request.response = errorResponse(error);
      },
    })
    .handler(async (event) => {
      requireEdge(event);
      const identity = authorize(route.access, event);
      // Every part is checked before anything is refused, so one 400 names every wrong field at once.
      const problems: FieldError[] = [];
      const params = spec.params ? validate(spec.params, event.pathParameters ?? {}, 'path', problems) : undefined;
      const query = spec.query ? validate(spec.query, event.queryStringParameters ?? {}, 'query', problems) : undefined;
      const body = spec.body ? validate(spec.body, parseJsonBody(event), '', problems) : undefined;
      if (problems.length) throw invalid(problems);
      const text = spec.text ? textBody(event, spec.text) : '';
      // The token says who signed in; the person's record says whether they still may, and as what.
      const actor = identity && route.access !== 'public' ? requireRole(route.access, await resolveActor(identity)) : null;
      const dispatchId = (params as { dispatchId?: string } | undefined)?.dispatchId;
      if (actor && dispatchId) await guardDispatch(actor, dispatchId, route.method === 'GET' ? 'read' : 'act');
      const result = await fn({ body, query, params, actor: actor as Actor, event, text } as HttpRequest<B, Q, P>);
      return jsonResponse(result);
    });
  // The API request id is the correlation id of whatever this request starts (shared/correlation.ts):
  // in scope for the whole chain, so the error mapping's lines carry it too.
  return (event: Event, context: Context) => withCorrelationId(event.requestContext?.requestId ?? context?.awsRequestId, () => chain(event, context));
}

/** The token's identity, refused (401) without one and (403) when none of its groups may use the route. */
function authorize(access: 'public' | readonly string[], event: Event): TokenIdentity | null {
  if (access === 'public') return null;
  const identity = tokenIdentityFrom(event);
  if (!identity) {
    throw new AppError('unauthorized', { vi: 'Cần đăng nhập.', en: 'Sign-in required.' });
  }
  return requireRole(access, identity);
}

function requireRole<T extends TokenIdentity>(access: readonly string[], who: T): T {
  if (!who.roles.some((r) => access.includes(r))) {
    throw new AppError('forbidden', {
      vi: `Vai trò của bạn không được phép thực hiện thao tác này (cần: ${access.join(', ')}).`,
      en: `Your role may not do this (needs: ${access.join(', ')}).`,
    });
  }
  return who;
}

/**
 * The request body as text, refused unless its content type is `expected` (415) or it is larger than
 * any input of ours (413). Used directly by routes that take CSV; JSON routes go through the spec.
 */
export function textBody(event: Event, expected: string): string {
  // Exactly this type, optionally `; charset=utf-8`: never a prefix match (`application/jsonp`, `…; charset=utf-16`).
  if (!isMediaType(event.headers['content-type'], expected)) {
    throw new AppError('unsupported_media_type', {
      vi: `Nội dung phải có Content-Type: ${expected} (có thể kèm ; charset=utf-8).`,
      en: `The body must have Content-Type: ${expected} (optionally ; charset=utf-8).`,
    });
  }
  const text = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw new AppError('payload_too_large', { vi: 'Nội dung quá lớn.', en: 'The body is too large.' });
  }
  return text;
}

function parseJsonBody(event: Event): unknown {
  if (!event.body) return undefined;
  const text = textBody(event, 'application/json');
  try {
    return JSON.parse(text);
  } catch {
    throw invalid([{ field: '(body)', vi: 'Nội dung không phải JSON hợp lệ.', en: 'The body is not valid JSON.' }]);
  }
}

/** Validates one part of the request; its problems are added to `problems` (the result is then unusable). */
function validate<S extends AnySchema>(schema: S, input: unknown, prefix: string, problems: FieldError[]): z.output<S> {
  // reportInput lets the messages tell a missing field ("is required") from one of the wrong type.
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) problems.push(...fieldErrors(result.error.issues, prefix));
  return result.data as z.output<S>;
}
