import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../infra/aws/paths';
import { buildAllBundlesWithLayer } from '../support/build-bundles';
import { initOnce } from './bundles';
import { percentile } from './stats';

/**
 * The nearest commit to the bundles issue 11 measured: the bench's first commit, before any bundle change
 * (the AWS SDK and classic zod with its locales in every bundle). It has more functions and code than the
 * issue saw (86 against 60; median light bundle 868 KB against about 830), so its init is somewhat heavier
 * than the issue's 130 ms. Override with `BENCH_BASELINE=<commit>`.
 */
const BASELINE = '638fe25ae054a7a79c482794006cda1859127928';
/** What the issue reported for its median route on the machine that filed it: "about 130 ms of CPU just to load". */
const ISSUE_MS = 130;
const RUNS = 5;

interface Bundle {
  readonly id: string;
  readonly file: string;
  readonly bytes: number;
}

function run(command: string, args: string[], cwd: string): string {
  const child = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}: ${child.error?.message ?? child.stderr}`);
  return child.stdout;
}

/**
 * The baseline's bundles, built by the baseline's own code (test/support/build-bundles.ts, the CDK options
 * of that commit) with its own package-lock.json (`npm ci`, so the registry must be reachable).
 */
async function buildBaseline(commit: string, workDir: string): Promise<Bundle[]> {
  const tree = path.join(workDir, 'baseline');
  run('git', ['worktree', 'add', '--detach', tree, commit], repoRoot);
  try {
    run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], tree);
    const script = path.join(tree, 'build-baseline.ts');
    await writeFile(
      script,
      `import { buildAllBundles } from './test/support/build-bundles';
const built = await buildAllBundles(${JSON.stringify(path.join(workDir, 'baseline-bundles'))});
console.log(JSON.stringify(built.map((b) => ({ id: b.fn.id, file: b.file, bytes: b.bytes }))));\n`,
    );
    const out = run(process.execPath, [path.join(tree, 'node_modules/tsx/dist/cli.mjs'), script], tree);
    return JSON.parse(out.trim().split('\n').pop()!) as Bundle[];
  } finally {
    run('git', ['worktree', 'remove', '--force', tree], repoRoot);
  }
}

/**
 * Init CPU of today's light functions (neither render nor sign) against the same functions at the
 * baseline, loaded alternately in fresh processes within one run. The milliseconds of one machine move by
 * a fifth or more between hours (the same bundles gave 88 and 139 ms on two days), so the figure that
 * carries is the ratio; applied to the 130 ms the issue measured, it says where today's bundles stand on
 * that machine. `npm run bench -- init-baseline` (about 5 minutes; not part of the default run).
 */
export async function benchInitBaseline(): Promise<void> {
  const commit = process.env['BENCH_BASELINE'] ?? BASELINE;
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'cv-init-baseline-'));
  try {
    const baseline = new Map((await buildBaseline(commit, workDir)).map((b) => [b.id, b]));
    const { bundles } = await buildAllBundlesWithLayer(path.join(workDir, 'now'));
    const pairs = bundles.filter((b) => !b.fn.rendersOrSigns && baseline.has(b.fn.id));
    console.log(`\n# Init CPU, light functions: baseline ${commit.slice(0, 7)} against now, alternately in fresh processes, median of ${RUNS}`);
    console.log(`${'function'.padEnd(28)} ${'KB then'.padStart(8)} ${'KB now'.padStart(7)} ${'CPU then'.padStart(9)} ${'CPU now'.padStart(8)} ${'ratio'.padStart(6)}`);
    const then: number[] = [];
    const now: number[] = [];
    const ratios: number[] = [];
    const median = (xs: number[]) => percentile([...xs].sort((x, y) => x - y), 50);
    for (const b of pairs) {
      const old = baseline.get(b.fn.id)!;
      const a: number[] = [];
      const c: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        a.push(initOnce(old.file).cpuMs);
        c.push(initOnce(b.file).cpuMs);
      }
      const [t, n] = [median(a), median(c)];
      then.push(t);
      now.push(n);
      ratios.push(n / t);
      console.log(
        `${b.fn.id.padEnd(28)} ${(old.bytes / 1000).toFixed(0).padStart(8)} ${(b.bytes / 1000).toFixed(0).padStart(7)} ${`${t.toFixed(0)} ms`.padStart(9)} ${`${n.toFixed(0)} ms`.padStart(8)} ${(n / t).toFixed(2).padStart(6)}`,
      );
    }
    const ratio = median(ratios);
    console.log(
      `functions ${pairs.length}; median init CPU then ${median(then).toFixed(0)} ms, now ${median(now).toFixed(0)} ms; median ratio now/then ${ratio.toFixed(3)}; ` +
        `the ratio applied to the issue's ${ISSUE_MS} ms: ${(ISSUE_MS * ratio).toFixed(0)} ms`,
    );
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
