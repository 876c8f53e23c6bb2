import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  OAuthScope,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { COGNITO_SYNC_ACTIONS } from '../../shared/identity/cognito';
import { roles } from '../../shared/roles';

/** What each group (= role of shared/roles.ts) is for, shown in the Cognito console. */
const roleDescriptions: Record<(typeof roles)[number], string> = {
  clerk: 'Văn thư: drafts, numbers, issues and recalls dispatches; records incoming directives',
  signer: 'Lãnh đạo ký: signs or returns dispatches submitted for signature',
  leader: 'Lãnh đạo: follows directives and dispatches',
  itdept: 'IT department: handles account reset requests',
  admin: 'Administrator: organisation directory and everything a clerk does',
};

/**
 * Staff sign-in. Accounts are created by an administrator (no self sign-up) and every staff member
 * belongs to the groups of their roles; the groups reach the handlers as the `cognito:groups` claim.
 *
 * MFA is REQUIRED, with an authenticator app (TOTP): these accounts sign and issue official letters,
 * and leaked passwords are exactly the incident this product tracks. SMS is off (SIM-swap risk,
 * and it would need an SNS role and spending limits).
 *
 * The Plus feature plan adds threat protection (compromised-credential checks, adaptive
 * authentication) in full-function mode; it costs a little per active user, small for a staff-only pool.
 */
export class StaffAuth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true } },
      // The person's agency code, set from the directory by the people-identity-sync consumer (read-only
      // to the app clients: only that consumer, with admin rights on the pool, writes it).
      customAttributes: { agency: new StringAttribute({ minLen: 1, maxLen: 32, mutable: true }) },
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const role of roles) {
      this.userPool.addGroup(`Group-${role}`, { groupName: role, description: roleDescriptions[role] });
    }

    // A public client (browser or CLI): no secret, SRP sign-in only (the password never leaves the
    // client), no OAuth hosted UI. Short-lived access tokens; a refresh lasts a working day.
    this.client = this.userPool.addClient('Client', {
      generateSecret: false,
      authFlows: { userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
  }

  /**
   * What the people-identity-sync consumer needs to keep accounts in step with the directory: exactly
   * the admin actions shared/identity/cognito.ts uses, on this pool only.
   */
  grantDirectorySync(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: [...COGNITO_SYNC_ACTIONS], resources: [this.userPool.userPoolArn] }));
  }

  /**
   * Sign-in for the staff web pages: Cognito's hosted sign-in (with the pool's required MFA), the
   * authorization-code flow with PKCE, to a client of its own so the SRP client above keeps OAuth off.
   * Public (no secret: PKCE protects the code), openid scope only, back to `<base>/app/callback`.
   */
  addWebSignIn(baseUrl: string): { client: UserPoolClient; domain: UserPoolDomain } {
    const domain = this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: `congvan-${Stack.of(this).account}` } });
    const client = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: { flows: { authorizationCodeGrant: true }, scopes: [OAuthScope.OPENID], callbackUrls: [`${baseUrl}/app/callback`], logoutUrls: [`${baseUrl}/app/sign-in`] },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    return { client, domain };
  }
}
