import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Emailed links carry a random token; only its SHA-256 is stored, so a leaked table does not leak links.
 * 32 bytes = 256 bits of randomness (the floor is 128).
 */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex hashes of equal length. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Shape check before any lookup, so junk never reaches the database. */
export const looksLikeToken = (value: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(value);
