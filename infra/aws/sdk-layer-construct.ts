import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { Architecture, Code, LayerVersion, Runtime, type ILayerVersion } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import path from 'node:path';
import type { CodeMode } from './handler-function';
import { repoRoot } from './paths';
import { buildSdkLayer, SDK_LAYER_MODULES_DIR, sdkLayerHash } from './sdk-layer';

/**
 * The AWS SDK layer every function runs with (infra/aws/sdk-layer.ts: what it holds and why). Built on
 * this machine by esbuild during synth, never in Docker (the image is never pulled: local bundling always
 * succeeds or throws). Its asset hash is the locked SDK versions, the build's sources and the names the
 * code imports, so a deployment publishes a new layer version exactly when one of those changes.
 */
export class SdkLayer extends Construct {
  readonly layer: ILayerVersion;

  constructor(scope: Construct, id: string, props: { readonly code: CodeMode }) {
    super(scope, id);
    const code =
      props.code === 'bundle'
        ? Code.fromAsset(path.join(repoRoot, 'infra/aws/bundle-shims'), {
            assetHash: sdkLayerHash(),
            assetHashType: AssetHashType.CUSTOM,
            bundling: {
              image: DockerImage.fromRegistry('local-bundling-only'),
              local: {
                tryBundle(outputDir: string): boolean {
                  buildSdkLayer(path.join(outputDir, SDK_LAYER_MODULES_DIR));
                  return true;
                },
              },
            },
          })
        : // Template tests build no code (the functions get inline code instead). A layer cannot be inline, so
          // it points at an existing small folder; that template is only inspected, never deployed.
          Code.fromAsset(path.join(repoRoot, 'infra/aws/bundle-shims/aws-sdk'));
    this.layer = new LayerVersion(this, 'Layer', {
      code,
      compatibleRuntimes: [Runtime.NODEJS_24_X],
      compatibleArchitectures: [Architecture.ARM_64],
      description: 'AWS SDK v3 (package-lock versions, the commands the code imports) for every function: infra/aws/sdk-layer.ts',
    });
  }
}
