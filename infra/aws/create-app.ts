import { App, Tags, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks, ServerlessChecks } from 'cdk-nag';
import { EdgeWafStack } from './edge';
import { CongVanStack } from './stack';
import type { CodeMode } from './handler-function';

export const STACK_NAME = 'CongVanStack';
export const EDGE_WAF_STACK_NAME = 'CongVanEdgeWaf';
/** Where the app deploys when neither `-c region=…` nor the CLI's profile (CDK_DEFAULT_REGION) says. */
export const DEFAULT_REGION = 'ap-southeast-1';

export interface CreateAppOptions {
  /** Passed to `App` (tests hand in cdk.json's context and an output folder). */
  readonly appProps?: AppProps;
  /** `stub` only in template tests. */
  readonly code?: CodeMode;
}

/**
 * The CDK app: the stack, plus the cdk-nag AwsSolutions, Serverless and NIST 800-53 R5 packs as validation plugins,
 * so `cdk synth` fails on any finding that is not acknowledged (with its reason) next to the resource.
 */
export function createApp(options: CreateAppOptions = {}): { app: App; stack: CongVanStack; waf: EdgeWafStack } {
  const app = new App(options.appProps);
  // Both stacks name their region: a CLOUDFRONT WebACL can only be made in us-east-1, and the main
  // stack reads its ARN across regions (infra/aws/edge.ts), which CDK allows only between explicit regions.
  const account = process.env['CDK_DEFAULT_ACCOUNT'];
  const region = (app.node.tryGetContext('region') as string | undefined) ?? process.env['CDK_DEFAULT_REGION'] ?? DEFAULT_REGION;
  const waf = new EdgeWafStack(app, EDGE_WAF_STACK_NAME, {
    description: 'Cong van tracker: the AWS WAF WebACL of its CloudFront distribution (CLOUDFRONT scope, us-east-1 only)',
    env: { account, region: 'us-east-1' },
  });
  const stack = new CongVanStack(app, STACK_NAME, {
    env: { account, region },
    webAclArn: waf.webAcl.attrArn,
    description: 'Cong van tracker: official correspondence, signatures and acknowledgements',
    ...(options.code ? { code: options.code } : {}),
  });
  Tags.of(app).add('project', 'cong-van');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }), new ServerlessChecks(app, { verbose: true }), new NIST80053R5Checks(app, { verbose: true }));
  return { app, stack, waf };
}
