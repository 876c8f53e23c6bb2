import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { isRole, type Role } from '../roles';

/** Who is calling, from the JWT claims the API Gateway authorizer (or the local gateway) verified. */
export interface Actor {
  userId: string;
  roles: Role[];
  sourceIp: string;
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

export function actorFrom(event: APIGatewayProxyEventV2WithJWTAuthorizer): Actor | null {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (!claims) return null;
  // Cognito access tokens carry `username`; it is the id the directory and dispatches refer to.
  const userId = String(claims['username'] ?? claims['cognito:username'] ?? claims['sub'] ?? '');
  if (!userId) return null;
  return { userId, roles: parseGroups(claims['cognito:groups']), sourceIp: event.requestContext.http.sourceIp };
}
