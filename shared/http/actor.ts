import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { clientAddress } from './edge';
import { isRole, type Role } from '../roles';

// Who is calling is a domain notion (services and templates use it); read from the request here.
export type { Actor, TokenIdentity } from '../domain/actor';
import type { TokenIdentity } from '../domain/actor';

/**
 * API Gateway HTTP APIs hand array claims to Lambda as a string such as "[clerk signer]";
 * a direct invocation may pass a real array. Accept both.
 */
export function parseGroups(claim: unknown): Role[] {
  const raw: unknown[] = Array.isArray(claim)
    ? claim
    : typeof claim === 'string'
      ? claim.replace(/^\[|\]$/g, '').split(/[\s,]+/)
      : [];
  return raw.filter((g): g is Role => typeof g === 'string' && isRole(g));
}

/**
 * The identity of the claims API Gateway's JWT authorizer verified, or null (→ 401).
 *
 * Only access tokens: the authorizer checks signature, issuer, expiry and audience, but an ID token
 * of the same client passes it too (its `aud` is the client id), and the authorizer cannot look at
 * `token_use`. So this refuses anything but `token_use: access`, and a token with an `aud` claim:
 * Cognito access tokens have none, and only then does the authorizer check `client_id` against its
 * audience (it checks `aud` instead when there is one). API Gateway hands every claim over as a string.
 */
export function tokenIdentityFrom(event: APIGatewayProxyEventV2WithJWTAuthorizer): TokenIdentity | null {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (!claims) return null;
  if (String(claims['token_use'] ?? '') !== 'access' || claims['aud'] !== undefined) return null;
  if (!String(claims['client_id'] ?? '')) return null;
  // Cognito access tokens carry `username`; it is the id of the person's record.
  const userId = String(claims['username'] ?? claims['cognito:username'] ?? claims['sub'] ?? '');
  if (!userId) return null;
  const sessionId = sessionIdOf(claims);
  return { userId, roles: parseGroups(claims['cognito:groups']), sourceIp: clientAddress(event), ...(sessionId ? { sessionId } : {}) };
}

/**
 * The sign-in a token belongs to: Cognito gives every token of one authentication (and its refreshes)
 * the same `origin_jti`; `jti` is the token's own.
 */
export function sessionIdOf(claims: Record<string, unknown>): string | undefined {
  const id = String(claims['origin_jti'] ?? claims['jti'] ?? '');
  return id || undefined;
}
