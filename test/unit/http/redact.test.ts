import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../../../shared/logger';
import { redactSecrets } from '../../../shared/redact';

const linkToken = 'Qk3x9_aB-7yZpL0mN2vR5tW8cE1fH4jK6oS3uV9wX0y';
const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1LXZhbnRodSJ9.c2lnbmF0dXJlLXBhcnQ';

describe('no credential is logged', () => {
  afterEach(() => vi.restoreAllMocks());

  it('redacts link tokens in paths, Bearer tokens, our cookies and JWTs, and keeps the link pages’ names', () => {
    expect(redactSecrets(`GET /l/${linkToken}?x=1 → 303`)).toBe('GET /l/[redacted]?x=1 → 303');
    expect(redactSecrets('GET /l/pdf → 200; POST /l/acknowledge → 303; GET /l → 200')).toBe('GET /l/pdf → 200; POST /l/acknowledge → 303; GET /l → 200');
    expect(redactSecrets(`authorization: Bearer ${jwt}`)).toBe('authorization: Bearer [redacted]');
    expect(redactSecrets(`cookie: cv_staff=${jwt}; cv_link=${linkToken}`)).toBe('cookie: cv_staff=[redacted]; cv_link=[redacted]');
    expect(redactSecrets(`token ${jwt} refused`)).toBe('token [redacted] refused');
  });

  it('the Powertools logger redacts messages, fields, headers and errors', () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    logger.warn(`opening /l/${linkToken}`, {
      headers: { authorization: `Bearer ${jwt}`, cookie: `cv_staff=${jwt}` },
      cookies: [`cv_link=${linkToken}`],
      path: `/l/${linkToken}`,
    });
    logger.error('failed', { error: new Error(`fetch /l/${linkToken} with ${jwt}`) });
    const out = lines.join('');
    expect(out).toContain('/l/[redacted]');
    expect(out).not.toContain(linkToken);
    expect(out).not.toContain(jwt);
    expect(out).not.toContain('c2lnbmF0dXJlLXBhcnQ');
  });
});
