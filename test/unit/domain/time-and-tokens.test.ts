import { describe, expect, it } from 'vitest';
import { endOfVietnamDay, viDate, viDateTime, vietnamDate, vietnamYear } from '../../../shared/domain/time';
import { hashToken, looksLikeToken, newLinkToken, sameHash } from '../../../shared/domain/tokens';

describe('Vietnam dates', () => {
  it('starts the register year at midnight on 1 January in Vietnam, not UTC', () => {
    // 31 Dec 2025 17:30 UTC is already 1 Jan 2026 00:30 in Hà Nội.
    expect(vietnamYear(new Date('2025-12-31T17:30:00Z'))).toBe(2026);
    expect(vietnamDate(new Date('2025-12-31T16:59:59Z'))).toBe('2025-12-31');
  });

  it('ends a due date at 23:59:59.999 Vietnam time', () => {
    expect(endOfVietnamDay('2026-12-15').toISOString()).toBe('2026-12-15T16:59:59.999Z');
  });
});

describe('link tokens', () => {
  it('are 256-bit random, URL-safe, and stored only as a SHA-256 hash', () => {
    const a = newLinkToken();
    const b = newLinkToken();
    expect(a.token).not.toBe(b.token);
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(32);
    expect(looksLikeToken(a.token)).toBe(true);
    expect(a.hash).toBe(hashToken(a.token));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).not.toContain(a.token);
  });

  it('compares hashes in constant time and rejects other lengths', () => {
    const { hash } = newLinkToken();
    expect(sameHash(hash, hash)).toBe(true);
    expect(sameHash(hash, hashToken('x'))).toBe(false);
    expect(sameHash(hash, 'abcd')).toBe(false);
  });

  it('rejects junk before any lookup', () => {
    expect(looksLikeToken('../../etc/passwd')).toBe(false);
    expect(looksLikeToken('a'.repeat(44))).toBe(false);
  });
});

describe('Vietnamese date formats', () => {
  it('writes dates day first, and clock times in Vietnam time, across the date line', () => {
    expect(viDate('2026-01-05')).toBe('05/01/2026');
    expect(viDate('2026-11-23T03:34:15.000Z')).toBe('23/11/2026');
    expect(viDate(undefined)).toBe('');
    // 20:00 UTC on 23 November is already 24 November in Hà Nội.
    expect(viDate('2026-11-23T20:00:00.000Z')).toBe('24/11/2026');
    expect(viDateTime('2026-11-23T03:34:15.000Z')).toBe('23/11/2026 10:34');
    expect(viDateTime('2026-12-31T17:30:00.000Z', true)).toBe('01/01/2027 00:30:00');
    expect(viDateTime(undefined)).toBe('');
  });
});
