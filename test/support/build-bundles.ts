import { build } from 'esbuild';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { BUNDLE_FILE, esbuildOptions } from '../../infra/aws/bundle-options';
import { functionCatalog, type FunctionEntry } from '../../infra/aws/function-catalog';
import { entryPath } from '../../infra/aws/paths';
import { buildSdkLayer, type SdkLayerBuild } from '../../infra/aws/sdk-layer';

export interface BuiltBundle {
  readonly fn: FunctionEntry;
  /** The bundle file (what Lambda loads). */
  readonly file: string;
  /** Its size in bytes (the source map beside it is not counted: Lambda never loads it). */
  readonly bytes: number;
}

/**
 * Builds every function of the catalog with the options CDK uses (one esbuild call per function there),
 * here in one esbuild call with every entry point: each output is still its own bundle, tree-shaken for
 * its entry alone (no code splitting), but the sources shared by all are parsed once instead of 86 times.
 * Each lands in `<outDir>/<id>/index.mjs`; results come back in catalog order. `<outDir>/node_modules`
 * is the SDK layer (infra/aws/sdk-layer.ts), built as CDK builds it, standing in for `/opt/nodejs/node_modules`:
 * the bundles leave the AWS SDK to a run-time `require` (`BUNDLE.external`), and loading one resolves it
 * there, as in Lambda.
 */
export async function buildAllBundles(outDir: string, only: readonly FunctionEntry[] = functionCatalog): Promise<BuiltBundle[]> {
  return (await buildAllBundlesWithLayer(outDir, only)).bundles;
}

/** The same, with the size of the SDK layer built beside the bundles. */
export async function buildAllBundlesWithLayer(outDir: string, only: readonly FunctionEntry[] = functionCatalog): Promise<{ bundles: BuiltBundle[]; layer: SdkLayerBuild }> {
  const dirOf = (fn: FunctionEntry) => fn.id.replace(/[^A-Za-z0-9-]/g, '_');
  const { outfile: _one, entryPoints: _entries, ...shared } = esbuildOptions(entryPath(only[0]!.entry), path.join(outDir, BUNDLE_FILE));
  await mkdir(outDir, { recursive: true });
  const layer = buildSdkLayer(path.join(outDir, 'node_modules'));
  await build({
    ...shared,
    entryPoints: only.map((fn) => ({ in: entryPath(fn.entry), out: path.join(dirOf(fn), path.parse(BUNDLE_FILE).name) })),
    outdir: outDir,
    outExtension: { '.js': path.extname(BUNDLE_FILE) },
  });
  const bundles = await Promise.all(
    only.map(async (fn) => {
      const file = path.join(outDir, dirOf(fn), BUNDLE_FILE);
      return { fn, file, bytes: (await stat(file)).size };
    }),
  );
  return { bundles, layer };
}
