import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiEvent, lambdaContext } from '../../support/events';

/**
 * In AWS the API answers only through CloudFront (infra/aws/edge.ts): with ORIGIN_VERIFY_SECRET set,
 * every handler refuses a request without CloudFront's secret header, before any other work, and takes
 * the client's address from CloudFront's headers only when the secret came with them.
 */
const SECRET = 'a'.repeat(24) + 'B'.repeat(24);
let edge: typeof import('../../../shared/http/edge');
let health: (e: never, c: never) => Promise<unknown>;

beforeAll(async () => {
  process.env['ORIGIN_VERIFY_SECRET'] = SECRET;
  edge = await import('../../../shared/http/edge');
  health = (await import('../../../functions/http/health')).handler as never;
});
afterAll(() => {
  delete process.env['ORIGIN_VERIFY_SECRET'];
});

const withHeaders = (headers: Record<string, string>) => {
  const e = apiEvent({ method: 'GET', path: '/health' });
  return { ...e, headers: { ...e.headers, ...headers } };
};

describe('origin verification (the edge secret)', () => {
  it('refuses a request that did not come through CloudFront, with 403, and serves one that did', async () => {
    const direct = (await health(withHeaders({}) as never, lambdaContext as never)) as { statusCode: number };
    expect(direct.statusCode).toBe(403);
    const wrong = (await health(withHeaders({ 'x-origin-verify': SECRET.slice(0, -1) + 'x' }) as never, lambdaContext as never)) as { statusCode: number };
    expect(wrong.statusCode).toBe(403);
    const through = (await health(withHeaders({ 'x-origin-verify': SECRET }) as never, lambdaContext as never)) as { statusCode: number };
    expect(through.statusCode).toBe(200);
  });

  it("takes the viewer's address from CloudFront only together with the secret", () => {
    const viewer = { 'cloudfront-viewer-address': '2001:db8::7:51234', 'x-forwarded-for': '198.51.100.1, 203.0.113.5, 130.176.1.1' };
    expect(edge.clientAddress(withHeaders({ ...viewer, 'x-origin-verify': SECRET }))).toBe('2001:db8::7');
    expect(edge.clientAddress(withHeaders({ 'x-forwarded-for': viewer['x-forwarded-for'], 'x-origin-verify': SECRET }))).toBe('203.0.113.5');
    // Without the secret, the headers are the client's own words: the connection's address counts.
    expect(edge.clientAddress(withHeaders(viewer))).toBe('203.0.113.9');
  });
});
