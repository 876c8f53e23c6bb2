import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadIdentity, type LocalIdentity } from '../../infra/local/identity';
import { assertPortFree } from '../../infra/local/net';
import type { SesFaultCounts, SesFaultSettings } from '../../infra/local/ses-faults';
import { readSendLog, SEND_LOG_FILE, type SentMail } from '../../infra/local/ses-send-log';
import type { Role } from '../../shared/roles';
import { callApi, type ApiRequestOptions, type ApiResponse } from './local-stack';

/**
 * The local stack in a child process that a test can kill -9 and start again on the same data, as a
 * power cut or an OOM kill would end `npm start`. The child (stack-process-main.ts) runs in its own
 * process group on fixed ports and a fixed data directory (DynamoDB on disk). `kill9()` sends SIGKILL
 * to the child, its group and every process below it, DynamoDB Local's JVM included (which runs in a
 * group of its own), then waits until none of them exists and every port is free again. `start()`
 * after that runs a new stack on the same data directory and ports, taking over the dead one's lock.
 *
 * Talks to the stack only from outside: HTTP to the API and to the SES stand-in (its `/_faults`), the
 * send log file, and tokens minted with the stack's own issuer keys (kept in the data directory).
 */
export interface StackPorts {
  api: number;
  dynamodb: number;
  ses: number;
  s3: number;
}

export interface StackProcess {
  readonly dataDir: string;
  readonly ports: StackPorts;
  readonly urls: { api: string; ses: string };
  /** Starts the stack (first start: seeds the demo) and waits until it answers. */
  start(): Promise<void>;
  /** SIGKILL to the whole tree at once; resolves when no process is left and the ports are free. */
  kill9(): Promise<{ killed: { pid: number; command: string }[] }>;
  /** A clean stop (SIGTERM), for the end of a test. */
  stop(): Promise<void>;
  readonly running: boolean;
  api(method: string, apiPath: string, options?: ApiRequestOptions): Promise<ApiResponse>;
  tokenFor(userId: string, roles: readonly Role[]): Promise<string>;
  /** The SES stand-in's send log (survives kills and restarts). */
  sent(): Promise<SentMail[]>;
  setFaults(change: Partial<SesFaultSettings>): Promise<{ settings: SesFaultSettings; counts: SesFaultCounts }>;
  /** What the child printed (stderr and stdout), for a failing test's message. */
  output(): string;
}

export interface StackProcessOptions {
  dataDir: string;
  ports: StackPorts;
  /** Extra environment of the stack: product configuration (e.g. SES_MAX_SEND_RATE) and SES_LOCAL_* faults. */
  env?: Record<string, string>;
  /** How long a start may take (JVM start on a loaded 2-core machine); default 240 s. */
  startTimeoutMs?: number;
  /**
   * DynamoDB Local in memory rather than on disk, for a proof that never kills the stack: the table's
   * writes skip the JVM's SQLite files (and the disk the other engineers' runs share). Gone with the
   * process, so never with kill9() and a restart.
   */
  inMemory?: boolean;
}

const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'stack-process-main.ts');

export function stackProcess(options: StackProcessOptions): StackProcess {
  const { dataDir, ports } = options;
  const urls = { api: `http://127.0.0.1:${ports.api}`, ses: `http://127.0.0.1:${ports.ses}` };
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let identity: LocalIdentity | undefined;
  let log = '';
  /** What the latest start printed up to READY (e.g. whether it seeded a fresh table), kept for output(). */
  let startLog = '';

  const self: StackProcess = {
    dataDir,
    ports,
    urls,
    get running() {
      return child !== undefined;
    },
    async start() {
      if (child) throw new Error('The stack process is already running');
      const proc = spawn(process.execPath, ['--import', 'tsx', MAIN], {
        detached: true, // its own process group: kill9 reaches everything it started in it
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          ...options.env,
          CRASH_STACK_DATA_DIR: dataDir,
          CRASH_STACK_PORTS: JSON.stringify(ports),
          ...(options.inMemory ? { CRASH_STACK_IN_MEMORY: '1' } : {}),
        },
      });
      child = proc;
      exited = new Promise((resolve) => proc.once('exit', () => resolve()));
      const ready = new Promise<void>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          const text = chunk.toString('utf8');
          log = (log + text).slice(-20_000);
          if (/^READY /m.test(log)) resolve();
        };
        proc.stdout!.on('data', onData);
        proc.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString('utf8')).slice(-20_000)));
        proc.once('exit', (code, signal) => reject(new Error(`The stack process exited while starting (${code ?? signal}):\n${log}`)));
      });
      const timeoutMs = options.startTimeoutMs ?? 240_000;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`The stack process did not start within ${timeoutMs} ms:\n${log}`)), timeoutMs);
      });
      try {
        await Promise.race([ready, timeout]);
      } catch (error) {
        await self.kill9().catch(() => {});
        throw error;
      } finally {
        clearTimeout(timer);
      }
      startLog = log;
      log = '';
      identity ??= await loadIdentity(dataDir);
    },
    async kill9() {
      const proc = child;
      if (!proc?.pid) return { killed: [] };
      const root = proc.pid;
      const tree = [root, ...(await descendants(root))];
      const commands = await Promise.all(tree.map(async (pid) => ({ pid, command: (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim() })));
      // One pass, all at once: nothing gets to notice the others dying and clean up first.
      for (const target of [-root, ...tree.map((pid) => -pid), ...tree]) {
        try {
          process.kill(target, 'SIGKILL');
        } catch {
          // Not a group leader, or already gone.
        }
      }
      await exited;
      child = undefined;
      await waitFor(async () => !(await anyAlive(tree)), 30_000, () => `processes still alive: ${tree.join(', ')}`);
      await waitFor(async () => (await Promise.all(Object.values(ports).map(isFree))).every(Boolean), 60_000, () => `a port is still taken: ${JSON.stringify(ports)}`);
      return { killed: commands };
    },
    async stop() {
      const proc = child;
      if (!proc?.pid) return;
      proc.kill('SIGTERM');
      const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 30_000))]);
      if (!stopped) await self.kill9();
      child = undefined;
    },
    api: (method, apiPath, request) => callApi(urls.api, method, apiPath, request),
    async tokenFor(userId, roles) {
      identity ??= await loadIdentity(dataDir);
      return identity.mint({ userId, roles, expiresInSeconds: 3 * 3600 });
    },
    sent: () => readSendLog(path.join(dataDir, SEND_LOG_FILE)),
    async setFaults(change) {
      const res = await fetch(`${urls.ses}/_faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(change) });
      const body = (await res.json()) as { settings: SesFaultSettings; counts: SesFaultCounts };
      if (res.status !== 200) throw new Error(`POST /_faults answered ${res.status}: ${JSON.stringify(body)}`);
      return body;
    },
    output: () => `${startLog}${log}`,
  };
  return self;
}

/** Every process below `root`, from /proc (ppid links), children first found first. */
async function descendants(root: number): Promise<number[]> {
  const parents = new Map<number, number>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    // The command name is in parentheses and may hold spaces; the fields after ") " are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[1]) parents.set(Number(name), Number(fields[1]));
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    for (const [child, parent] of parents) {
      if (parent === pid && !out.includes(child)) {
        out.push(child);
        queue.push(child);
      }
    }
  }
  return out;
}

/** A process that is gone or a zombie (dead, waiting to be reaped by init) counts as dead. */
async function anyAlive(pids: readonly number[]): Promise<boolean> {
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    if (stat && stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z') return true;
  }
  return false;
}

const isFree = (port: number) => assertPortFree(port, 'test', 'PORT').then(() => true, () => false);

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Gave up after ${timeoutMs} ms: ${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Fixed ports for a stack that restarts, below the kernel's ephemeral range (32768 and up), so no
 * outgoing connection of a test running in parallel takes one while the stack is down.
 */
export async function pickStackPorts(): Promise<StackPorts> {
  const free = new Set<number>();
  while (free.size < 4) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (await isFree(port)) free.add(port);
  }
  const [api, dynamodb, ses, s3] = [...free] as [number, number, number, number];
  return { api, dynamodb, ses, s3 };
}
