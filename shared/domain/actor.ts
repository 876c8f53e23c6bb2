import type { Role } from '../roles';

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
