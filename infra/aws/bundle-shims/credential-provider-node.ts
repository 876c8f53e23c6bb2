import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { AwsCredentialIdentity } from '@smithy/types';

/**
 * The SDK layer's stand-in for `@aws-sdk/credential-provider-node` (infra/aws/sdk-layer.ts), whose default
 * chain (SSO, INI files, web identity, process, ECS and EC2 metadata, with the STS and SSO clients of
 * `@aws-sdk/nested-clients`) is about 80 KB of the layer loaded at every cold start for nothing: in Lambda
 * the execution role's credentials are always in the environment, the first link of that chain. So the
 * environment is read here, and only if it has no credentials (a runtime that changed that) is the full
 * chain loaded, from the runtime's own SDK (`/var/runtime/node_modules` through NODE_PATH; the specifier
 * is a variable so esbuild leaves the `require` to run time).
 */
declare const require: (id: string) => { defaultProvider(init: unknown): (props?: unknown) => Promise<AwsCredentialIdentity> };

export const defaultProvider = (init: Record<string, unknown> = {}) => {
  const env = fromEnv(init);
  return async (props?: Record<string, unknown>): Promise<AwsCredentialIdentity> => {
    try {
      return await env(props);
    } catch {
      const runtimeChain = '@aws-sdk/credential-provider-node';
      return require(runtimeChain).defaultProvider(init)(props);
    }
  };
};
