import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findJava } from '../../infra/local/dynamodb-local';
import { quietLog } from '../../infra/local/log';
import { assertPortFree, LOOPBACK, PortInUseError } from '../../infra/local/net';
import { resetLocalData } from '../../infra/local/reset-data';
import { seedIfEmpty } from '../../infra/local/seed';
import { startLocalStack, type LocalStack } from '../../infra/local/stack';

/**
 * What a developer meets around `npm start`: data kept across a restart (on disk, as `npm start` runs
 * it, not in memory as the other tests do), one stack per data directory, `npm run reset`, and plain
 * bilingual messages for a missing Java or a busy port.
 */
const dirs: string[] = [];
const children: ChildProcess[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'cong-van-ops-'));
  dirs.push(dir);
  return dir;
};
/** A live process that is not us: a lock naming it belongs to "another npm start". */
const otherProcess = () => {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], { stdio: 'ignore' });
  children.push(child);
  return child.pid!;
};
afterAll(async () => {
  for (const child of children) child.kill();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const isFree = (port: number) => assertPortFree(port, 'test', 'PORT').then(() => true, () => false);

/** As `npm start` does: the same ports on every start (its defaults; here free ones, fixed for the file). */
let ports: { api: number; dynamodb: number; ses: number; s3: number } | undefined;
const start = async (dataDir: string) => {
  if (!ports) {
    // Below the kernel's ephemeral range (32768 and up), so no outgoing connection of a test running
    // in parallel can take one of these ports while the stack is stopped between the two starts.
    const free = new Set<number>();
    while (free.size < 4) {
      const port = 20000 + Math.floor(Math.random() * 12000);
      if (await isFree(port)) free.add(port);
    }
    const [api, dynamodb, ses, s3] = [...free] as [number, number, number, number];
    ports = { api, dynamodb, ses, s3 };
  }
  return startLocalStack({ dataDir, ports, seed: async () => void (await seedIfEmpty()), log: quietLog('[ops-test]') });
};
const get = async (stack: LocalStack, apiPath: string, token: string) => {
  const res = await fetch(`${stack.urls.api}${apiPath}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

describe('npm start on kept data', () => {
  it('keeps the table, the signing keys of the token issuer and the seed across a restart', async () => {
    const dataDir = await tempDir();
    let stack = await start(dataDir);
    let token: string;
    let id: string;
    let unitsBefore: number;
    try {
      token = await stack.identity.mint({ userId: 'u-vanthu', roles: ['clerk'], expiresInSeconds: 3600 });
      const created = await fetch(`${stack.urls.api}/directives`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ number: '99', symbol: 'VPCP-TEST', issuedOn: '2026-11-20', receivedOn: '2026-11-21', issuingBody: 'Văn phòng Chính phủ', subject: 'Kiểm tra dữ liệu sau khởi động lại' }),
      });
      expect(created.status, await created.clone().text()).toBe(201);
      ({ id } = (await created.json()) as { id: string });
      unitsBefore = ((await get(stack, '/units', token)).json['items'] as unknown[]).length;
      expect(unitsBefore).toBeGreaterThan(70);
    } finally {
      await stack.stop();
    }

    stack = await start(dataDir);
    try {
      // The token minted before the restart still verifies: the issuer's keys were kept too.
      const again = await get(stack, `/directives/${id}`, token);
      expect(again.status).toBe(200);
      expect(again.json).toMatchObject({ number: '99', symbol: 'VPCP-TEST', subject: 'Kiểm tra dữ liệu sau khởi động lại' });
      // The seed ran once: no unit twice.
      expect(((await get(stack, '/units', token)).json['items'] as unknown[]).length).toBe(unitsBefore);
    } finally {
      await stack.stop();
    }
  });

  it('refuses a second stack on data another one is using, saying so in both languages', async () => {
    const dataDir = await tempDir();
    await writeFile(path.join(dataDir, '.lock'), String(otherProcess()));
    await expect(start(dataDir)).rejects.toThrow(/đang được một hệ thống cục bộ khác dùng[\s\S]*in use by another local stack/);
  });
});

describe('npm run reset', () => {
  it('removes everything but the downloaded DynamoDB Local', async () => {
    const dataDir = await tempDir();
    for (const name of ['dynamodb', 's3', 'ca']) await mkdir(path.join(dataDir, name));
    await writeFile(path.join(dataDir, 'identity.json'), '{}');
    await mkdir(path.join(dataDir, 'vendor', 'dynamodb-local'), { recursive: true });
    const { removed, kept } = await resetLocalData(dataDir);
    expect(removed.sort()).toEqual(['ca', 'dynamodb', 'identity.json', 's3']);
    expect(await readdir(dataDir)).toEqual([kept]);
  });

  it('is refused while a stack runs on the data', async () => {
    const dataDir = await tempDir();
    await writeFile(path.join(dataDir, 'identity.json'), '{}');
    await writeFile(path.join(dataDir, '.lock'), String(otherProcess()));
    await expect(resetLocalData(dataDir)).rejects.toThrow(/in use by another local stack/);
    expect((await readdir(dataDir)).sort()).toEqual(['.lock', 'identity.json']);
  });
});

describe('messages instead of stack traces', () => {
  it('says how to install Java when there is none', () => {
    const saved = process.env['JAVA_HOME'];
    process.env['JAVA_HOME'] = path.join(tmpdir(), 'no-java-here');
    try {
      expect(() => findJava()).toThrow(/Không tìm thấy Java[\s\S]*Java not found[\s\S]*apt-get install/);
    } finally {
      if (saved === undefined) delete process.env['JAVA_HOME'];
      else process.env['JAVA_HOME'] = saved;
    }
  });

  it('names a busy port, the service that wanted it and the variable that moves it', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const error = await assertPortFree(port, 'API', 'API_PORT').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PortInUseError);
      expect((error as Error).message).toContain(`Cổng ${port} (API) đang được một chương trình khác sử dụng`);
      expect((error as Error).message).toContain(`API_PORT=${port + 1} npm start`);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
