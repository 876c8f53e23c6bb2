import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: route and consumer entries are relative to it, and bundling runs from it. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Absolute path of a handler entry given relative to the repository root. */
export const entryPath = (entry: string): string => path.join(repoRoot, entry);

/** The folder of the installed Tinos font package (its four TTFs ship with PDF-rendering functions). */
export function tinosPackageDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@expo-google-fonts/tinos/package.json'));
}
