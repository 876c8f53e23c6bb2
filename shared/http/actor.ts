import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { clientAddress } from './edge';
import { isRole, type Role } from '../roles';

/** What a verified access token says: who signed in and the groups Cognito put them in. */
export interface TokenIdentity {
  userId: string;
  roles: Role[];
  sourceIp: string;
  /**
   * The sign-in the token belongs to (`origin_jti`, else `jti`): a signed-out session's id is on the
   * revocation list (shared/data/revocation-repo.ts). Absent only for identities built without a token.
   */
  sessionId?: string;
}

/**
 * Who is calling: a registered, active person of an agency (shared/services/actors.ts resolves it from
 * the token and the person's record). Roles are those both the token and the record grant, so a role
 * removed from the record is gone at once, and a token can never give more than the record.
 */
export interface Actor extends TokenIdentity {
  name: string;
  agencyCode: string;
}

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
