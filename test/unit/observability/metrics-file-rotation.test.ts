import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendRotating } from '../../../shared/rotating-file';

/** The local EMF file (`<data dir>/metrics.jsonl`) stops growing: past its size it moves to `.1`, one previous file kept. */
describe('appendRotating', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cv-rotate-'));
    file = path.join(dir, 'metrics.jsonl');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const line = (n: number) => JSON.stringify({ n, pad: 'x'.repeat(20) });
  const lines = async (f: string) => (await readFile(f, 'utf8')).trimEnd().split('\n').map((l) => (JSON.parse(l) as { n: number }).n);

  it('appends lines while the file stays within the size, creating it at the first', async () => {
    for (let n = 1; n <= 3; n++) appendRotating(file, line(n), 1000);
    expect(await lines(file)).toEqual([1, 2, 3]);
  });

  it('moves the file to .1 when the next line would pass the size, and keeps only that one previous file', async () => {
    const max = 3 * Buffer.byteLength(`${line(1)}\n`); // three lines fit
    for (let n = 1; n <= 8; n++) appendRotating(file, line(n), max);
    // 1-3 filled the first file, 4-6 the second (the first went to .1), 7-8 the third (the second replaced .1).
    expect(await lines(file)).toEqual([7, 8]);
    expect(await lines(`${file}.1`)).toEqual([4, 5, 6]);
    expect((await stat(file)).size).toBeLessThanOrEqual(max);
  });

  it('writes a line longer than the size alone rather than losing it', async () => {
    appendRotating(file, line(1), 10);
    appendRotating(file, line(2), 10);
    expect(await lines(file)).toEqual([2]);
    expect(await lines(`${file}.1`)).toEqual([1]);
  });
});
