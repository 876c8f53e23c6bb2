import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../infra/aws/bundle-options';
import { buildSdkLayer, sdkNamesUsed, sdkPackages } from '../../infra/aws/sdk-layer';

/**
 * The SDK layer (infra/aws/sdk-layer.ts) holds only the names the code imports, so a name it missed would
 * fail in Lambda only (the tests and the local stack run the source with the real packages). A bundle
 * built with the CDK options imports every name the code uses and is loaded against the layer, as in Lambda.
 */
describe('SDK layer', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cv-sdk-layer-test-'));
    buildSdkLayer(path.join(dir, 'node_modules'));
  }, 300_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reads the names the code imports, type-only imports left out, and refuses a namespace import', async () => {
    const used = sdkNamesUsed();
    expect(used.get('@aws-sdk/lib-dynamodb')).toEqual(expect.arrayContaining(['DynamoDBDocumentClient', 'GetCommand', 'TransactWriteCommand']));
    expect(used.get('@aws-sdk/client-dynamodb')).toContain('DynamoDBClient');
    expect([...used.keys()].every((p) => sdkPackages().includes(p)), 'an SDK package without a bundle-shims/aws-sdk file').toBe(true);

    const src = await mkdtemp(path.join(os.tmpdir(), 'cv-sdk-names-'));
    try {
      await writeFile(path.join(src, 'a.ts'), "import type { Foo } from '@aws-sdk/client-s3';\nimport {\n  S3Client,\n  type Bar,\n  GetObjectCommand as Get,\n} from '@aws-sdk/client-s3';\n");
      expect(sdkNamesUsed([src])).toEqual(new Map([['@aws-sdk/client-s3', ['GetObjectCommand', 'S3Client']]]));
      await writeFile(path.join(src, 'b.ts'), "import * as s3 from '@aws-sdk/client-s3';\n");
      expect(() => sdkNamesUsed([src])).toThrow(/import named exports from @aws-sdk\/client-s3/);
    } finally {
      await rm(src, { recursive: true, force: true });
    }
  });

  it('serves every name the code imports to a bundle built with the CDK options, with the credentials of the environment', async () => {
    const used = sdkNamesUsed();
    const entry = path.join(dir, 'entry.ts');
    const imports = [...used].map(([pkg, names], i) => `import { ${names.map((n) => `${n} as n${i}_${n}`).join(', ')} } from '${pkg}';`);
    const checks = [...used].flatMap(([pkg, names], i) => names.map((n) => `[${JSON.stringify(`${pkg}:${n}`)}, n${i}_${n}]`));
    await writeFile(
      entry,
      [
        ...imports,
        `const missing = [${checks.join(', ')}].filter(([, v]) => v === undefined).map(([k]) => k);`,
        // In Lambda the execution role's credentials are in the environment: the layer's chain reads them there.
        `const credentials = await new n${[...used.keys()].indexOf('@aws-sdk/client-dynamodb')}_DynamoDBClient({ region: 'ap-southeast-1' }).config.credentials();`,
        "console.log(JSON.stringify({ missing, key: credentials.accessKeyId, http2: process.moduleLoadList.some((m) => m.endsWith(' http2')) }));",
      ].join('\n'),
    );
    const outfile = path.join(dir, 'fn', 'index.mjs');
    await mkdir(path.dirname(outfile), { recursive: true });
    await build({ ...esbuildOptions(entry, outfile), sourcemap: false });
    const run = spawnSync(process.execPath, [outfile], {
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '', AWS_ACCESS_KEY_ID: 'AKIDLAYERTEST', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' },
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout.trim())).toEqual({ missing: [], key: 'AKIDLAYERTEST', http2: false });
  }, 120_000);

  it('lays each package out for require (package.json naming its ES module) over shared chunks, without the default credential chain', async () => {
    const modules = path.join(dir, 'node_modules');
    for (const pkg of sdkPackages()) {
      expect(JSON.parse(await readFile(path.join(modules, pkg, 'package.json'), 'utf8')), pkg).toMatchObject({ name: pkg, main: 'index.mjs' });
    }
    const chunks = await readdir(path.join(modules, 'sdk-chunks'));
    expect(chunks.length).toBeGreaterThan(0);
    const code = (await Promise.all(chunks.map((c) => readFile(path.join(modules, 'sdk-chunks', c), 'utf8')))).join('\n');
    // The SSO and web identity providers of the default chain are not in the layer.
    expect(code).not.toMatch(/AssumeRoleWithWebIdentity|sso_start_url/);
  });

  it('falls back to the runtime\'s full credential chain when the environment has no credentials', async () => {
    const entry = path.join(dir, 'fallback.ts');
    await writeFile(
      entry,
      [
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        "const credentials = await new DynamoDBClient({ region: 'ap-southeast-1' }).config.credentials();",
        'console.log(JSON.stringify({ key: credentials.accessKeyId }));',
      ].join('\n'),
    );
    const outfile = path.join(dir, 'fallback', 'index.mjs');
    await mkdir(path.dirname(outfile), { recursive: true });
    await build({ ...esbuildOptions(entry, outfile), sourcemap: false });
    // No key in the environment; a shared credentials file the full chain reads. The repository's
    // node_modules stands in for the runtime's /var/runtime/node_modules, after the layer on NODE_PATH.
    const ini = path.join(dir, 'credentials');
    await writeFile(ini, '[default]\naws_access_key_id = AKIDFROMCHAIN\naws_secret_access_key = secret\n');
    const run = spawnSync(process.execPath, [outfile], {
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '', NODE_PATH: path.resolve('node_modules'), AWS_SHARED_CREDENTIALS_FILE: ini, AWS_CONFIG_FILE: path.join(dir, 'no-config'), AWS_EC2_METADATA_DISABLED: 'true' },
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout.trim())).toEqual({ key: 'AKIDFROMCHAIN' });
  }, 120_000);
});
