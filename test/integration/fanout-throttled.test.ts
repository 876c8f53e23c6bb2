import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acknowledgeThrough, allRecipients, importUnitGroup, issueMails, issueToGroup, perAddress, perSecond, reminderMails, waitUntil, type RecipientRow } from '../support/fanout';
import type { SentMail } from '../../infra/local/ses-send-log';
import { pickStackPorts, stackProcess, type StackProcess } from '../support/stack-process';

/**
 * Proof of issue 10: a dispatch to 2,000 recipients while SES throttles at its maximum send rate and
 * rejects a share of calls with a transient error. Seen only from outside: the API, and the SES
 * stand-in's send log (every message it accepted, written before it answers).
 *
 * - The stand-in accepts at most RATE sends a second (token bucket, one second's burst; above it SES's
 *   `Throttling` "Maximum sending rate exceeded."), and answers TRANSIENT_SHARE of the other calls
 *   `ServiceUnavailable` (seeded, so every run rejects the same calls of the sequence).
 * - The product is told the same rate (SES_MAX_SEND_RATE), as the account's SES quota would be.
 * Then: every recipient e-mailed exactly once (counted in the send log), none marked failed, the rate
 * at SES never above RATE in any second of the stand-in's clock; then "remind all": every laggard
 * (all but the units that acknowledged) reminded exactly once, the others not at all, still under RATE.
 */
const RECIPIENTS = 2000;
const RATE = 50;
const TRANSIENT_SHARE = 0.05;
/**
 * Generous: at RATE the issue mail needs 40 s, the reminders as long; on the shared 2-core machine at a
 * load average of 12 the stack has managed as few as 5 e-mails a second. Only a failing run waits this long.
 */
const FAN_OUT_DEADLINE_MS = 15 * 60_000;
const ACKNOWLEDGING = 20;

let stack: StackProcess;
let dataDir = '';
let groupId = '';
let emails: string[] = [];
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'cong-van-fanout-'));
  stack = stackProcess({
    dataDir,
    ports: await pickStackPorts(),
    // Never killed: the table may live in memory (the crash proof, fanout-crash.test.ts, keeps it on disk).
    inMemory: true,
    env: {
      // EMF metric lines nobody reads here: one write of the stack's stdout less per batch.
      POWERTOOLS_METRICS_DISABLED: 'true',
      SES_LOCAL_RATE: String(RATE),
      SES_LOCAL_TRANSIENT_SHARE: String(TRANSIENT_SHARE),
      SES_LOCAL_SEED: '20261201',
      SES_MAX_SEND_RATE: String(RATE),
      LINK_RATE_PER_IP: '100000',
    },
  });
  await stack.start();
  // 40 files of 50 units, 3 at a time: each file reads the whole directory before it writes, so fewer
  // files import faster; 50 sequential unit writes stay well inside the API's 30 s on a loaded machine.
  ({ groupId, emails } = await importUnitGroup(stack, 'tp', RECIPIENTS, 3, 50));
}, 600_000);
afterAll(async () => {
  await stack?.stop().catch(() => {});
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** How many e-mails went out over how long, first to last at SES (printed for the record, not asserted). */
function pace(mails: readonly SentMail[]): string {
  const times = mails.map((m) => Date.parse(m.at)).sort((a, b) => a - b);
  const seconds = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000;
  const busiest = perSecond(mails)[0];
  return `${mails.length} e-mails in ${seconds.toFixed(1)} s (${(mails.length / Math.max(seconds, 1)).toFixed(1)}/s, busiest second ${busiest?.[1] ?? 0})`;
}

const settled = (rows: RecipientRow[]) => rows.length === RECIPIENTS && rows.every((r) => r.mailStatus === 'sent' || r.mailStatus === 'failed');

describe(`a dispatch to ${RECIPIENTS} recipients, SES throttling at ${RATE}/s and rejecting ${TRANSIENT_SHARE * 100} % of calls`, () => {
  let dispatch: { id: string; symbol: string };

  it('e-mails every recipient exactly once, marks none failed, and never sends faster than the rate', async () => {
    dispatch = await issueToGroup(stack, groupId);
    // Watched in the send log (a file read); the recipients are listed (pages of API calls the stack
    // would serve next to its mail) only once every e-mail has gone out.
    await waitUntil(async () => issueMails(await stack.sent(), dispatch.symbol).length, (n) => n >= RECIPIENTS, FAN_OUT_DEADLINE_MS, 1000);
    const rows = await waitUntil(() => allRecipients(stack, dispatch.id), settled, FAN_OUT_DEADLINE_MS, 2000);
    const log = await stack.sent();
    const mails = issueMails(log, dispatch.symbol);
    const counts = perAddress(mails);

    expect(rows.length, 'recipient records').toBe(RECIPIENTS);
    expect(rows.filter((r) => r.mailStatus === 'failed').map((r) => r.unitId), 'marked failed').toEqual([]);
    expect([...counts.keys()].sort(), 'every recipient e-mailed').toEqual([...emails].sort());
    expect([...counts].filter(([, m]) => m.length > 1).map(([to]) => to), 'e-mailed more than once').toEqual([]);
    expect(mails).toHaveLength(RECIPIENTS);
    const faults = await stack.setFaults({});
    console.info(`issue mail: ${pace(mails)}; at SES ${JSON.stringify(faults.counts)}`);
    expect(faults.counts.throttled + faults.counts.transient, 'the stand-in did throttle and reject').toBeGreaterThan(0);
    expect(perSecond(log)[0]?.[1], `busiest second at SES (${perSecond(log)[0]?.[0]})`).toBeLessThanOrEqual(RATE);
  }, FAN_OUT_DEADLINE_MS + 120_000);

  it('reminds every laggard exactly once on "remind all", and nobody else', async () => {
    expect(dispatch, 'the fan-out above ran').toBeDefined();
    const links = new Map(issueMails(await stack.sent(), dispatch.symbol).map((m) => [m.to[0]!, m.link!]));
    const acknowledged = emails.slice(0, ACKNOWLEDGING);
    for (const email of acknowledged) await acknowledgeThrough(links.get(email)!);
    const laggards = emails.slice(ACKNOWLEDGING);

    const clerk = await stack.tokenFor('u-vanthu', ['clerk']);
    const remind = await stack.api('POST', `/dispatches/${dispatch.id}/remind`, { token: clerk });
    expect([200, 202], `${remind.text}\n${stack.output()}`).toContain(remind.status);

    const reminders = await waitUntil(
      async () => reminderMails(await stack.sent(), dispatch.symbol),
      (m) => perAddress(m).size >= laggards.length,
      FAN_OUT_DEADLINE_MS,
      2000,
    );
    // Anything still on its way would show up as a second reminder: give it a moment to.
    await new Promise((r) => setTimeout(r, 5000));
    const log = await stack.sent();
    const counts = perAddress(reminderMails(log, dispatch.symbol));
    console.info(`reminders: ${pace(reminderMails(log, dispatch.symbol))}; at SES ${JSON.stringify((await stack.setFaults({})).counts)}`);
    expect(reminders.length).toBeGreaterThan(0);
    expect(laggards.filter((e) => !counts.has(e)), 'laggards not reminded').toEqual([]);
    expect([...counts].filter(([, m]) => m.length > 1).map(([to]) => to), 'reminded more than once').toEqual([]);
    expect(acknowledged.filter((e) => counts.has(e)), 'reminded after acknowledging').toEqual([]);
    expect(perSecond(log)[0]?.[1], `busiest second at SES (${perSecond(log)[0]?.[0]})`).toBeLessThanOrEqual(RATE);
  }, FAN_OUT_DEADLINE_MS + 120_000);
});
