import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { IdentityAccount, IdentityDirectory } from './directory-identity';

/**
 * The identity port on a Cognito user pool. The IAM actions it uses (and nothing else) are granted in
 * infra/aws/auth.ts `grantDirectorySync`; keep the two lists together.
 */
export const COGNITO_SYNC_ACTIONS = [
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminUpdateUserAttributes',
  'cognito-idp:AdminListGroupsForUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminDisableUser',
] as const;

const toAttributes = (attributes: Record<string, string>) => Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }));

export function cognitoIdentityDirectory(userPoolId: string, client = new CognitoIdentityProviderClient({})): IdentityDirectory {
  const pool = { UserPoolId: userPoolId };
  return {
    async getAccount(username): Promise<IdentityAccount | undefined> {
      try {
        const out = await client.send(new AdminGetUserCommand({ ...pool, Username: username }));
        return { enabled: out.Enabled !== false, attributes: Object.fromEntries((out.UserAttributes ?? []).map((a) => [a.Name ?? '', a.Value ?? ''])) };
      } catch (error) {
        if (error instanceof UserNotFoundException) return undefined;
        throw error;
      }
    },
    async createAccount(username, attributes) {
      try {
        // No MessageAction: Cognito e-mails the invitation with a temporary password the person must
        // replace at first sign-in (and then sets up the required authenticator app).
        await client.send(new AdminCreateUserCommand({ ...pool, Username: username, UserAttributes: toAttributes(attributes), DesiredDeliveryMediums: ['EMAIL'] }));
        return 'created';
      } catch (error) {
        if (error instanceof UsernameExistsException) return 'exists';
        throw error;
      }
    },
    async setAttributes(username, attributes) {
      await client.send(new AdminUpdateUserAttributesCommand({ ...pool, Username: username, UserAttributes: toAttributes(attributes) }));
    },
    async groupsOf(username) {
      const groups: string[] = [];
      let NextToken: string | undefined;
      do {
        const out = await client.send(new AdminListGroupsForUserCommand({ ...pool, Username: username, ...(NextToken ? { NextToken } : {}) }));
        groups.push(...(out.Groups ?? []).map((g) => g.GroupName ?? '').filter(Boolean));
        NextToken = out.NextToken;
      } while (NextToken);
      return groups;
    },
    async addToGroup(username, group) {
      await client.send(new AdminAddUserToGroupCommand({ ...pool, Username: username, GroupName: group }));
    },
    async removeFromGroup(username, group) {
      await client.send(new AdminRemoveUserFromGroupCommand({ ...pool, Username: username, GroupName: group }));
    },
    async enable(username) {
      await client.send(new AdminEnableUserCommand({ ...pool, Username: username }));
    },
    async disable(username) {
      await client.send(new AdminDisableUserCommand({ ...pool, Username: username }));
    },
  };
}
