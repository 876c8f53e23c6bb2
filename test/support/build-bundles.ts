import { build } from 'esbuild';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { BUNDLE_FILE, esbuildOptions } from '../../infra/aws/bundle-options';
import { functionCatalog, type FunctionEntry } from '../../infra/aws/function-catalog';
import { entryPath } from '../../infra/aws/paths';

export interface BuiltBundle {
  readonly fn: FunctionEntry;
  /** The bundle file (what Lambda loads). */
  readonly file: string;
  /** Its size in bytes (the source map beside it is not counted: Lambda never loads it). */
  readonly bytes: number;
}

/**
 * Builds every function of the catalog with the options CDK uses, `concurrency` at a time, each into
 * `<outDir>/<id>/index.mjs`. Results come back in catalog order whatever order the builds finish in.
 */
export async function buildAllBundles(outDir: string, concurrency = 4, only: readonly FunctionEntry[] = functionCatalog): Promise<BuiltBundle[]> {
  const results: BuiltBundle[] = new Array(only.length);
  let next = 0;
  const worker = async () => {
    while (next < only.length) {
      const i = next++;
      const fn = only[i]!;
      const dir = path.join(outDir, fn.id.replace(/[^A-Za-z0-9-]/g, '_'));
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, BUNDLE_FILE);
      await build(esbuildOptions(entryPath(fn.entry), file));
      results[i] = { fn, file, bytes: (await stat(file)).size };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, only.length) }, worker));
  return results;
}
