import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE } from '../../infra/aws/bundle-options';
import { budgetOf, functionCatalog } from '../../infra/aws/function-catalog';
import { bundlingOptions } from '../../infra/aws/handler-function';
import { buildAllBundles, type BuiltBundle } from '../support/build-bundles';
import overBudgetCeilings from './bundles-over-budget.json' with { type: 'json' };

/**
 * The functions still over their budget, each with the size (bytes: its size when listed, up to the next KB) it may not
 * exceed: a ratchet while the budget is reached (issue 11). A function leaves the list when it fits; the
 * list never gains one.
 */
const ceilings: Readonly<Record<string, number>> = overBudgetCeilings;

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
      externalModules: [...BUNDLE.external],
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

  const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

  it('keeps every function within its budget, or under its ceiling while it is listed as over', () => {
    const over = built
      .filter((b) => b.bytes > (ceilings[b.fn.id] ?? budgetOf(b.fn)))
      .map((b) => `${b.fn.id} (${b.fn.entry}): ${kb(b.bytes)} > ${kb(ceilings[b.fn.id] ?? budgetOf(b.fn))}${b.fn.id in ceilings ? ' (its ceiling; budget ' + kb(budgetOf(b.fn)) + ')' : ''}`);
    expect(over, `over budget:\n${over.join('\n')}`).toEqual([]);
  });

  it('lists as over budget only functions that are (remove those that fit from bundles-over-budget.json)', () => {
    const fit = built.filter((b) => b.fn.id in ceilings && b.bytes <= budgetOf(b.fn)).map((b) => `${b.fn.id}: ${kb(b.bytes)} ≤ ${kb(budgetOf(b.fn))}`);
    const unknown = Object.keys(ceilings).filter((id) => !built.some((b) => b.fn.id === id));
    expect([...fit, ...unknown]).toEqual([]);
  });
});
