import { createHash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { config } from '../config';
import { parseGroups, sessionIdOf, type Actor } from '../http/actor';
import { resolveActor } from '../services/actors';
import { AppError } from '../errors';
import { cookieValue } from '../http/cookies';

/**
 * The staff web session: the access token itself, in an HttpOnly cookie scoped to /app, verified here
 * on every request the way API Gateway's JWT authorizer verifies a Bearer token (signature against the
 * issuer's published keys, issuer, client, expiry). Only signing out stores something server-side: the
 * session's id on the revocation list, which every later request checks (shared/services/actors.ts), so
 * the cookie does not outlive the sign-out. The page routes are "public" at the gateway only because
 * its authorizer reads headers, not cookies.
 */
export const SESSION_COOKIE = 'cv_staff';
export const APP_PATH = '/app';

let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
let jwksUrl: string | undefined;

function keySet(url: string) {
  // One key set per process (it caches the keys); a new URL (a new local stack in tests) gets a new one.
  if (!jwks || jwksUrl !== url) {
    jwks = createRemoteJWKSet(new URL(url));
    jwksUrl = url;
  }
  return jwks;
}

export interface StaffSession {
  token: string;
  actor: Actor;
  expiresAt: Date;
  /** The sign-in (`origin_jti`, else `jti`): what signing out puts on the revocation list. */
  sessionId: string;
}

/** The session of a valid cookie, or undefined (no cookie, bad signature, expired, wrong client…). */
export async function sessionFrom(cookies: readonly string[] | undefined, sourceIp: string): Promise<StaffSession | undefined> {
  const token = cookieValue(cookies, SESSION_COOKIE);
  if (!token) return undefined;
  const { STAFF_TOKEN_ISSUER: issuer, STAFF_TOKEN_JWKS_URL: url, STAFF_TOKEN_CLIENT_ID: clientId } = config();
  if (!issuer || !url || !clientId) return undefined;
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keySet(url), { issuer, algorithms: ['RS256'], requiredClaims: ['exp', 'sub', 'jti'] }));
  } catch {
    return undefined;
  }
  if (payload['token_use'] !== 'access' || payload['client_id'] !== clientId) return undefined;
  const userId = String(payload['username'] ?? payload['cognito:username'] ?? payload.sub ?? '');
  const sessionId = sessionIdOf(payload);
  if (!userId || !sessionId) return undefined;
  let actor: Actor;
  try {
    // A valid token of someone no longer in the directory (or inactive), or of a signed-out session, opens nothing.
    actor = await resolveActor({ userId, roles: parseGroups(payload['cognito:groups']), sourceIp, sessionId });
  } catch (error) {
    if (error instanceof AppError) return undefined;
    throw error;
  }
  return {
    token,
    actor,
    expiresAt: new Date((payload.exp ?? 0) * 1000),
    sessionId,
  };
}


/** Secure everywhere except plain-http localhost (the local stack), where browsers would drop it. */
const secureFlag = () => (config().PUBLIC_BASE_URL.startsWith('http://localhost') ? '' : '; Secure');

export const sessionCookie = (token: string, maxAgeSeconds: number) =>
  `${SESSION_COOKIE}=${token}; Path=${APP_PATH}; HttpOnly; SameSite=Lax; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}${secureFlag()}`;

export const clearedSessionCookie = () => `${SESSION_COOKIE}=; Path=${APP_PATH}; HttpOnly; SameSite=Lax; Max-Age=0${secureFlag()}`;

/**
 * The CSRF value of a session's forms: derived from the token in the HttpOnly cookie, so only a page
 * served to that session can know it, and nothing needs storing. Before sign-in, the same is derived
 * from a random pre-session cookie (login CSRF).
 */
export function csrfFor(secret: string): string {
  return createHash('sha256').update(`staff-csrf\u0000${secret}`, 'utf8').digest('base64url');
}

export function csrfMatches(secret: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(csrfFor(secret));
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
