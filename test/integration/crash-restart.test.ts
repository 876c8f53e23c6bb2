import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { assertPortFree } from '../../infra/local/net';
import { issueMails, linkWorks, perAddress, waitUntil } from '../support/fanout';
import { pickStackPorts, stackProcess, type StackProcess } from '../support/stack-process';
import { exampleDispatchContent } from '../../infra/local/demo-data';

/**
 * The crash harness itself: `npm start`'s stack in a child process, killed with SIGKILL (DynamoDB
 * Local's JVM included) and started again on the same data. Nothing may be left running or listening,
 * the dead stack's lock is taken over, the table on disk is intact, and the stream runner goes on from
 * its checkpoints: a dispatch issued after the restart reaches every unit once.
 */
let stack: StackProcess | undefined;

let dataDir = '';
afterAll(async () => {
  await stack?.stop().catch(() => {});
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/**
 * Whether DynamoDB Local's database file holds the item, read by a read-only connection of our own:
 * false while DynamoDB Local holds the file's write lock (its write is not committed yet).
 */
function rowOnDisk(dir: string, pk: string): boolean {
  const db = new DatabaseSync(path.join(dir, 'dynamodb', 'shared-local-instance.db'), { readOnly: true });
  try {
    const system = new Set(['cf', 'dm', 'sm', 'ss', 'us', 'tr']);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name).filter((n) => !system.has(n));
    return tables.some((t) => db.prepare(`SELECT 1 FROM "${t}" WHERE hashKey = ?`).get(Buffer.from(pk, 'utf8')) !== undefined);
  } catch (error) {
    if (/database is locked|SQLITE_BUSY/i.test(String(error))) return false;
    throw error;
  } finally {
    db.close();
  }
}

describe('kill -9 of the whole local stack, and a restart on the same data', () => {
  it('leaves no process or port behind, takes over the lock and keeps the data', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cong-van-crash-'));
    const ports = await pickStackPorts();
    stack = stackProcess({ dataDir, ports, env: { LINK_RATE_PER_IP: '100000' } });
    await stack.start();

    const clerk = await stack.tokenFor('u-vanthu', ['clerk']);
    const created = await stack.api('POST', '/directives', {
      token: clerk,
      body: { number: '77', symbol: 'VPCP-CRASH', issuedOn: '2026-11-20', receivedOn: '2026-11-21', issuingBody: 'Văn phòng Chính phủ', subject: 'Dữ liệu phải còn sau khi bị tắt đột ngột' },
    });
    expect(created.status, created.text).toBe(201);
    // Right after the 201, DynamoDB Local sometimes still held its file's write lock (about 100 ms, 3 runs
    // in 8), and a kill then lost the write (about 1 run in 4 here, once in a CI rehearsal): real DynamoDB
    // never loses an acknowledged write. So the kill waits until the item can be read from the file.
    const onDisk = await waitUntil(async () => rowOnDisk(dataDir, `DIRECTIVE#${created.json.id as string}`), (found) => found, 60_000, 100);
    expect(onDisk, 'the directive reached DynamoDB Local\'s file').toBe(true);

    const { killed } = await stack.kill9();
    expect(killed.map((p) => p.command)).toContain('java');
    for (const port of Object.values(ports)) await expect(assertPortFree(port, 'test', 'PORT')).resolves.toBeUndefined();
    // The lock names a process that no longer exists...
    const lockOwner = Number((await readFile(path.join(dataDir, '.lock'), 'utf8')).split(' ')[0]);
    expect(killed.map((p) => p.pid)).toContain(lockOwner);

    // ...so the next start takes it over.
    await stack.start();
    const again = await stack.api('GET', `/directives/${created.json.id}`, { token: clerk });
    // The stack's own output says whether the restart found its data (SEED {"seeded":false}) or an empty table.
    expect(again.status, `${again.text}\n${stack.output().slice(-4000)}`).toBe(200);
    expect(again.json).toMatchObject({ symbol: 'VPCP-CRASH' });

    // The stream runner resumes: a dispatch issued now reaches each of its 72 units exactly once.
    const signer = await stack.tokenFor('u-nguyen-van-luc', ['signer']);
    const { id } = (await stack.api('POST', '/dispatches', { token: clerk, body: exampleDispatchContent() })).json;
    await stack.api('POST', `/dispatches/${id}/submit`, { token: clerk, body: { version: 1 } });
    await stack.api('POST', `/dispatches/${id}/sign`, { token: signer, body: { version: 2 } });
    const issued = await stack.api('POST', `/dispatches/${id}/issue`, { token: clerk, body: { version: 3 } });
    expect(issued.status, issued.text).toBe(200);
    const mails = await waitUntil(async () => issueMails(await stack!.sent(), issued.json.symbol), (m) => m.length >= 72, 180_000);
    const byAddress = perAddress(mails);
    expect(byAddress.size).toBe(72);
    expect([...byAddress.values()].every((m) => m.length === 1)).toBe(true);
    expect(await linkWorks(mails[0]!.link!)).toMatchObject({ ok: true });

    await stack.stop();
    expect(stack.running).toBe(false);
  }, 600_000);
});
