import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE } from '../../infra/aws/bundle-options';
import { budgetOf, functionCatalog } from '../../infra/aws/function-catalog';
import { bundlingOptions } from '../../infra/aws/handler-function';
import { buildAllBundles, type BuiltBundle } from '../support/build-bundles';

/**
 * Issue 11's budget: every function that neither renders nor signs ≤ 300 KB minified, the rest ≤ 900 KB.
 * Sizes are deterministic (same sources, same esbuild, same options), so this is a test; init times are
 * not, and live in `npm run bench -- bundles`.
 */
describe('bundle budget', () => {
  let outDir: string;
  let built: BuiltBundle[];

  beforeAll(async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'cv-budget-'));
    built = await buildAllBundles(outDir);
  }, 600_000);
  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('CDK bundles with the options this test builds with', () => {
    const cdk = bundlingOptions(false);
    expect(cdk).toMatchObject({
      format: BUNDLE.format,
      target: BUNDLE.target,
      minify: BUNDLE.minify,
      sourceMap: true,
      sourceMapMode: BUNDLE.sourcemap,
      sourcesContent: BUNDLE.sourcesContent,
      mainFields: [...BUNDLE.mainFields],
      externalModules: [],
      logLevel: BUNDLE.logLevel,
      banner: BUNDLE.banner,
      esbuildArgs: { '--alias': Object.entries(BUNDLE.alias).map(([from, to]) => `${from}=${to}`) },
    });
    // Nothing else that changes the output: every key is one of the above or Docker/fonts plumbing.
    expect(Object.keys(cdk).sort()).toEqual(
      ['forceDockerBundling', 'format', 'target', 'minify', 'sourceMap', 'sourceMapMode', 'sourcesContent', 'mainFields', 'externalModules', 'logLevel', 'banner', 'esbuildArgs'].sort(),
    );
  });

  it('builds one bundle per deployed function', () => {
    expect(built.map((b) => b.fn.id)).toEqual(functionCatalog.map((f) => f.id));
  });

  it('keeps every function within its budget', () => {
    const over = built
      .filter((b) => b.bytes > budgetOf(b.fn))
      .map((b) => `${b.fn.id} (${b.fn.entry}): ${(b.bytes / 1000).toFixed(1)} KB > ${budgetOf(b.fn) / 1000} KB`);
    expect(over, `over budget:\n${over.join('\n')}`).toEqual([]);
  });
});
