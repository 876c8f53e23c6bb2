import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The dependency direction of .dependency-cruiser.cjs (written out there): functions → shared/http and
 * shared/web → services → domain and data → SDK; templates import only domain types (and the values of
 * shared/format, beneath every layer); shared/format imports nothing of the app; no cycles. Every import against it fails: there are no known exceptions.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const keyOf = (v: Pick<IViolation, 'from' | 'to' | 'rule'>) => `${v.rule.name}: ${v.from} → ${v.to}`;

describe('dependency direction', () => {
  let found: string[];
  let cruised: number;

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
      const output = result.output as ICruiseResult;
      found = [...new Set(output.summary.violations.map(keyOf))].sort();
      cruised = output.modules.length;
    } finally {
      process.chdir(cwd);
    }
  }, 120_000);

  it('cruises the code (a wrong path or option would find nothing and pass)', () => {
    expect(cruised).toBeGreaterThan(300);
  });

  it('finds no import against the direction and no cycle', () => {
    expect(found, `imports against the dependency direction (.dependency-cruiser.cjs):\n${found.join('\n')}`).toEqual([]);
  });
});
