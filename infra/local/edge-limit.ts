import type { OutgoingResponse } from './api-event';
import { linkRateLimitedPage } from '../../templates/pages/link';
import { linkLangOf } from '../../shared/web/link-lang';

/**
 * The local stand-in for the WAF rate-based rule in front of the emailed link (infra/aws/edge.ts):
 * requests to `/l` and `/l/…` are counted per source address in memory, in fixed windows, before the
 * gateway reads the body, builds the event or calls a handler. A flood of random tokens from one
 * address is then refused without touching DynamoDB, so it cannot slow down units on other addresses.
 * The limit is the handlers' own per-address limit (LINK_RATE_PER_IP a minute), read at each request so
 * a test's setting applies; the handlers' DynamoDB counter stays as the second line (and the only one
 * in AWS without the edge).
 */
const WINDOW_MS = 60_000;
const DEFAULT_PER_IP = 600;

export const isLinkPath = (rawPath: string): boolean => rawPath === '/l' || rawPath.startsWith('/l/');

export class EdgeLimiter {
  private window = -1;
  private counts = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts the request; answers the 429 to send when the address is over its limit this window. */
  check(rawPath: string, sourceIp: string, cookieHeader: string | undefined): OutgoingResponse | undefined {
    if (!isLinkPath(rawPath)) return undefined;
    const window = Math.floor(this.now() / WINDOW_MS);
    if (window !== this.window) {
      this.window = window;
      this.counts.clear();
    }
    const hits = (this.counts.get(sourceIp) ?? 0) + 1;
    this.counts.set(sourceIp, hits);
    if (hits <= limit()) return undefined;
    const cookies = cookieHeader ? cookieHeader.split(';').map((c) => c.trim()) : undefined;
    return {
      statusCode: 429,
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'retry-after': '60', 'x-edge-limited': 'true' },
      cookies: [],
      body: Buffer.from(linkRateLimitedPage(linkLangOf(cookies))),
    };
  }
}

function limit(): number {
  const n = Number(process.env['LINK_RATE_PER_IP'] ?? DEFAULT_PER_IP);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_PER_IP;
}
