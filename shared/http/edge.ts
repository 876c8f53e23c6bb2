import { timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { AppError } from '../errors';

/**
 * The edge in front of the API (infra/aws/edge.ts): CloudFront, with AWS WAF, adds a secret header to
 * every request it forwards. HTTP APIs have no resource policy, so the handlers check it: with
 * ORIGIN_VERIFY_SECRET configured, a request that did not come through the distribution is refused
 * before any other work. Locally the variable is unset and nothing changes.
 */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

type Event = Pick<APIGatewayProxyEventV2, 'headers' | 'requestContext'>;

/**
 * ORIGIN_VERIFY_SECRET (shared/config.ts declares it, so the stack must set it), read on its own: the
 * refusal must not depend on the rest of the configuration being valid.
 */
const originSecret = (): string | undefined => process.env['ORIGIN_VERIFY_SECRET'] || undefined;

function cameThroughEdge(event: Event, secret: string): boolean {
  const sent = Buffer.from(event.headers?.[ORIGIN_VERIFY_HEADER] ?? '');
  const expected = Buffer.from(secret);
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}

/** Throws 403 when the edge is configured and the request did not pass through it. */
export function requireEdge(event: Event): void {
  const secret = originSecret();
  if (secret && !cameThroughEdge(event, secret)) {
    throw new AppError('forbidden', { vi: 'Chỉ truy cập qua địa chỉ công khai của hệ thống.', en: 'Use the public address of the service.' });
  }
}

/**
 * The caller's address. Behind CloudFront, API Gateway's `sourceIp` is the edge server's address, so
 * per-address limits would lump together everyone using the same edge. Trusted only with the secret
 * header: CloudFront's `cloudfront-viewer-address` (`ip:port`, IPv6 too), else the entry CloudFront
 * appended to `x-forwarded-for` (the one before API Gateway's own, the edge server's; anything further
 * left came from the client and proves nothing).
 */
export function clientAddress(event: Event): string {
  const secret = originSecret();
  if (secret && cameThroughEdge(event, secret)) {
    const viewer = event.headers?.['cloudfront-viewer-address'];
    const colon = viewer?.lastIndexOf(':') ?? -1;
    if (viewer && colon > 0) return viewer.slice(0, colon);
    const forwarded = (event.headers?.['x-forwarded-for'] ?? '').split(',').map((a) => a.trim()).filter(Boolean);
    if (forwarded.length >= 2) return forwarded[forwarded.length - 2]!;
  }
  return event.requestContext.http.sourceIp;
}
