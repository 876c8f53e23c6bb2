/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (an esbuild alias,
 * infra/aws/bundle-options.ts). Every SDK client imports that package for its default credential chain:
 * SSO, INI files, processes, web identity, containers and instance metadata, with the STS, SSO and
 * sign-in clients they need (about 100 KB minified in each bundle). A Lambda function has exactly one
 * source: the execution role's credentials, which the runtime puts in environment variables before the
 * handler loads and keeps valid for the life of the execution environment. The local stack runs the
 * TypeScript source, not the bundles, so it keeps the SDK's own chain.
 */
interface EnvCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

export const defaultProvider = () => async (): Promise<EnvCredentials> => {
  const accessKeyId = process.env['AWS_ACCESS_KEY_ID'];
  const secretAccessKey = process.env['AWS_SECRET_ACCESS_KEY'];
  if (!accessKeyId || !secretAccessKey) {
    throw new Error('No AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY): the Lambda runtime sets them.');
  }
  const sessionToken = process.env['AWS_SESSION_TOKEN'];
  const expiry = process.env['AWS_CREDENTIAL_EXPIRATION'];
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}), ...(expiry ? { expiration: new Date(expiry) } : {}) };
};

// The same predicates as the package's: credentials with an expiry are refreshed 5 minutes before it.
export const credentialsWillNeedRefresh = (credentials?: { expiration?: Date }): boolean => credentials?.expiration !== undefined;
export const credentialsTreatedAsExpired = (credentials?: { expiration?: Date }): boolean =>
  credentials?.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000;
