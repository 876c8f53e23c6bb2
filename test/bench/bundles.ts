import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { budgetOf } from '../../infra/aws/function-catalog';
import { buildAllBundlesWithLayer } from '../support/build-bundles';
import { percentile } from './stats';

const RUNS = 5;

/** Enough configuration for a handler module to load the way it does in Lambda (values never used). */
const LAMBDA_LIKE_ENV = {
  AWS_REGION: 'ap-southeast-1',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  TABLE_NAME: 'bench',
  PDF_BUCKET: 'bench',
  MAIL_FROM: 'bench@example.gov.vn',
  PUBLIC_BASE_URL: 'https://example.gov.vn',
};

/**
 * Loads the bundle in a fresh `node` (what a cold start does before the first event) and reports the
 * wall time and CPU time (process.cpuUsage: user + system) of the import alone.
 */
export function initOnce(file: string, nodeOptions = ''): { wallMs: number; cpuMs: number } {
  const script = `const c0 = process.cpuUsage(); const t0 = performance.now();
await import(${JSON.stringify(pathToFileURL(file).href)});
const c = process.cpuUsage(c0); console.log(JSON.stringify({ wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 }));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env['PATH'] ?? '', ...LAMBDA_LIKE_ENV, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) },
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`${file} failed to load: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as { wallMs: number; cpuMs: number };
}

/**
 * The instructions a fresh node executes to load the bundle, under valgrind (callgrind), less those of loading
 * an empty module: unlike CPU time, the same on a busy machine as on a quiet one (within about 1 %), so
 * a change's effect on init shows even when the machine's load moves the milliseconds by a fifth. Slow (about
 * 6 s a function): only with `BENCH_INSTRUCTIONS=1` and valgrind on the PATH (`apt-get install valgrind`).
 */
function instructions(file: string): number {
  const child = spawnSync(
    'valgrind',
    ['--tool=callgrind', '--callgrind-out-file=/dev/null', '--smc-check=all-non-file', process.execPath, '--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(file).href)});`],
    { env: { PATH: process.env['PATH'] ?? '', ...LAMBDA_LIKE_ENV }, encoding: 'utf8' },
  );
  const collected = /Collected : (\d+)/.exec(child.stderr ?? '');
  if (child.status !== 0 || !collected) throw new Error(`valgrind on ${file} failed: ${child.error?.message ?? child.stderr}`);
  return Number(collected[1]);
}

const wantsInstructions = () => process.env['BENCH_INSTRUCTIONS'] === '1' && spawnSync('valgrind', ['--version']).status === 0;

/**
 * Per function: its bundle size (built with the CDK options, infra/aws/bundle-options.ts) against its
 * budget, and its init time: median of 5 fresh processes. `BENCH_NODE_OPTIONS` adds runtime flags
 * (e.g. `--enable-source-maps`, to see what it would cost). `npm run bench -- bundles`.
 */
export async function benchBundles(): Promise<void> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'cv-bundles-'));
  const nodeOptions = process.env['BENCH_NODE_OPTIONS'] ?? '';
  try {
    const { bundles: built, layer } = await buildAllBundlesWithLayer(outDir);
    console.log(`\n# SDK layer (infra/aws/sdk-layer.ts, shared by every function, loaded by each as far as it uses it): ${(layer.bytes / 1000).toFixed(0)} KB`);
    console.log(`\n# Bundles (minified, KB = 1000 bytes) and init in a fresh node, median of ${RUNS}${nodeOptions ? ` (NODE_OPTIONS=${nodeOptions})` : ''}`);
    const counting = wantsInstructions();
    let emptyModule = 0;
    if (counting) {
      const empty = path.join(outDir, 'empty.mjs');
      await writeFile(empty, 'export {};\n');
      emptyModule = instructions(empty);
    }
    console.log(`${'function'.padEnd(28)} ${'KB'.padStart(7)} ${'budget'.padStart(6)} ${'init'.padStart(9)} ${'init CPU'.padStart(9)}${counting ? ` ${'instructions'.padStart(13)}` : ''}`);
    const lightInstructions: number[] = [];
    const lightCpu: number[] = [];
    let over = 0;
    for (const b of built) {
      const runs = Array.from({ length: RUNS }, () => initOnce(b.file, nodeOptions));
      const wall = percentile(runs.map((r) => r.wallMs).sort((x, y) => x - y), 50);
      const cpu = percentile(runs.map((r) => r.cpuMs).sort((x, y) => x - y), 50);
      if (!b.fn.rendersOrSigns) lightCpu.push(cpu);
      const count = counting ? instructions(b.file) - emptyModule : 0;
      if (counting && !b.fn.rendersOrSigns) lightInstructions.push(count);
      const budget = budgetOf(b.fn);
      if (b.bytes > budget) over++;
      console.log(
        `${b.fn.id.padEnd(28)} ${(b.bytes / 1000).toFixed(0).padStart(7)} ${String(budget / 1000).padStart(6)} ${`${wall.toFixed(0)} ms`.padStart(9)} ${`${cpu.toFixed(0)} ms`.padStart(9)}${counting ? ` ${`${(count / 1e6).toFixed(1)} M`.padStart(13)}` : ''}${b.bytes > budget ? '  OVER' : ''}`,
      );
    }
    const sizes = built.map((b) => b.bytes).sort((x, y) => x - y);
    lightCpu.sort((x, y) => x - y);
    console.log(`functions ${built.length}; over budget ${over}; median size ${(percentile(sizes, 50) / 1000).toFixed(0)} KB; ` +
      `median init CPU of those that neither render nor sign ${percentile(lightCpu, 50).toFixed(0)} ms`);
    if (counting) {
      lightInstructions.sort((x, y) => x - y);
      console.log(`median init instructions of those (valgrind, less an empty module's ${(emptyModule / 1e6).toFixed(1)} M): ${(percentile(lightInstructions, 50) / 1e6).toFixed(1)} M`);
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
