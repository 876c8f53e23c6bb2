import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The dependency direction of .dependency-cruiser.cjs (written out there): functions → shared/http and
 * shared/web → services → domain and data → SDK; templates import only domain types; no cycles. Imports
 * that still go against it are listed in .dependency-cruiser-known-violations.json; anything else fails,
 * and so does a listed one that is gone (the list only shrinks).
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BASELINE = path.join(root, '.dependency-cruiser-known-violations.json');

const keyOf = (v: Pick<IViolation, 'from' | 'to' | 'rule'>) => `${v.rule.name}: ${v.from} → ${v.to}`;

describe('dependency direction', () => {
  let found: string[];
  let known: Set<string>;

  beforeAll(async () => {
    const configuration = createRequire(import.meta.url)(path.join(root, '.dependency-cruiser.cjs')) as {
      forbidden: NonNullable<Parameters<typeof cruise>[1]>['ruleSet'] extends infer R ? (R extends { forbidden?: infer F } ? F : never) : never;
      options: Record<string, unknown>;
    };
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const { options } = configuration;
      const result = await cruise(['functions', 'shared', 'templates'], {
        ...options,
        ruleSet: { forbidden: configuration.forbidden },
        validate: true,
      } as Parameters<typeof cruise>[1], undefined, {
        tsConfig: JSON.parse(await readFile(path.join(root, 'tsconfig.json'), 'utf8')) as object,
      });
      found = [...new Set((result.output as ICruiseResult).summary.violations.map(keyOf))].sort();
    } finally {
      process.chdir(cwd);
    }
    const baseline = JSON.parse(await readFile(BASELINE, 'utf8')) as IViolation[];
    known = new Set(baseline.map(keyOf));
  }, 120_000);

  it('finds no import against the direction and no cycle beyond the known ones', () => {
    const fresh = found.filter((k) => !known.has(k));
    expect(fresh, `imports against the dependency direction (.dependency-cruiser.cjs):\n${fresh.join('\n')}`).toEqual([]);
  });

  it('lists no known violation that is gone (remove it from the baseline)', () => {
    const present = new Set(found);
    const gone = [...known].filter((k) => !present.has(k));
    expect(gone, `fixed, so remove from .dependency-cruiser-known-violations.json:\n${gone.join('\n')}`).toEqual([]);
  });
});
