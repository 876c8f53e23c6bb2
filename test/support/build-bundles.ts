import { build } from 'esbuild';
import { mkdir, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { BUNDLE_FILE, esbuildOptions } from '../../infra/aws/bundle-options';
import { functionCatalog, type FunctionEntry } from '../../infra/aws/function-catalog';
import { entryPath, repoRoot } from '../../infra/aws/paths';

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
 * links to the repository's, standing in for the runtime's `/var/runtime/node_modules`: the bundles leave
 * the AWS SDK to the runtime (`BUNDLE.external`), and loading one resolves it there, as in Lambda.
 */
export async function buildAllBundles(outDir: string, only: readonly FunctionEntry[] = functionCatalog): Promise<BuiltBundle[]> {
  const dirOf = (fn: FunctionEntry) => fn.id.replace(/[^A-Za-z0-9-]/g, '_');
  const { outfile: _one, entryPoints: _entries, ...shared } = esbuildOptions(entryPath(only[0]!.entry), path.join(outDir, BUNDLE_FILE));
  await mkdir(outDir, { recursive: true });
  await symlink(path.join(repoRoot, 'node_modules'), path.join(outDir, 'node_modules'), 'dir').catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e;
  });
  await build({
    ...shared,
    entryPoints: only.map((fn) => ({ in: entryPath(fn.entry), out: path.join(dirOf(fn), path.parse(BUNDLE_FILE).name) })),
    outdir: outDir,
    outExtension: { '.js': path.extname(BUNDLE_FILE) },
  });
  return Promise.all(
    only.map(async (fn) => {
      const file = path.join(outDir, dirOf(fn), BUNDLE_FILE);
      return { fn, file, bytes: (await stat(file)).size };
    }),
  );
}
