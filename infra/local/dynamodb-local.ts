import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { StackLog } from './log';
import { assertPortFree, freePort, PortInUseError } from './net';
import { dynamoDbLocalCacheDir } from './paths';
import { delay } from './timing';

/**
 * The official DynamoDB Local (a Java program), taken from the npm package `amplify-dynamodb-simulator`,
 * which ships the jar under `emulator/`. We take only its tarball with `npm pack` (its own dependency tree
 * is heavy and we need none of it), check the tarball against the integrity the registry published for
 * this exact version, and unpack just `package/emulator/`. It is started through LoopbackDynamoDbLocal.java,
 * which makes it listen on 127.0.0.1 only, like the other stand-ins.
 */
const JAR_PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
const JAR_PACKAGE_INTEGRITY = 'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==';
/** Written next to the jar; a cache holding anything else is replaced. */
const SOURCE_MARKER = '.source';

const JAVA_INSTALL_HINT =
  'Cài Java 17 / Install Java 17:\n' +
  '  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
  '  macOS:         brew install openjdk@17\n' +
  '(hoặc đặt biến JAVA_HOME / or set JAVA_HOME)';

export interface DynamoDbLocalOptions {
  /** 0 picks a free port. */
  port: number;
  /** Directory for the database file; ignored when `inMemory`. */
  dataDir: string;
  /** Keep nothing on disk (tests). */
  inMemory?: boolean;
  /** Where the unpacked jar is kept across runs. */
  cacheDir?: string;
  log: StackLog;
}

export interface DynamoDbLocal {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Makes sure the jar is unpacked in the cache; returns the directory holding DynamoDBLocal.jar. */
export async function ensureDynamoDbLocalJar(cacheDir: string = dynamoDbLocalCacheDir, log?: StackLog): Promise<string> {
  if (await isCacheValid(cacheDir)) return cacheDir;

  log?.info(`Đang tải DynamoDB Local (một lần cho máy này) / Fetching DynamoDB Local (once per machine): ${JAR_PACKAGE}`);
  // Work in a private directory and move it into place at the end, so two test files fetching at the
  // same time never see a half-unpacked jar: the last rename wins and both results are identical.
  const work = `${cacheDir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(work, { recursive: true });
  try {
    const tarball = await npmPack(work);
    await verifyIntegrity(tarball, JAR_PACKAGE_INTEGRITY);
    const unpacked = path.join(work, 'unpacked');
    await mkdir(unpacked);
    run('tar', ['-xzf', tarball, '-C', unpacked, 'package/emulator'], 'tar (để giải nén / to unpack the jar)');
    const emulator = path.join(unpacked, 'package', 'emulator');
    await writeFile(path.join(emulator, SOURCE_MARKER), sourceId());
    await rm(cacheDir, { recursive: true, force: true });
    await rename(emulator, cacheDir).catch(async (error: unknown) => {
      // Another process finished first; its copy is as good as ours.
      if (!(await isCacheValid(cacheDir))) throw error;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return cacheDir;
}

async function isCacheValid(cacheDir: string): Promise<boolean> {
  if (!existsSync(path.join(cacheDir, 'DynamoDBLocal.jar'))) return false;
  const marker = await readFile(path.join(cacheDir, SOURCE_MARKER), 'utf8').catch(() => '');
  return marker === sourceId();
}

const sourceId = (): string => `${JAR_PACKAGE} ${JAR_PACKAGE_INTEGRITY}`;

/** `npm pack <pkg> --pack-destination <dir>`: downloads the tarball only, installs nothing. */
async function npmPack(destination: string): Promise<string> {
  // Inside an npm script npm tells us which npm runs us; reuse it so we need nothing else on PATH.
  const npmCli = process.env['npm_execpath'];
  const [command, prefix] = npmCli?.endsWith('.js') ? [process.execPath, [npmCli]] : [process.platform === 'win32' ? 'npm.cmd' : 'npm', []];
  const out = run(command, [...prefix, 'pack', JAR_PACKAGE, '--pack-destination', destination, '--json', '--silent'], 'npm pack', destination);
  const parsed = JSON.parse(out.slice(out.indexOf('['))) as { filename?: string }[];
  const filename = parsed[0]?.filename;
  if (!filename) throw new Error(`npm pack ${JAR_PACKAGE} did not report a file name: ${out}`);
  return path.join(destination, filename);
}

async function verifyIntegrity(file: string, integrity: string): Promise<void> {
  const [algorithm, expected] = integrity.split(/-(.*)/s);
  const hash = createHash(algorithm!);
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  const actual = hash.digest('base64');
  if (actual !== expected) {
    throw new Error(
      `Gói tải về không khớp mã kiểm tra / Downloaded ${JAR_PACKAGE} does not match its pinned integrity.\n` +
        `  expected ${integrity}\n  actual   ${algorithm}-${actual}`,
    );
  }
}

/** Runs a short helper command synchronously; a missing program gets a readable error. */
function run(command: string, args: string[], what: string, cwd?: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`Không chạy được ${what} / Could not run ${what}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status}):\n${result.stderr}`);
  return result.stdout;
}

/** The java binary: JAVA_HOME's if set, else the one on PATH. Fails with install instructions. */
export function findJava(): string {
  const javaHome = process.env['JAVA_HOME'];
  const java = javaHome ? path.join(javaHome, 'bin', process.platform === 'win32' ? 'java.exe' : 'java') : 'java';
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`Không tìm thấy Java, cần cho DynamoDB Local / Java not found; DynamoDB Local needs it.\n${JAVA_INSTALL_HINT}`);
  }
  return java;
}

/** Starts DynamoDB Local and waits until it answers requests. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const { log } = options;
  const java = findJava();
  const jarDir = await ensureDynamoDbLocalJar(options.cacheDir, log);
  const port = options.port === 0 ? await freePort() : options.port;
  if (options.port !== 0) await assertPortFree(port, 'DynamoDB Local', 'DYNAMODB_PORT');

  const storage = options.inMemory ? ['-inMemory'] : ['-dbPath', path.join(options.dataDir, 'dynamodb')];
  if (!options.inMemory) await mkdir(path.join(options.dataDir, 'dynamodb'), { recursive: true });
  // -sharedDb: one database whatever credentials/region a client uses (handlers and tools agree).
  // Not `-jar DynamoDBLocal.jar`: it would listen on every interface. The launcher binds 127.0.0.1.
  const launcherDir = await ensureLoopbackLauncher(java, jarDir);
  const javaArgs = [
    `-Djava.library.path=${path.join(jarDir, 'DynamoDBLocal_lib')}`,
    // Fewer GC threads and a small heap start faster on small machines; this is a dev database.
    '-XX:+UseSerialGC',
    '-Xmx512m',
    '-cp',
    [launcherDir, ...jarClassPath(jarDir)].join(path.delimiter),
    LAUNCHER_CLASS,
    '-sharedDb',
    // No phoning home from a developer's machine or CI (it also writes its metadata file into the cwd: the cache dir).
    '-disableTelemetry',
    ...storage,
    '-port',
    String(port),
  ];
  const child = spawnJava(java, javaArgs, jarDir);
  const output = captureOutput(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = stopper(child, exited);
  const url = `http://127.0.0.1:${port}`;

  try {
    await waitUntilAnswering(url, exited, output);
  } catch (error) {
    await stop();
    // Someone took the port between our check and the JVM binding it (or we picked it with freePort).
    if (/Address already in use/i.test(output())) throw new PortInUseError(port, 'DynamoDB Local', 'DYNAMODB_PORT');
    throw error;
  }
  log.info(`DynamoDB Local: ${url}${options.inMemory ? ' (in-memory)' : ''}`);
  return { url, port, stop };
}

const LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';
const LAUNCHER_SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), `${LAUNCHER_CLASS}.java`);

const jarClassPath = (jarDir: string): string[] => [path.join(jarDir, 'DynamoDBLocal.jar'), path.join(jarDir, 'DynamoDBLocal_lib', '*')];

/**
 * DynamoDB Local has no option for its bind address (`-help` lists port, storage, CORS, telemetry), and
 * listens on every interface. LoopbackDynamoDbLocal.java starts the same server on 127.0.0.1 only. It is
 * compiled once per source and jar, next to the jar, with the compiler module of the JVM that runs it
 * (`java -m jdk.compiler/...`: the Debian JRE and every JDK have it), into a private directory moved
 * into place at the end, so concurrent test files never see half a class.
 */
async function ensureLoopbackLauncher(java: string, jarDir: string): Promise<string> {
  const source = await readFile(LAUNCHER_SOURCE, 'utf8');
  const id = createHash('sha256').update(`${sourceId()}\u0000${source}`).digest('hex').slice(0, 16);
  const dir = path.join(jarDir, 'loopback-launcher', id);
  if (existsSync(path.join(dir, `${LAUNCHER_CLASS}.class`))) return dir;
  const work = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(work, { recursive: true });
  try {
    run(
      java,
      ['-m', 'jdk.compiler/com.sun.tools.javac.Main', '-proc:none', '-nowarn', '-cp', jarClassPath(jarDir).join(path.delimiter), '-d', work, LAUNCHER_SOURCE],
      'javac (jdk.compiler), để DynamoDB Local chỉ nghe trên 127.0.0.1 / to bind DynamoDB Local to 127.0.0.1',
    );
    await rename(work, dir).catch((error: unknown) => {
      // Another process finished first; its class is as good as ours.
      if (!existsSync(path.join(dir, `${LAUNCHER_CLASS}.class`))) throw error;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return dir;
}

/**
 * Spawns the JVM in its own process group so `stop` can end it with everything it started.
 * On POSIX it runs under a tiny shell guard that kills it when our stdin pipe closes, i.e. when this
 * Node process dies in any way (even SIGKILL), so a crashed test run leaves no orphan JVM behind.
 */
function spawnJava(java: string, args: string[], cwd: string): ChildProcess {
  if (process.platform === 'win32') {
    return spawn(java, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  }
  // A non-interactive shell gives background jobs /dev/null as stdin, so the pipe is kept on fd 3 first.
  // On SIGTERM the shell waits for the JVM to finish, so our child's exit means the JVM is gone.
  const guard = [
    'exec 3<&0',
    'java_bin="$1"; shift',
    '"$java_bin" "$@" </dev/null 3<&- &',
    'jvm=$!',
    '(cat <&3 >/dev/null; kill "$jvm" 2>/dev/null) &',
    'exec 3<&-',
    `trap 'kill "$jvm" 2>/dev/null; wait "$jvm"; exit 143' TERM INT HUP`,
    'wait "$jvm"',
  ].join('\n');
  return spawn('sh', ['-c', guard, 'dynamodb-local', java, ...args], { cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Keeps the last lines the JVM printed, to explain a failed start. */
function captureOutput(child: ChildProcess): () => string {
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => tail;
}

function stopper(child: ChildProcess, exited: Promise<number | null>): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  // Last resort if the process exits without calling stop (uncaught error, process.exit in a test).
  const onExit = () => signal(child, 'SIGKILL');
  process.once('exit', onExit);
  return () =>
    (stopping ??= (async () => {
      process.off('exit', onExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      signal(child, 'SIGTERM');
      const killed = await Promise.race([exited.then(() => true), delay(5000, { unref: true }).then(() => false)]);
      if (!killed) {
        signal(child, 'SIGKILL');
        await exited;
      }
      child.stdin?.destroy();
    })());
}

/** Signals the whole process group (the shell guard and the JVM), falling back to the child alone. */
function signal(child: ChildProcess, name: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill(name);
    else process.kill(-child.pid, name);
  } catch {
    // Already gone.
  }
}

async function waitUntilAnswering(url: string, exited: Promise<number | null>, output: () => string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint: url,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 90_000;
  try {
    while (Date.now() < deadline) {
      if (gone) throw new Error(`DynamoDB Local dừng khi đang khởi động / DynamoDB Local exited while starting:\n${output()}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await delay(150);
      }
    }
    throw new Error(`DynamoDB Local không trả lời sau 90 giây / DynamoDB Local did not answer within 90 s:\n${output()}`);
  } finally {
    client.destroy();
  }
}
