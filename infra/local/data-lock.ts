import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * One stack per data directory: two `npm start`s on the same `.data/` would run two DynamoDB Local
 * processes on one database file and two stream runners on one checkpoint file. The lock holds the
 * owner's pid; a lock left by a process that no longer exists (killed, crashed) is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = path.join(dataDir, '.lock');
  for (let tries = 0; tries < 2; tries++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      const owner = Number(await readFile(file, 'utf8').catch(() => ''));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `Thư mục dữ liệu ${dataDir} đang được một hệ thống cục bộ khác dùng (pid ${owner}); hãy dừng nó trước.\n` +
            `The data directory ${dataDir} is in use by another local stack (pid ${owner}); stop it first.`,
        );
      }
      await rm(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as { code?: string }).code === 'EPERM';
  }
}
