import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quietLog } from '../../infra/local/log';
import { SesFaults } from '../../infra/local/ses-faults';
import { startSesLocal, type SesLocal } from '../../infra/local/ses-local';

/**
 * The SES stand-in as a client meets it: the real SES SDK over HTTP, errors in SES's own words, the
 * fault switch at `/_faults`, and the send log that outlives a restart.
 */
let dir: string;
let ses: SesLocal;
/** The stand-in's clock, held still unless a test moves it: its rate windows are then exact. */
const clockMs = Date.UTC(2026, 11, 1, 9, 0, 0, 100);
const log = quietLog('[ses-test]');
const client = (endpoint: string) =>
  new SESClient({ endpoint, region: 'ap-southeast-1', maxAttempts: 1, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const link = (n: number) => `http://localhost:3000/l/${String(n).padStart(43, 'A')}`;
const send = (c: SESClient, n: number) =>
  c.send(
    new SendEmailCommand({
      Source: 'van-thu@cong-van.local',
      Destination: { ToAddresses: [`unit-${n}@thads.moj.gov.vn`] },
      Message: { Subject: { Data: `Thư số ${n}` }, Body: { Text: { Data: `Mở: ${link(n)}` }, Html: { Data: `<a href="${link(n)}">mở</a>` } } },
    }),
  );
const faultsRoute = async (body: unknown) => {
  const res = await fetch(`${ses.url}/_faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as any };
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cong-van-ses-'));
  ses = await startSesLocal({ port: 0, dataDir: dir, log, clock: () => clockMs });
});
afterAll(async () => {
  await ses?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the rate windows and the seeded share (pure)', () => {
  it('accepts at most the rate in each calendar second, and stamps each send with its window', () => {
    let now = 1_000_000_000_900;
    const faults = new SesFaults({ rate: 10 }, () => now);
    const first = Array.from({ length: 15 }, () => faults.decideSend());
    expect(first.filter((d) => d.kind === 'forward')).toHaveLength(10);
    expect(first.find((d) => d.kind === 'forward')).toEqual({ kind: 'forward', at: now });
    now += 99; // still the same second: nothing more, whatever a bucket would have refilled
    expect(faults.decideSend().kind).toBe('error');
    now += 1; // the next second: ten again, not a burst of twenty
    expect(Array.from({ length: 25 }, () => faults.decideSend().kind).filter((k) => k === 'forward')).toHaveLength(10);
    expect(faults.counts.throttled).toBe(5 + 1 + 15);
  });

  it('counts a rate below one a second in longer windows', () => {
    let now = 0;
    const faults = new SesFaults({ rate: 0.5 }, () => now);
    expect([faults.decideSend().kind, faults.decideSend().kind]).toEqual(['forward', 'error']);
    now = 1999;
    expect(faults.decideSend().kind).toBe('error');
    now = 2000;
    expect(faults.decideSend().kind).toBe('forward');
  });

  it('rejects the same calls for the same seed', () => {
    const run = () => {
      const faults = new SesFaults({ transientShare: 0.3, seed: 42 });
      return Array.from({ length: 200 }, () => faults.decideSend().kind).join();
    };
    expect(run()).toBe(run());
    const rejected = run().split(',').filter((k) => k === 'error').length;
    expect(rejected).toBeGreaterThan(30);
    expect(rejected).toBeLessThan(90);
  });
});

describe('the SES stand-in over HTTP', () => {
  it('accepts mail, keeps the inbox page and logs each message with its link', async () => {
    const c = client(ses.url);
    const out = await send(c, 1);
    expect(out.MessageId).toBeTruthy();
    expect((await ses.messages()).map((m) => m.subject)).toContain('Thư số 1');
    const logged = (await ses.sent()).find((m) => m.messageId === out.MessageId);
    expect(logged).toMatchObject({ to: ['unit-1@thads.moj.gov.vn'], subject: 'Thư số 1', link: link(1) });
    expect((await fetch(ses.url)).status).toBe(200);
    c.destroy();
  });

  it('throttles above the rate with SES own error, and refuses a bad switch naming the field', async () => {
    expect((await faultsRoute({ rate: 'fast', outage: 'down' })).json.errors.map((e: { field: string }) => e.field)).toEqual(['rate', 'outage']);
    expect((await faultsRoute({ rate: 3 })).status).toBe(200);
    const c = client(ses.url);
    // The stand-in's clock stands still: one second, so exactly three of six go through.
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => send(c, 100 + i)));
    const errors = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as Error);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatchObject({ name: 'Throttling', message: 'Maximum sending rate exceeded.' });
    // Logged with the second that counted them.
    const accepted = (await ses.sent()).filter((m) => /^Thư số 10[0-5]$/.test(m.subject));
    expect(accepted.map((m) => m.at)).toEqual(Array(3).fill(new Date(clockMs).toISOString()));
    await faultsRoute({ rate: 0 });
    c.destroy();
  });

  it('fails, drops or holds every call during an outage, and logs none of them', async () => {
    const before = (await ses.sent()).length;
    const c = client(ses.url);
    await faultsRoute({ outage: 'fail' });
    await expect(send(c, 200)).rejects.toMatchObject({ name: 'ServiceUnavailable' });
    await faultsRoute({ outage: 'reset' });
    await expect(send(c, 201)).rejects.toThrow();
    await faultsRoute({ outage: 'hang' });
    let settled = false;
    const held = send(c, 202).finally(() => (settled = true));
    held.catch(() => {});
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    await faultsRoute({ outage: null });
    // A new call goes through; the hung one stays hung, as on a dead connection (the caller's timeout frees it).
    expect((await send(c, 203)).MessageId).toBeTruthy();
    await new Promise((r) => setTimeout(r, 200));
    expect(settled).toBe(false);
    c.destroy();
    expect((await ses.sent()).map((m) => m.subject)).toEqual([...(await ses.sent()).slice(0, before).map((m) => m.subject), 'Thư số 203']);
  });

  it('keeps the send log across a restart on the same data directory', async () => {
    const before = await ses.sent();
    await ses.stop();
    ses = await startSesLocal({ port: 0, dataDir: dir, log, faults: { transientShare: 1 } });
    expect(await ses.sent()).toEqual(before);
    expect(ses.faults().settings.transientShare).toBe(1);
    const c = client(ses.url);
    await expect(send(c, 300)).rejects.toMatchObject({ name: 'ServiceUnavailable' });
    c.destroy();
  });
});
