import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { lockDataDir } from './data-lock';
import { vendorDir } from './paths';

/**
 * Forgets all local data in `dataDir` (table, PDFs, identity keys, CA, stream checkpoints, dead letters)
 * so the next `npm start` seeds the demo again, and answers what it removed. The downloaded DynamoDB
 * Local (`vendor/`) stays. Refused while a local stack runs on the directory: its files are in use.
 */
export async function resetLocalData(dataDir: string): Promise<{ removed: string[]; kept: string }> {
  const list = () => readdir(dataDir).catch(() => [] as string[]);
  // Refuses while `npm start` runs on this directory (our own lock is deleted with the rest below).
  if ((await list()).length) await lockDataDir(dataDir);
  const kept = path.basename(vendorDir);
  const removed = (await list()).filter((name) => name !== kept);
  for (const name of removed) await rm(path.join(dataDir, name), { recursive: true, force: true });
  return { removed: removed.filter((name) => name !== '.lock'), kept };
}
