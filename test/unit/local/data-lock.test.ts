import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../../infra/local/data-lock';

/** The data directory's lock after a crash: a dead owner's lock is taken over, also when its pid lives on in another process. */
const dirs: string[] = [];
const children: ReturnType<typeof spawn>[] = [];
afterAll(async () => {
  for (const child of children) child.kill();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});
const tempDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'cong-van-lock-'));
  dirs.push(dir);
  return dir;
};
const otherProcess = () => {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  children.push(child);
  return child.pid!;
};

describe('the data directory lock', () => {
  it('records the owner with its start time, and releases', async () => {
    const dir = await tempDir();
    const release = await lockDataDir(dir);
    const [pid, started] = (await readFile(path.join(dir, '.lock'), 'utf8')).split(' ');
    expect(Number(pid)).toBe(process.pid);
    if (process.platform === 'linux') expect(started).toMatch(/^\d+$/);
    await release();
  });

  it('is refused while its owner runs (old locks without a start time too)', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, '.lock'), String(otherProcess()));
    await expect(lockDataDir(dir)).rejects.toThrow(/in use by another local stack/);
  });

  it.runIf(process.platform === 'linux')('is taken over when the pid now belongs to a process started later (pid reused after a kill -9)', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, '.lock'), `${otherProcess()} 1`);
    const release = await lockDataDir(dir);
    expect(Number((await readFile(path.join(dir, '.lock'), 'utf8')).split(' ')[0])).toBe(process.pid);
    await release();
  });

  it('is taken over from a process that no longer exists', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, '.lock'), '2147483646 12345');
    await (await lockDataDir(dir))();
  });
});
