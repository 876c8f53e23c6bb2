import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { loadavg } from 'node:os';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { issue, pool, tokensBySymbol } from '../support/link-client';
import { startTestStack, type TestStack } from '../support/local-stack';
import { ms, percentile } from './stats';

/**
 * A flood of random link tokens from one address against a unit's page from another (issue 13): the
 * unit page's pace before and during the flood, in the same run (the ratio is what compares across
 * machines). `test/integration/link-flood.test.ts` asserts that the refusals come from the edge; the
 * pace they leave the unit is measured here, never asserted in a test.
 */
const PER_IP = 40;
const FLOOD = Number(process.env['BENCH_FLOOD'] ?? 2000);
// The unit's address is limited too: warm-up, before and during stay under LINK_RATE_PER_IP together.
const SAMPLES = 12;

function getFrom(stack: TestStack, localAddress: string, path: string, cookie?: string): Promise<{ status: number; ms: number; setCookie: string[] }> {
  const url = new URL(stack.stack.urls.api);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET', localAddress, headers: cookie ? { cookie } : {} }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, setCookie: res.headers['set-cookie'] ?? [] }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function unitPage(stack: TestStack, cookie: string, samples = SAMPLES): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const page = await getFrom(stack, '127.0.0.21', '/l', cookie);
    if (page.status !== 200) throw new Error(`unit page answered ${page.status}`);
    times.push(page.ms);
  }
  return times.sort((a, b) => a - b);
}

export async function benchLinkFlood(): Promise<void> {
  process.env['LINK_RATE_PER_IP'] = String(PER_IP);
  process.env['LINK_RATE_PER_TOKEN'] = '1000';
  const stack = await startTestStack();
  try {
    const dispatch = await issue(stack, exampleDispatchContent());
    const token = [...(await tokensBySymbol(stack, dispatch.symbol)).values()][0]!;
    const opened = await getFrom(stack, '127.0.0.21', `/l/${token}`);
    const cookie = opened.setCookie[0]!.split(';')[0]!;
    await unitPage(stack, cookie, 3); // warm-up
    const before = await unitPage(stack, cookie);
    const guesses = Array.from({ length: FLOOD }, () => randomBytes(32).toString('base64url'));
    const started = performance.now();
    const [flood, during] = await Promise.all([pool(guesses, 25, (g) => getFrom(stack, '127.0.0.22', `/l/${g}`)), unitPage(stack, cookie)]);
    const floodMs = performance.now() - started;
    const refused = flood.filter((r) => r.status === 429).length;

    console.log(`\n# Link flood: ${FLOOD} random tokens from one address at concurrency 25, a unit's page from another (load ${loadavg()[0]!.toFixed(1)})`);
    console.log(`flood                   ${refused} refused at the edge (429), ${flood.length - refused} reached a handler, ${((flood.length / floodMs) * 1000).toFixed(0)} requests/s`);
    console.log(`unit page before        p50 ${ms(percentile(before, 50))}, p90 ${ms(percentile(before, 90))}`);
    console.log(`unit page during        p50 ${ms(percentile(during, 50))}, p90 ${ms(percentile(during, 90))}`);
    console.log(`ratio during/before     p50 ${(percentile(during, 50) / percentile(before, 50)).toFixed(1)}×`);
  } finally {
    await stack.stop();
  }
}
