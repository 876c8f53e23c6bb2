import type { BuildOptions } from 'esbuild';
import { repoRoot } from './paths';

/**
 * The one description of how a function's bundle is built. CDK's NodejsFunction (handler-function.ts)
 * turns it into esbuild CLI arguments; the bundle budget test and `npm run bench` hand the same values
 * to esbuild's API (`esbuildOptions`), so what they measure is what deploys.
 *
 * esbuild on this machine (never Docker): one ESM file per function for Node 24, minified. Everything is
 * bundled but the AWS SDK v3, required at run time: that takes 150–200 KB (the SDK core, smithy, the
 * clients) out of every bundle. Lambda resolves it from the app's SDK layer (infra/aws/sdk-layer.ts:
 * package-lock.json's versions, trimmed to what the code imports), which shadows the runtime's copy in
 * `/var/runtime/node_modules`; see infra/aws/README.md ("Bundles", "Init CPU").
 */
export const BUNDLE = {
  target: 'node24',
  format: 'esm',
  minify: true,
  /**
   * The map is written beside the code (`index.mjs.map`, uploaded with it) but not referenced from it:
   * a stack trace is resolved against the map when someone needs it, and nothing pays for loading it at
   * cold start (no `--enable-source-maps`, which cost 7–200 ms of init).
   */
  sourcemap: 'external',
  // The map only needs names and lines; leaving the sources out keeps the package small.
  sourcesContent: false,
  // Prefer packages' ES module builds, which esbuild can tree-shake.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  /** Required at run time from the SDK layer (see above); the bench and the budget test build it beside the bundles. */
  external: ['@aws-sdk/*'],
  // CommonJS dependencies bundled into an ES module still call `require` (e.g. for Node built-ins).
  // The alias avoids clashing with a bundled `import { createRequire }` (shared/pdf/fonts.ts has one).
  banner: "import { createRequire as __cvCreateRequire } from 'node:module'; const require = __cvCreateRequire(import.meta.url);",
  /**
   * Packages replaced in the bundles (paths relative to the repository root, where esbuild runs). See
   * each shim for why; the local stack runs the TypeScript source and keeps the real packages.
   */
  alias: {
    semver: './infra/aws/bundle-shims/semver.ts',
    pako: './infra/aws/bundle-shims/pako.ts',
    '@pdf-lib/standard-fonts': './infra/aws/bundle-shims/standard-fonts.ts',
    // The runtime's AWS SDK by `require` instead of `import` (~70 ms less init CPU): bundle-shims/aws-sdk/README.md.
    '@aws-sdk/client-cognito-identity-provider': './infra/aws/bundle-shims/aws-sdk/client-cognito-identity-provider.cjs',
    '@aws-sdk/client-dynamodb': './infra/aws/bundle-shims/aws-sdk/client-dynamodb.cjs',
    '@aws-sdk/client-kms': './infra/aws/bundle-shims/aws-sdk/client-kms.cjs',
    '@aws-sdk/client-s3': './infra/aws/bundle-shims/aws-sdk/client-s3.cjs',
    '@aws-sdk/client-ses': './infra/aws/bundle-shims/aws-sdk/client-ses.cjs',
    '@aws-sdk/client-sqs': './infra/aws/bundle-shims/aws-sdk/client-sqs.cjs',
    '@aws-sdk/client-ssm': './infra/aws/bundle-shims/aws-sdk/client-ssm.cjs',
    '@aws-sdk/lib-dynamodb': './infra/aws/bundle-shims/aws-sdk/lib-dynamodb.cjs',
    '@aws-sdk/s3-request-presigner': './infra/aws/bundle-shims/aws-sdk/s3-request-presigner.cjs',
    '@aws-sdk/util-dynamodb': './infra/aws/bundle-shims/aws-sdk/util-dynamodb.cjs',
    // Built-ins whose ES module import loads more than their `require` (undici for node:http): bundle-shims/node/README.md.
    'node:http': './infra/aws/bundle-shims/node/http.cjs',
    'node:fs': './infra/aws/bundle-shims/node/fs.cjs',
    'node:fs/promises': './infra/aws/bundle-shims/node/fs-promises.cjs',
  },
} as const;

/** The file CDK's esbuild writes for an ESM bundle (Lambda's handler `index.handler` finds it). */
export const BUNDLE_FILE = 'index.mjs';

/**
 * The esbuild API options equal to the CLI arguments CDK builds from `BUNDLE` (aws-lambda-nodejs
 * bundling: `--bundle <entry> --target --platform=node --format --outfile --minify --sourcemap=external
 * --sources-content=false --log-level --banner:js --main-fields --alias:… --external:…`, run in the
 * repository root).
 */
export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: BUNDLE.target,
    format: BUNDLE.format,
    outfile,
    minify: BUNDLE.minify,
    sourcemap: BUNDLE.sourcemap,
    sourcesContent: BUNDLE.sourcesContent,
    mainFields: [...BUNDLE.mainFields],
    logLevel: BUNDLE.logLevel,
    banner: { js: BUNDLE.banner },
    alias: { ...BUNDLE.alias },
    external: [...BUNDLE.external],
    absWorkingDir: repoRoot,
  };
}
