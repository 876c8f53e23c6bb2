import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SentMail } from '../../infra/local/ses-send-log';
import { allRecipients, importUnitGroup, issueMails, issueToGroup, linkWorks, perAddress, waitUntil, type RecipientRow } from '../support/fanout';
import { pool } from '../support/link-client';
import { pickStackPorts, stackProcess, type StackProcess } from '../support/stack-process';

/**
 * Proof of issue 10: the whole local stack killed with SIGKILL (API, consumers, SES stand-in, DynamoDB
 * Local's JVM) in the middle of a fan-out, once started again at once and once after a pause longer
 * than any claim or lease, then left to finish. Seen from outside only: the SES stand-in's send log
 * (which survives the kill: each line is written before SES answers), the API, the e-mailed links.
 *
 * What "exactly once" can mean here. SES accepting a message and the product recording that it did
 * are two steps on two machines; a process that dies between them cannot know, when it comes back,
 * whether that message left. It must send again (or a unit might never hear of the letter), so such a
 * unit gets two e-mails. What the product can promise, and what is asserted:
 * - a second e-mail only for a send in flight at the kill: its first copy is among the messages SES
 *   accepted in the last IN_FLIGHT_WINDOW_MS before the stack died (a send is recorded well within that
 *   of SES's answer), so there are never more of them than SES accepted in that window;
 * - never a third copy;
 * - both copies carry a link that works (the second must not cancel the first);
 * - every unit e-mailed, none left "sending", the link in every unit's latest e-mail working.
 */
const UNITS = 150;
const RATE = 10;
/**
 * The mail queue's visibility timeout, and so the claims' lease, shortened from AWS's 180 s (same code,
 * smaller number: infra/local/local-timings.ts), with the sweeper's grace and interval: a crash is then
 * waited out in under a minute instead of five.
 */
const LEASE_SECONDS = 30;
const SWEEP_GRACE_SECONDS = 10;
const SWEEP_INTERVAL_SECONDS = 10;
/** Back-offs capped at seconds, not 15 minutes: a send SES throttled near the kill is tried again at once. */
const BACKOFF_MAX_SECONDS = 8;
/** Longer than any claim's lease and than the queue's visibility timeout. */
const PAUSE_MS = (LEASE_SECONDS + 10) * 1000;
const IN_FLIGHT_WINDOW_MS = 3000;
const FINISH_DEADLINE_MS = 8 * 60_000;

let stack: StackProcess;
let dataDir = '';
const groups: Record<'again' | 'paused', { groupId: string; emails: string[] }> = { again: { groupId: '', emails: [] }, paused: { groupId: '', emails: [] } };
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'cong-van-fanout-crash-'));
  stack = stackProcess({
    dataDir,
    ports: await pickStackPorts(),
    // Throttled, so the fan-out lasts long enough (15 s) to be killed in its middle.
    env: {
      SES_LOCAL_RATE: String(RATE),
      SES_MAX_SEND_RATE: String(RATE),
      LINK_RATE_PER_IP: '100000',
      MAIL_QUEUE_VISIBILITY_SECONDS: String(LEASE_SECONDS),
      MAIL_SWEEP_GRACE_SECONDS: String(SWEEP_GRACE_SECONDS),
      MAIL_SWEEP_INTERVAL_SECONDS: String(SWEEP_INTERVAL_SECONDS),
      MAIL_BACKOFF_MAX_SECONDS: String(BACKOFF_MAX_SECONDS),
    },
  });
  await stack.start();
  groups.again = await importUnitGroup(stack, 'ka', UNITS);
  groups.paused = await importUnitGroup(stack, 'kb', UNITS);
}, 600_000);
afterAll(async () => {
  await stack?.stop().catch(() => {});
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Every record at an end: sent, or parked as failed (which the assertions then refuse); `retrying` is still on its way. */
const settled = (rows: RecipientRow[]) => rows.length === UNITS && rows.every((r) => r.mailStatus === 'sent' || r.mailStatus === 'failed');

async function crashMidFanOut(group: { groupId: string; emails: string[] }, pauseMs: number) {
  const dispatch = await issueToGroup(stack, group.groupId);
  const third = await waitUntil(async () => issueMails(await stack.sent(), dispatch.symbol), (m) => m.length >= UNITS / 3, FINISH_DEADLINE_MS, 100);
  expect(third.length, 'a third of the sends before the kill').toBeGreaterThanOrEqual(UNITS / 3);
  await stack.kill9();
  const beforeKill = issueMails(await stack.sent(), dispatch.symbol);
  expect(beforeKill.length, 'killed in the middle, not after the end').toBeLessThan(UNITS);
  if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
  const restarting = Date.now();
  await stack.start();
  const restartedMs = Date.now() - restarting;

  const rows = await waitUntil(() => allRecipients(stack, dispatch.id), settled, FINISH_DEADLINE_MS, 3000);
  // Where the time goes on a loaded machine (printed, not asserted).
  console.info(`fanout-crash: ${beforeKill.length} sent before the kill, restart took ${restartedMs} ms, settled ${Date.now() - restarting - restartedMs} ms after`);
  // Settled records; anything still on its way would show up in the log as a second copy.
  await new Promise((r) => setTimeout(r, 5000));
  const mails = issueMails(await stack.sent(), dispatch.symbol);
  return { dispatch, rows, beforeKill, mails };
}

async function assertOutcome({ rows, beforeKill, mails }: Awaited<ReturnType<typeof crashMidFanOut>>, emails: string[]) {
  const counts = perAddress(mails);
  expect([...counts.keys()].sort(), 'every unit e-mailed').toEqual([...emails].sort());
  expect(rows.filter((r) => r.mailStatus !== 'sent').map((r) => `${r.unitId}:${r.mailStatus}`), 'left unsent or failed').toEqual([]);

  // The bound on second copies: only sends in flight at the kill.
  const lastAccepted = Math.max(...beforeKill.map((m) => Date.parse(m.at)));
  const inFlight = new Set(beforeKill.filter((m) => Date.parse(m.at) >= lastAccepted - IN_FLIGHT_WINDOW_MS).map((m) => m.messageId));
  const twice = [...counts].filter(([, m]) => m.length > 1);
  expect(twice.filter(([, m]) => m.length > 2).map(([to]) => to), 'three copies or more').toEqual([]);
  expect(twice.filter(([, m]) => !inFlight.has(m[0]!.messageId)).map(([to, m]) => `${to} first at ${m[0]!.at}`), `second copies of sends not in flight at the kill (last accepted ${new Date(lastAccepted).toISOString()})`).toEqual([]);
  expect(twice.length).toBeLessThanOrEqual(inFlight.size);

  // Every unit's latest link works; a unit with two e-mails has both working.
  const toOpen: SentMail[] = [...counts.values()].flatMap((m) => (m.length > 1 ? m : [m.at(-1)!]));
  const broken = (await pool(toOpen, 4, async (m) => ({ m, result: await linkWorks(m.link!) }))).filter((o) => !o.result.ok);
  expect(broken.map(({ m, result }) => `${m.to[0]} (${m.at}): ${result.status} ${result.detail}`), 'links that do not work').toEqual([]);
}

describe(`kill -9 of the whole stack after a third of a ${UNITS}-unit fan-out`, () => {
  it('restarted at once: every unit e-mailed, none left sending, links working, second copies only for sends in flight', async () => {
    await assertOutcome(await crashMidFanOut(groups.again, 0), groups.again.emails);
  }, FINISH_DEADLINE_MS + 300_000);

  it(`restarted after ${PAUSE_MS / 1000} s, longer than any claim: the same`, async () => {
    await assertOutcome(await crashMidFanOut(groups.paused, PAUSE_MS), groups.paused.emails);
  }, FINISH_DEADLINE_MS + PAUSE_MS + 300_000);
});
