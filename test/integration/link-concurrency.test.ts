import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { startTestStack, type TestStack } from '../support/local-stack';
import { issue, openLink, pool, post, seedUnitGroup, tokensBySymbol, type LinkBrowser } from '../support/link-client';

/**
 * 500 acknowledgment/report calls over 250 recipients, every call sent twice at once: the dispatch's
 * counters must equal a recount of the recipient records afterwards (no lost or double counts).
 */
const UNITS = 250;
let stack: TestStack;

beforeAll(async () => {
  // One source address sends everything here; the per-address limit is not what this test is about.
  process.env['LINK_RATE_PER_IP'] = '1000000';
  process.env['LINK_RATE_PER_TOKEN'] = '1000';
  stack = await startTestStack();
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  // Each file runs in its own process; this only keeps the limits from outliving the file regardless.
  delete process.env['LINK_RATE_PER_TOKEN'];
  delete process.env['LINK_RATE_PER_IP'];
});

describe('concurrent duplicate calls', () => {
  it('keep every counter equal to a recount of the recipient records', async () => {
    const groupId = await seedUnitGroup(stack, 'cc', UNITS);
    const { id, symbol } = await issue(stack, { ...exampleDispatchContent(), citations: [], addressees: [{ kind: 'group', groupId }] });
    const tokens = [...(await tokensBySymbol(stack, symbol)).values()];
    expect(tokens).toHaveLength(UNITS);
    const browsers = await pool(tokens, 16, (token) => openLink(stack, token));

    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const calls: [LinkBrowser, string, Record<string, string>][] = browsers.flatMap((b, i) => [
      [b, '/l/acknowledge', { csrf: b.csrf, name: `Người nhận ${i}`, position: 'Văn thư' }],
      [b, '/l/report', { csrf: b.csrf, 'status.1': 'done', 'doneOn.1': today, 'status.2': i % 2 ? 'partly' : 'not_done' }],
    ]);
    expect(calls).toHaveLength(2 * UNITS);
    const statuses = (await pool(calls, 25, ([b, path, fields]) => Promise.all([post(stack, path, b, fields), post(stack, path, b, fields)]))).flat().map((r) => r.status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);

    const clerk = await stack.tokenFor('u-vanthu', ['clerk']);
    const table = await stack.api('GET', `/dispatches/${id}/recipients?limit=500`, { token: clerk });
    const items = table.json.items as { firstOpenedAt?: string; acknowledgedAt?: string; reportVersion?: number; completedAt?: string }[];
    expect(items).toHaveLength(UNITS);
    const recount = {
      recipients: items.length,
      opened: items.filter((r) => r.firstOpenedAt).length,
      acknowledged: items.filter((r) => r.acknowledgedAt).length,
      reported: items.filter((r) => r.reportVersion).length,
      completed: items.filter((r) => r.completedAt).length,
    };
    expect(recount).toEqual({ recipients: UNITS, opened: UNITS, acknowledged: UNITS, reported: UNITS, completed: UNITS });
    expect(items.every((r) => r.reportVersion === 1)).toBe(true);

    const summary = await stack.api('GET', `/dispatches/${id}/summary`, { token: clerk });
    expect(summary.json.summary).toMatchObject(recount);
  }, 600_000);
});
