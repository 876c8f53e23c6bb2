import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumers } from '../../functions/consumers';
import { jobs } from '../../functions/jobs';
import { queues } from '../../functions/queues';
import { routes } from '../../functions/routes';
import { repoRoot } from '../../infra/aws/paths';
import { STACK_NAME } from '../../infra/aws/create-app';
import { sdkPackages } from '../../infra/aws/sdk-layer';

/**
 * The real thing: `npm run synth` (cdk.json → npx tsx infra/aws/app.ts), bundling every route and
 * consumer entry with esbuild, with the nag plugins. Fails while a handler file of the tables is
 * missing. Takes about half a minute on two cores.
 */
let outdir: string;
let result: ReturnType<typeof spawnSync>;

interface LambdaResource {
  Type: string;
  Properties: { Code: { S3Key: string }; Description: string; Environment: { Variables: Record<string, unknown> } };
}

beforeAll(() => {
  outdir = mkdtempSync(path.join(tmpdir(), 'cdk-synth-'));
  // As a developer runs it: no test-runner variables (NODE_ENV=test changes how CDK reports validation).
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_ENV' && !k.startsWith('VITEST')));
  result = spawnSync('npm', ['run', '--silent', 'synth', '--', '--quiet', '--output', outdir], {
    cwd: repoRoot,
    env,
    encoding: 'utf8',
    // Synth bundles ~100 functions: 2–3 min alone, more with other test files beside it on 2 cores.
    timeout: 560_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  // The bundles require the AWS SDK at run time from the SDK layer (infra/aws/sdk-layer.ts), which Lambda
  // unpacks to /opt: its synthesized asset's nodejs/node_modules stands in for /opt/nodejs/node_modules
  // when they are loaded below.
  if (result.status === 0) symlinkSync(path.join(sdkLayerDir(), 'nodejs', 'node_modules'), path.join(outdir, 'node_modules'), 'dir');
}, 600_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

/** The stack's resources and those of its nested stacks (the route functions), in one map. */
const template = () => {
  const files = [`${STACK_NAME}.template.json`, ...readdirSync(outdir).filter((f) => f.endsWith('.nested.template.json'))];
  const resources = files.map((f) => (JSON.parse(readFileSync(path.join(outdir, f), 'utf8')) as { Resources: Record<string, LambdaResource> }).Resources);
  return { Resources: Object.assign({}, ...resources) as Record<string, LambdaResource> };
};

/** The asset folder of an S3 key `<hash>.zip` (`asset.<hash>`), from the asset manifest. */
function assetDir(s3Key: string): string {
  const manifest = JSON.parse(readFileSync(path.join(outdir, `${STACK_NAME}.assets.json`), 'utf8')) as {
    files: Record<string, { source: { path: string } }>;
  };
  return path.join(outdir, manifest.files[s3Key.replace(/\.zip$/, '')]!.source.path);
}

/** The SDK layer's asset folder (one layer in the app). */
function sdkLayerDir(): string {
  const layers = Object.values(template().Resources).filter((r) => r.Type === 'AWS::Lambda::LayerVersion') as unknown as { Properties: { Content: { S3Key: string } } }[];
  expect(layers).toHaveLength(1);
  return assetDir(layers[0]!.Properties.Content.S3Key);
}

/** The bundle folder of each function, from the asset manifest. */
function bundles(): { description: string; dir: string; env: Record<string, unknown> }[] {
  return Object.values(template().Resources)
    .filter((r) => r.Type === 'AWS::Lambda::Function')
    .map((r) => ({ description: r.Properties.Description, dir: assetDir(r.Properties.Code.S3Key), env: r.Properties.Environment.Variables }));
}

describe('npm run synth (real bundling of every entry)', () => {
  it('succeeds, with every entry of the route and consumer tables present', () => {
    const missing = [...routes, ...consumers, ...jobs, ...queues].map((d) => d.entry).filter((entry) => !existsSync(path.join(repoRoot, entry)));
    expect(missing, 'handler files missing (synth cannot bundle them)').toEqual([]);
    expect(result.error).toBeUndefined();
    expect(result.status, `cdk synth failed:\n${String(result.stderr).slice(-6000)}`).toBe(0);
  });

  it('bundles each function into its own ESM file with a source map and the createRequire banner', () => {
    const list = bundles();
    // One function per queue too (functions/queues.ts): its consumer.
    expect(list).toHaveLength(routes.length + consumers.length + jobs.length + queues.length);
    expect(new Set(list.map((b) => b.dir)).size).toBe(list.length);
    for (const b of list) {
      const files = readdirSync(b.dir);
      expect(files, b.description).toEqual(expect.arrayContaining(['index.mjs', 'index.mjs.map']));
      const code = readFileSync(path.join(b.dir, 'index.mjs'), 'utf8');
      expect(code.startsWith("import { createRequire as __cvCreateRequire } from 'node:module';"), b.description).toBe(true);
    }
  });

  it('builds the SDK layer: each SDK package the bundles require, as an ES module over shared chunks', () => {
    const functions = Object.values(template().Resources).filter((r) => r.Type === 'AWS::Lambda::Function') as unknown as { Properties: { Layers?: unknown[] } }[];
    expect(functions.filter((f) => f.Properties.Layers?.length !== 1), 'every function runs with the SDK layer').toEqual([]);
    const modules = path.join(sdkLayerDir(), 'nodejs', 'node_modules');
    for (const pkg of sdkPackages()) {
      expect(JSON.parse(readFileSync(path.join(modules, pkg, 'package.json'), 'utf8')), pkg).toMatchObject({ name: pkg, main: 'index.mjs' });
      expect(existsSync(path.join(modules, pkg, 'index.mjs')), pkg).toBe(true);
    }
  });

  it('ships the fonts exactly with the functions whose code renders PDFs', () => {
    for (const b of bundles()) {
      const renders = readFileSync(path.join(b.dir, 'index.mjs'), 'utf8').includes('TINOS_FONT_DIR');
      expect(b.env.TINOS_FONT_DIR !== undefined, `${b.description}: TINOS_FONT_DIR set iff the code reads fonts`).toBe(renders);
      const fonts = existsSync(path.join(b.dir, 'fonts')) ? readdirSync(path.join(b.dir, 'fonts')).sort() : [];
      expect(fonts, b.description).toEqual(
        renders ? ['Tinos_400Regular.ttf', 'Tinos_400Regular_Italic.ttf', 'Tinos_700Bold.ttf', 'Tinos_700Bold_Italic.ttf'] : [],
      );
    }
  });

  it('ships PDF.js beside the web-get bundle only, and the bundled function serves it from there', () => {
    const withViewer = bundles().filter((b) => b.env.PDFJS_DIR !== undefined);
    expect(withViewer.map((b) => b.description)).toEqual([expect.stringContaining('web-get')]);
    for (const b of bundles()) {
      const files = existsSync(path.join(b.dir, 'pdfjs')) ? readdirSync(path.join(b.dir, 'pdfjs')).sort() : [];
      expect(files, b.description).toEqual(b.env.PDFJS_DIR !== undefined ? ['pdf.min.mjs', 'pdf.worker.min.mjs'] : []);
    }
    // The bundled function, run as Lambda would (PDFJS_DIR pointing at its package's folder), answers
    // GET /app/assets/pdf.worker.min.mjs with the file shipped beside it.
    const dir = withViewer[0]!.dir;
    const script = `
      const { handler } = await import(process.argv[1] + '/index.mjs');
      const event = { version: '2.0', routeKey: 'GET /app/{path+}', rawPath: '/app/assets/pdf.worker.min.mjs', rawQueryString: '', headers: {},
        requestContext: { http: { method: 'GET', path: '/app/assets/pdf.worker.min.mjs', sourceIp: '192.0.2.1', protocol: 'HTTP/1.1', userAgent: 'test' }, requestId: 'r1', routeKey: 'GET /app/{path+}', stage: '$default', time: '', timeEpoch: 0, domainName: 'x', accountId: '1', apiId: 'a' },
        pathParameters: { path: 'assets/pdf.worker.min.mjs' }, isBase64Encoded: false };
      const r = await handler(event, { awsRequestId: 'r1', functionName: 'web-get', getRemainingTimeInMillis: () => 10000 });
      console.log(JSON.stringify({ status: r.statusCode, type: r.headers['content-type'], length: (r.body || '').length }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, dir], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, PDFJS_DIR: path.join(dir, 'pdfjs'), TABLE_NAME: 'cv', BUCKET_NAME: 'b', AWS_REGION: 'ap-southeast-1' },
    });
    expect(run.status, run.stderr).toBe(0);
    const answer = JSON.parse(run.stdout.trim().split('\n').pop()!);
    expect(answer).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    expect(answer.length).toBe(readFileSync(path.join(dir, 'pdfjs', 'pdf.worker.min.mjs'), 'utf8').length);
  });

  it('produces bundles that load on Node 24 and export a handler', () => {
    const script = `
      const dirs = JSON.parse(process.argv[1]);
      const bad = [];
      for (const dir of dirs) {
        try { const m = await import(dir + '/index.mjs'); if (typeof m.handler !== 'function') bad.push(dir + ': no handler'); }
        catch (e) { bad.push(dir + ': ' + e.message); }
      }
      console.log(JSON.stringify(bad));`;
    const dirs = bundles().map((b) => b.dir);
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(dirs)], { encoding: 'utf8', timeout: 120_000 });
    expect(process.versions.node.split('.')[0]).toBe('24');
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim().split('\n').pop()!)).toEqual([]);
  });

  it('leaves nothing in the validation report (no nag finding, no template warning)', () => {
    const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: { violations?: unknown[] }[] };
    expect(report.pluginReports.flatMap((r) => r.violations ?? [])).toEqual([]);
  });
});
