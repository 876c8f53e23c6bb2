import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * One stack per data directory: two `npm start`s on the same `.data/` would run two DynamoDB Local
 * processes on one database file and two stream runners on one checkpoint file. The lock holds the
 * owner's pid (and, on Linux, when that process started); a lock left by a process that no longer
 * exists (killed with SIGKILL, crashed) is taken over. The start time matters after a kill -9: the dead
 * owner's pid can be given to an unrelated process, which must not be taken for a running stack.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = path.join(dataDir, '.lock');
  for (let tries = 0; tries < 2; tries++) {
    try {
      const started = processStart(process.pid);
      await writeFile(file, started ? `${process.pid} ${started}` : String(process.pid), { flag: 'wx' });
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      const [pidText, startedText] = (await readFile(file, 'utf8').catch(() => '')).trim().split(/\s+/);
      const owner = Number(pidText);
      if (owner && owner !== process.pid && isAlive(owner) && (!startedText || processStart(owner) === startedText)) {
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

/** When a process started (clock ticks since boot, /proc/<pid>/stat field 22); undefined off Linux. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces; field 3 (state) follows ") ".
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
