import { App, Tags, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { CongVanStack } from './stack';
import type { CodeMode } from './handler-function';

export const STACK_NAME = 'CongVanStack';

export interface CreateAppOptions {
  /** Passed to `App` (tests hand in cdk.json's context and an output folder). */
  readonly appProps?: AppProps;
  /** `stub` only in template tests. */
  readonly code?: CodeMode;
}

/**
 * The CDK app: the stack, plus the cdk-nag AwsSolutions and Serverless packs as validation plugins,
 * so `cdk synth` fails on any finding that is not acknowledged (with its reason) next to the resource.
 */
export function createApp(options: CreateAppOptions = {}): { app: App; stack: CongVanStack } {
  const app = new App(options.appProps);
  const stack = new CongVanStack(app, STACK_NAME, {
    description: 'Cong van tracker: official correspondence, signatures and acknowledgements',
    ...(options.code ? { code: options.code } : {}),
  });
  Tags.of(app).add('project', 'cong-van');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }), new ServerlessChecks(app, { verbose: true }));
  return { app, stack };
}
