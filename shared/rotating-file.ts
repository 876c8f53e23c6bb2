import { appendFileSync, renameSync, statSync } from 'node:fs';

/** Where a local line file stops growing: the local stack's EMF lines (shared/metrics.ts) under `npm start`. */
export const LOCAL_FILE_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Appends `line` (with its newline) to `file`, first moving the file to `<file>.1` (replacing the one there)
 * when the line would take it past `maxBytes`: the file and one previous file, so a long `npm start` keeps
 * the latest lines without filling the disk. Synchronous, like the append it replaces (one process writes).
 */
export function appendRotating(file: string, line: string, maxBytes = LOCAL_FILE_MAX_BYTES): void {
  const text = `${line}\n`;
  let size = 0;
  try {
    size = statSync(file).size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (size > 0 && size + Buffer.byteLength(text) > maxBytes) renameSync(file, `${file}.1`);
  appendFileSync(file, text);
}
