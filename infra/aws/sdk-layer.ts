import { buildSync, type BuildOptions } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { BUNDLE } from './bundle-options';
import { repoRoot } from './paths';

/**
 * The AWS SDK v3 the functions run, as one Lambda layer of our own instead of the runtime's copy.
 *
 * The bundles leave every `@aws-sdk/*` package to a `require` at run time (bundle-shims/aws-sdk/). The
 * runtime's packages are CommonJS builds of whole clients: `require('@aws-sdk/client-dynamodb')` loads
 * every DynamoDB command and schema, the whole default credential chain (with the STS and SSO clients)
 * and `node:http2` for a handler that is never used, about 100 ms of the 165 ms a light function took to
 * load. This layer is the same packages, in package-lock.json's versions, bundled by esbuild from their ES
 * module builds (`mainFields` module first) down to the names the code imports (read from the sources, see
 * `sdkNamesUsed`), as ES modules whose shared code (the Smithy core, signing, the HTTP handler) sits in
 * common chunks, so a function that uses DynamoDB and SQS loads the core once. The credential chain is
 * the environment's (bundle-shims/credential-provider-node.ts), the built-ins that cost more imported than
 * required are required (bundle-shims/node/).
 *
 * Layout: `nodejs/node_modules/@aws-sdk/<package>/index.mjs` (+ a package.json naming it) and
 * `nodejs/node_modules/sdk-chunks/`. Lambda puts `/opt/nodejs/node_modules` on NODE_PATH before
 * `/var/runtime/node_modules`, so the bundles' `require('@aws-sdk/client-dynamodb')` finds the layer's
 * package first (Node 24 `require`s an ES module without a flag); the bench and the budget test build it
 * into the `node_modules` beside their bundles, so what they measure is what Lambda loads.
 */

/** Where the packages sit inside the layer (Lambda unpacks it to /opt). */
export const SDK_LAYER_MODULES_DIR = path.posix.join('nodejs', 'node_modules');

/** Every SDK package the bundles require at run time: the ones bundle-shims/aws-sdk/ stands in for. */
export const sdkPackages = (): string[] => Object.keys(BUNDLE.alias).filter((p) => p.startsWith('@aws-sdk/')).sort();

/** The code the functions are built from: every SDK import in it is served by the layer. */
const SOURCE_DIRS = ['functions', 'shared', 'templates'];
const SDK_IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?([^'";]*?)\s+from\s+'(@aws-sdk\/[a-z0-9-]+)'/g;

/**
 * The names each SDK package is imported for, type-only ones left out: what the layer exports (`dirs`
 * relative to the repository root, or absolute). A
 * namespace or default import of an SDK package is refused, as the layer could not know what it uses.
 */
export function sdkNamesUsed(dirs: readonly string[] = SOURCE_DIRS): Map<string, string[]> {
  const names = new Map<string, Set<string>>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(path.resolve(repoRoot, dir), { withFileTypes: true })) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.ts')) {
        for (const m of readFileSync(path.resolve(repoRoot, rel), 'utf8').matchAll(SDK_IMPORT)) {
          if (m[2]) continue;
          const clause = m[3]!.trim();
          const braces = /^\{([^}]*)\}$/.exec(clause);
          if (!braces) throw new Error(`${rel}: import named exports from ${m[4]} (the SDK layer exports only the names the code imports): ${clause}`);
          const set = names.get(m[4]!) ?? new Set<string>();
          for (const n of braces[1]!.split(',').map((s) => s.trim())) if (n && !n.startsWith('type ')) set.add(n.split(/\s+as\s+/)[0]!.trim());
          names.set(m[4]!, set);
        }
      }
    }
  };
  for (const d of dirs) walk(d);
  return new Map([...names].sort(([a], [b]) => a.localeCompare(b)).map(([p, s]) => [p, [...s].sort()]));
}

/** One entry module per package, re-exporting the names used (in a scratch folder; the packages resolve through `nodePaths`). */
function writeEntries(names: Map<string, string[]>): { dir: string; entries: { in: string; out: string }[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cv-sdk-layer-src-'));
  const entries = sdkPackages().map((pkg) => {
    const used = names.get(pkg) ?? [];
    const file = path.join(dir, `${pkg.replace('/', '__')}.mjs`);
    writeFileSync(file, used.length ? `export { ${used.join(', ')} } from '${pkg}';\n` : 'export {};\n');
    return { in: file, out: `${pkg}/index` };
  });
  return { dir, entries };
}

/** esbuild options of the layer: the bundles' target and banner, ES modules with shared chunks. */
function layerOptions(entries: { in: string; out: string }[], modulesDir: string): BuildOptions {
  const builtins = Object.fromEntries(Object.entries(BUNDLE.alias).filter(([from]) => from.startsWith('node:')));
  return {
    entryPoints: entries,
    bundle: true,
    splitting: true,
    platform: 'node',
    target: BUNDLE.target,
    format: 'esm',
    minify: true,
    outdir: modulesDir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'sdk-chunks/[name]-[hash]',
    mainFields: [...BUNDLE.mainFields],
    banner: { js: BUNDLE.banner },
    alias: { ...builtins, '@aws-sdk/credential-provider-node': './infra/aws/bundle-shims/credential-provider-node.ts' },
    nodePaths: [path.join(repoRoot, 'node_modules')],
    logLevel: BUNDLE.logLevel,
    legalComments: 'none',
    absWorkingDir: repoRoot,
  };
}

/** package.json of each package in the layer: `require` resolves its index.mjs; the version is package-lock's. */
function writePackageFiles(modulesDir: string): void {
  const require = createRequire(path.join(repoRoot, 'package.json'));
  for (const pkg of sdkPackages()) {
    const { version } = require(`${pkg}/package.json`) as { version: string };
    writeFileSync(
      path.join(modulesDir, pkg, 'package.json'),
      JSON.stringify({ name: pkg, version, main: 'index.mjs', description: 'Built by infra/aws/sdk-layer.ts: the names the code imports.' }, null, 1),
    );
  }
}

export interface SdkLayerBuild {
  /** Bytes of JavaScript in the layer (every package and chunk). */
  readonly bytes: number;
}

function sizeOf(dir: string): number {
  let bytes = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    bytes += e.isDirectory() ? sizeOf(p) : p.endsWith('.mjs') ? statSync(p).size : 0;
  }
  return bytes;
}

/**
 * Builds the layer's packages into `modulesDir` (what becomes /opt/nodejs/node_modules). Synchronous, as
 * CDK's local bundling of the layer asset needs (infra/aws/sdk-layer-construct.ts); the bench and the
 * tests call the same.
 */
export function buildSdkLayer(modulesDir: string): SdkLayerBuild {
  const { dir, entries } = writeEntries(sdkNamesUsed());
  try {
    buildSync(layerOptions(entries, modulesDir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  writePackageFiles(modulesDir);
  return { bytes: sizeOf(modulesDir) };
}

/**
 * What the layer is made of, hashed: the locked versions, this file, the shims it uses and the names the
 * code imports. CDK's asset hash (a changed SDK version or a newly imported command makes a new layer).
 */
export function sdkLayerHash(): string {
  const hash = createHash('sha256');
  for (const f of ['package-lock.json', 'infra/aws/sdk-layer.ts', 'infra/aws/bundle-options.ts', 'infra/aws/bundle-shims/credential-provider-node.ts']) {
    hash.update(readFileSync(path.join(repoRoot, f)));
  }
  hash.update(JSON.stringify([...sdkNamesUsed()]));
  return hash.digest('hex');
}
