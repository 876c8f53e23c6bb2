import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { isRole, type Role } from '../roles';

/** What a verified access token says: who signed in and the groups Cognito put them in. */
export interface TokenIdentity {
  userId: string;
  roles: Role[];
  sourceIp: string;
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

export function tokenIdentityFrom(event: APIGatewayProxyEventV2WithJWTAuthorizer): TokenIdentity | null {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (!claims) return null;
  // Cognito access tokens carry `username`; it is the id of the person's record.
  const userId = String(claims['username'] ?? claims['cognito:username'] ?? claims['sub'] ?? '');
  if (!userId) return null;
  return { userId, roles: parseGroups(claims['cognito:groups']), sourceIp: event.requestContext.http.sourceIp };
}
