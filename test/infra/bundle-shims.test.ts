import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as realStandardFonts from '@pdf-lib/standard-fonts';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLE, esbuildOptions } from '../../infra/aws/bundle-options';
import * as pakoShim from '../../infra/aws/bundle-shims/pako';
import * as standardFontsShim from '../../infra/aws/bundle-shims/standard-fonts';
import { repoRoot } from '../../infra/aws/paths';

/**
 * The packages the Lambda bundles replace (BUNDLE.alias) run only there: the tests and the local stack
 * run the source with the real packages. So the shims are checked against the packages here, and a PDF
 * path is run from a bundle built with the very options CDK uses.
 */
/** The real pako (1.x, untyped here). */
const realPako = createRequire(import.meta.url)('pako') as {
  deflate(data: Uint8Array, options?: { level?: number }): Uint8Array;
  inflate(data: Uint8Array): Uint8Array;
};

describe('bundle shims', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('pako: each side inflates what the other deflates, at the default level and at level 0', () => {
    const text = Buffer.from('Công văn số 123/UBND-VP '.repeat(200), 'utf8');
    for (const options of [undefined, { level: 0 }]) {
      const ours = pakoShim.deflate(text, options);
      expect(ours).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(realPako.inflate(ours))).toEqual(text);
      expect(Buffer.from(pakoShim.inflate(realPako.deflate(text, options)))).toEqual(text);
    }
    expect(pakoShim.deflate(text).length).toBeLessThan(text.length / 10);
    expect(pakoShim.default.deflate).toBe(pakoShim.deflate);
  });

  it('standard fonts: the same names, and loading one fails saying why', () => {
    expect({ ...standardFontsShim.FontNames }).toEqual({ ...realStandardFonts.FontNames });
    expect(() => standardFontsShim.Font.load('Helvetica')).toThrow(/not in this bundle/);
    expect(() => standardFontsShim.Encodings.WinAnsi).toThrow(/not in this bundle/);
  });

  it('a letter renders, takes a PNG, saves and reloads in a bundle built with the Lambda options', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cv-shims-'));
    dirs.push(dir);
    const outfile = path.join(dir, 'smoke.mjs');
    const result = await build({ ...esbuildOptions(path.join(repoRoot, 'test/support/pdf-bundle-smoke.ts'), outfile), sourcemap: false, metafile: true });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((f) => /node_modules\/(pako|@pdf-lib\/standard-fonts)\//.test(f))).toEqual([]);
    // The fonts are read from the package, as in Lambda from beside the bundle.
    await symlink(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const run = spawnSync(process.execPath, [outfile], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout.trim()) as { pages: number; image: number[]; images: number; decodedImageBytes: number[]; standardFont: string };
    expect(out.pages).toBeGreaterThanOrEqual(1);
    expect(out.image).toEqual([40, 20]);
    // The image and its alpha mask, each a flate stream written by the shim and read back by pdf-lib's decoder.
    expect(out.images).toBe(2);
    expect(out.decodedImageBytes.sort((a, b) => a - b)).toEqual([40 * 20, 40 * 20 * 3]);
    expect(out.standardFont).toMatch(/the standard PDF fonts are not in this bundle/);
  }, 120_000);

  it('node:http and node:fs are required, not imported: the Tracer\'s http import no longer loads undici at cold start', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cv-builtins-'));
    dirs.push(dir);
    const entry = path.join(dir, 'entry.ts');
    await writeFile(
      entry,
      [
        "import http from 'node:http';",
        "import { readFileSync } from 'node:fs';",
        "import { readFile } from 'node:fs/promises';",
        "import { createRequire } from 'node:module';",
        'const req = createRequire(import.meta.url);',
        // The same module objects as require gives (the Tracer patches node:http in place).
        "const same = http === req('node:http') && readFileSync === req('node:fs').readFileSync && readFile === req('node:fs/promises').readFile;",
        "console.log(JSON.stringify({ same, undici: process.moduleLoadList.some((m) => m.includes('undici')) }));",
      ].join('\n'),
    );
    const outfile = path.join(dir, 'builtins.mjs');
    await build({ ...esbuildOptions(entry, outfile), sourcemap: false });
    const code = await readFile(outfile, 'utf8');
    expect(code).not.toMatch(/from\s*"node:(http|fs|fs\/promises)"/);
    const run = spawnSync(process.execPath, [outfile], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout.trim())).toEqual({ same: true, undici: false });
  }, 120_000);

  /** Every `@aws-sdk/…` package the deployed code imports (functions, shared, templates). */
  async function sdkPackagesImported(): Promise<string[]> {
    const found = new Set<string>();
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(path.join(repoRoot, dir), { withFileTypes: true })) {
        const rel = path.join(dir, e.name);
        if (e.isDirectory()) await walk(rel);
        else if (e.name.endsWith('.ts')) for (const m of (await readFile(path.join(repoRoot, rel), 'utf8')).matchAll(/from '(@aws-sdk\/[a-z0-9-]+)'/g)) found.add(m[1]!);
      }
    };
    for (const dir of ['functions', 'shared', 'templates']) await walk(dir);
    return [...found].sort();
  }

  it('the AWS SDK: every package the code imports is required from the runtime, not imported as an ES module', async () => {
    const packages = await sdkPackagesImported();
    expect(packages.length).toBeGreaterThan(5);
    expect(packages.filter((p) => !(p in BUNDLE.alias)), 'add a bundle-shims/aws-sdk/<name>.cjs and its alias').toEqual([]);

    // A bundle naming one export of each: the SDK stays outside it, and the names resolve when it loads.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cv-sdk-'));
    dirs.push(dir);
    const entry = path.join(dir, 'entry.ts');
    await writeFile(
      entry,
      packages.map((p, i) => `import * as m${i} from '${p}';`).join('\n') +
        `\nconsole.log(JSON.stringify([${packages.map((_, i) => `Object.keys(m${i}).length`).join(', ')}]));\n`,
    );
    const outfile = path.join(dir, 'sdk.mjs');
    await build({ ...esbuildOptions(entry, outfile), sourcemap: false });
    const code = await readFile(outfile, 'utf8');
    expect(code).not.toMatch(/from\s*"@aws-sdk\//);
    expect(code.length).toBeLessThan(20_000);
    await symlink(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const run = spawnSync(process.execPath, [outfile], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
    expect(run.stderr).toBe('');
    const counts = JSON.parse(run.stdout.trim()) as number[];
    expect(counts.every((n) => n > 0)).toBe(true);
  }, 120_000);
});
