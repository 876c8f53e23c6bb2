import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { LOCAL_METRICS_FILE_NAME } from '../../infra/local/stack';
import { logger } from '../../shared/logger';
import { startTestStack, type TestStack } from '../support/local-stack';

/**
 * Issue 11: one correlation id follows a dispatch from the issue route, through the table stream
 * (delivery, the recipient mailer) and the mail queue, to each e-mail's log line. The local stack runs
 * the handlers in this process, so their JSON log lines are read from stdout.
 */
let stack: TestStack;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  // The test stack turns metric lines off (test/support/local-stack.ts); this file reads them.
  process.env['POWERTOOLS_METRICS_DISABLED'] = 'false';
  stack = await startTestStack();
  logger.setLogLevel('INFO');
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
    // The handlers' JSON lines are kept here (not echoed: INFO is on for this test only); anything else passes.
    let other = '';
    for (const l of String(chunk).split('\n')) {
      try {
        if (l.startsWith('{')) {
          lines.push(JSON.parse(l) as Record<string, unknown>);
          continue;
        }
      } catch {
        // not a JSON line: passes through
      }
      if (l) other += `${l}\n`;
    }
    return other ? (write as (c: string, ...r: unknown[]) => boolean)(other, ...rest) : true;
  }) as typeof process.stdout.write);
}, 300_000);
afterAll(async () => {
  delete process.env['POWERTOOLS_METRICS_DISABLED'];
  vi.restoreAllMocks();
  logger.setLogLevel('WARN');
  await stack?.stop();
});

describe('correlation id', () => {
  it('the issue route, the stream consumers and the mail sender log the same id for one dispatch', async () => {
    const clerk = await stack.tokenFor('u-vanthu', ['clerk']);
    const { id } = (await stack.api('POST', '/dispatches', { token: clerk, body: exampleDispatchContent() })).json;
    await stack.api('POST', `/dispatches/${id}/submit`, { token: clerk, body: { version: 1 } });
    await stack.api('POST', `/dispatches/${id}/sign`, { token: await stack.tokenFor('u-nguyen-van-luc', ['signer']), body: { version: 2 } });
    const issued = await stack.api('POST', `/dispatches/${id}/issue`, { token: clerk, body: { version: 3 } });
    expect(issued.status, issued.text).toBe(200);
    await stack.whenIdle();

    const ofDispatch = lines.filter((l) => l['dispatchId'] === id);
    const issuedLine = ofDispatch.find((l) => l['message'] === 'dispatch issued');
    expect(issuedLine, 'the route logged the issue').toBeDefined();
    const correlationId = issuedLine!['correlation_id'];
    expect(typeof correlationId).toBe('string');

    const delivered = ofDispatch.filter((l) => String(l['message']).startsWith('dispatch delivered'));
    const queued = ofDispatch.filter((l) => l['message'] === 'recipients queued for mail');
    const mailed = ofDispatch.filter((l) => l['message'] === 'mail sent');
    expect(delivered.length).toBeGreaterThan(0);
    expect(queued.length).toBeGreaterThan(0);
    expect(mailed.length).toBeGreaterThan(0);
    for (const line of [...delivered, ...queued, ...mailed]) expect(line['correlation_id'], String(line['message'])).toBe(correlationId);
  }, 300_000);

  it('the business metrics of the same work go to the stack\'s metrics file, not to the output (issue 11)', async () => {
    // Runs after the issue above: its EMF lines were written by the route and the mail consumer.
    expect(process.env['LOCAL_METRICS_FILE']).toBe(path.join(stack.dataDir, LOCAL_METRICS_FILE_NAME));
    const emf = (await readFile(path.join(stack.dataDir, LOCAL_METRICS_FILE_NAME), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const sum = (name: string) => emf.reduce((n, l) => n + (typeof l[name] === 'number' ? (l[name] as number) : 0), 0);
    expect(sum('DispatchesIssued')).toBe(1);
    expect(sum('EmailsSent')).toBeGreaterThan(0);
    expect(emf.every((l) => typeof l['_aws'] === 'object')).toBe(true);
    expect(lines.filter((l) => '_aws' in l), 'no EMF line on stdout').toEqual([]);
  });
});
