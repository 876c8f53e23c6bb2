import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StackLog } from './log';
import { repoRoot } from './paths';

/**
 * Loads a handler module the first time it is needed, like a Lambda cold start: a broken or missing
 * module fails only the route or consumer that uses it, not the whole stack. A successful load is kept
 * (the warm container); a failed one is tried again next time, so a handler written while `npm start`
 * runs is picked up without a restart.
 */
export function lazyHandler<H extends (...args: never[]) => unknown>(entry: string, name: string, log: StackLog): () => Promise<H> {
  let loaded: Promise<H> | undefined;
  return () => {
    loaded ??= load<H>(entry).catch((error: unknown) => {
      loaded = undefined;
      log.error(`Không nạp được handler của "${name}" / Could not load the handler of "${name}" (${entry})`, error);
      throw error;
    });
    return loaded;
  };
}

async function load<H>(entry: string): Promise<H> {
  const file = path.resolve(repoRoot, entry);
  // A plain absolute path is what both tsx and Vitest's module runner resolve (Windows needs a file: URL).
  // Under Vitest the import goes through its runner, so handlers share module instances (clients,
  // config) with the test file, as they share them with each other inside one Lambda container.
  const specifier = process.platform === 'win32' ? pathToFileURL(file).href : file;
  const mod = (await import(/* @vite-ignore */ specifier)) as { handler?: unknown };
  if (typeof mod.handler !== 'function') throw new Error(`${entry} does not export a function named "handler"`);
  return mod.handler as H;
}
