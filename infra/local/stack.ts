import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { consumers } from '../../functions/consumers';
import { queues } from '../../functions/queues';
import { localCa } from '../../shared/signing/local-ca';
import { useLocalCa } from '../../shared/signing/signers';
import { routes } from '../../functions/routes';
import type { Config } from '../../shared/config';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { startGateway, type DemoUser, type Gateway, type GatewayRoute, type HttpHandler } from './gateway';
import { listAgencies } from '../../shared/data/agency-repo';
import { listPeople } from '../../shared/data/people-repo';
import { lazyHandler } from './handler-loader';
import { loadIdentity, type LocalIdentity } from './identity';
import { lockDataDir } from './data-lock';
import { consoleLog, type StackLog } from './log';
import { assertPortFree, freePort } from './net';
import { S3RVER_CREDENTIALS, startS3Local, type S3Local } from './s3-local';
import type { SesFaultCounts, SesFaultSettings } from './ses-faults';
import { startSesLocal, type LocalEmail, type SesLocal } from './ses-local';
import { startTrustServices } from './trust-services';
import type { SentMail } from './ses-send-log';
import { startStreamRunner, type StreamConsumer, type StreamHandler, type StreamRunner } from './stream-runner';
import { startMailSweepTimer, startReminderTimer } from './reminder-timer';
import { startQueueRunner, type QueueHandler, type QueueRunner } from './queue-runner';
import { SQS_CREDENTIALS, startSqsLocal, type SqsLocal } from './sqs-local';
import { ensureTable } from './table-setup';
import { LOCAL_TABLE_NAME } from './paths';
import { localHandlerTimeoutMs, localQueueDefs, localTimingsFromEnv } from './local-timings';

/**
 * The whole local AWS in one call: DynamoDB Local (+ streams), SES and S3 emulators, the token issuer,
 * the gateway serving the route table, and the stream runner feeding the consumers. Handlers run
 * in this process, imported on first use, as Lambda would run them (same Node 24).
 *
 * One stack per process: handlers read their configuration from process.env once and keep their
 * clients, like a Lambda container does, so two stacks in one process would talk to each other's
 * emulators. (Vitest runs each test file in its own process.)
 */
export interface LocalStackPorts {
  /** 0 (the default) picks a free port. */
  api?: number;
  dynamodb?: number;
  ses?: number;
  s3?: number;
  sqs?: number;
}

/** The file in the data directory that receives the business metrics' EMF lines (shared/metrics.ts). */
export const LOCAL_METRICS_FILE_NAME = 'metrics.jsonl';

/** Configuration the handlers receive (see shared/config.ts), as set in process.env. */
export type LocalStackEnv = Record<
  Extract<keyof Config, 'TABLE_NAME' | 'PDF_BUCKET' | 'MAIL_FROM' | 'PUBLIC_BASE_URL' | 'AWS_REGION' | 'DYNAMODB_ENDPOINT' | 'S3_ENDPOINT' | 'SES_ENDPOINT' | 'SQS_ENDPOINT' | 'QUEUE_URL_MAIL' | 'SIGNING_BACKEND' | 'LOCAL_CA_DIR' | 'TSA_URL' | 'CA_CRL_URL' | 'CA_OCSP_URL' | 'STAFF_TOKEN_ISSUER' | 'STAFF_TOKEN_JWKS_URL' | 'STAFF_TOKEN_CLIENT_ID' | 'LOCAL_DEV_SIGN_IN_URL' | 'LOCAL_METRICS_FILE'>,
  string
>;

/** TEST ONLY: a route served in addition to the route table, with its handler given directly. */
export interface TestRoute {
  id: string;
  method: GatewayRoute['method'];
  path: string;
  access: GatewayRoute['access'];
  handler: HttpHandler;
}

/** TEST ONLY: a stream consumer in addition to functions/consumers.ts, with its handler given directly. */
export interface TestConsumer extends Omit<StreamConsumer, 'load'> {
  handler: StreamHandler;
}

export interface StartLocalStackOptions {
  /** Where DynamoDB files, S3 objects, identity keys, checkpoints and dead letters live. */
  dataDir: string;
  ports?: LocalStackPorts;
  /** DynamoDB in memory (tests): nothing of the table survives stop(). */
  inMemory?: boolean;
  /** Runs once the table exists and process.env is set, before the API opens. */
  seed?: (env: LocalStackEnv) => Promise<void>;
  log?: StackLog;
  /**
   * Faults of the SES stand-in from the start (throttle rate, transient share, outage; see
   * ses-faults.ts). Default none. Changeable while running at `<ses>/_faults`.
   */
  sesFaults?: Partial<SesFaultSettings>;
  /** Where the DynamoDB Local jar is cached (default `.data/vendor/dynamodb-local`, shared by all runs). */
  vendorCacheDir?: string;
  /**
   * TEST ONLY. Extra routes and consumers next to the real ones (which are always served), and faster
   * retries. `npm start` never sets this, so what runs there is exactly the route and consumer tables.
   */
  testOnly?: {
    routes?: readonly TestRoute[];
    consumers?: readonly TestConsumer[];
    retryBaseDelayMs?: number;
    /** Where handlers send SES calls, given the emulator's URL (e.g. through a fault-injecting proxy). */
    sesEndpoint?: (emulatorUrl: string) => string;
    /** Where handlers ask for time-stamps, given the stand-in's URL (e.g. through a fault-injecting proxy). */
    tsaUrl?: (standInUrl: string) => string;
  };
}

export interface LocalStack {
  urls: { api: string; sesInbox: string; s3: string; dynamodb: string; sqs: string };
  env: LocalStackEnv;
  identity: LocalIdentity;
  runner: StreamRunner;
  /** The local SQS event source mapping (infra/local/queue-runner.ts). */
  queueRunner: QueueRunner;
  /** The SQS stand-in and its queues. */
  sqs: SqsLocal;
  /** Waits until the stream consumers and the queue consumers have nothing left to do. */
  whenIdle(): Promise<void>;
  /**
   * What the SES emulator received since this start (its inbox page is urls.sesInbox), the send log of
   * every accepted message across restarts, and the stand-in's fault switch.
   */
  mail: {
    messages(): Promise<LocalEmail[]>;
    sent(): Promise<SentMail[]>;
    faults(): { settings: SesFaultSettings; counts: SesFaultCounts };
    setFaults(change: Partial<SesFaultSettings>): SesFaultSettings;
  };
  stop(): Promise<void>;
}

const TABLE_NAME = LOCAL_TABLE_NAME;
// The handlers run here with SIGNING_BACKEND=local: their signer directory is the development CA.
useLocalCa(localCa);
const PDF_BUCKET = 'cong-van-pdf-local';
const MAIL_FROM = 'van-thu@cong-van.local';
const REGION = 'ap-southeast-1';

const ACTIVE = Symbol.for('cong-van.local-stack.active');
type GlobalWithFlag = typeof globalThis & { [ACTIVE]?: boolean };

export async function startLocalStack(options: StartLocalStackOptions): Promise<LocalStack> {
  const flag = globalThis as GlobalWithFlag;
  if (flag[ACTIVE]) throw new Error('A local stack is already running in this process (handlers keep one configuration per process)');
  flag[ACTIVE] = true;

  const log = options.log ?? consoleLog();
  const ports = { api: 0, dynamodb: 0, ses: 0, s3: 0, sqs: 0, ...options.ports };
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch((error: unknown) => log.error('Stop failed', error));
    flag[ACTIVE] = false;
  };

  try {
    await mkdir(options.dataDir, { recursive: true });
    stops.push(await lockDataDir(options.dataDir));
    // Fixed ports are checked before anything starts, so a conflict is reported in a second, not after the JVM.
    await checkPorts(ports);
    const apiPort = ports.api === 0 ? await freePort() : ports.api;
    // Shortened timings of the fan-out proofs (local-timings.ts), checked before anything starts.
    const timings = localTimingsFromEnv();
    const queueDefs = localQueueDefs(queues, timings);

    const started = await startAll(
      {
        dynamodb: () =>
          startDynamoDbLocal({
            port: ports.dynamodb,
            dataDir: options.dataDir,
            inMemory: options.inMemory ?? false,
            ...(options.vendorCacheDir ? { cacheDir: options.vendorCacheDir } : {}),
            log,
          }),
        ses: () => startSesLocal({ port: ports.ses, dataDir: options.dataDir, log, ...(options.sesFaults ? { faults: options.sesFaults } : {}) }),
        s3: () => startS3Local({ port: ports.s3, dataDir: options.dataDir, buckets: [PDF_BUCKET], log }),
        sqs: () => startSqsLocal({ port: ports.sqs, defs: queueDefs, region: REGION, log }),
      },
      stops,
    );
    const identity = await loadIdentity(options.dataDir);
    // The development CA signs in place of KMS: its root is made on first start and kept with the data.
    const caDir = path.join(options.dataDir, 'ca');
    await localCa(caDir).ensureRoot();
    // Its CRL, OCSP answers and a time-stamping authority, at the URLs its certificates name (PAdES).
    const trust = await startTrustServices({ ca: localCa(caDir) });
    stops.push(() => trust.stop());
    localCa(caDir).publishAt({ crl: trust.crlUrl, ocsp: trust.ocspUrl });

    const admin = new DynamoDBClient({ endpoint: started.dynamodb.url, region: REGION, credentials: S3RVER_CREDENTIALS });
    await ensureTable(admin, TABLE_NAME, log).finally(() => admin.destroy());

    const env: LocalStackEnv = {
      TABLE_NAME,
      PDF_BUCKET,
      MAIL_FROM,
      // Emailed links point at the local gateway, which serves /l/{token}.
      PUBLIC_BASE_URL: `http://localhost:${apiPort}`,
      AWS_REGION: REGION,
      DYNAMODB_ENDPOINT: started.dynamodb.url,
      S3_ENDPOINT: started.s3.url,
      SES_ENDPOINT: options.testOnly?.sesEndpoint?.(started.ses.url) ?? started.ses.url,
      SQS_ENDPOINT: started.sqs.url,
      QUEUE_URL_MAIL: started.sqs.queues.mail.url,
      SIGNING_BACKEND: 'local',
      LOCAL_CA_DIR: caDir,
      TSA_URL: options.testOnly?.tsaUrl?.(trust.tsaUrl) ?? trust.tsaUrl,
      CA_CRL_URL: trust.crlUrl,
      CA_OCSP_URL: trust.ocspUrl,
      // The staff web pages verify their session cookie against the local issuer's keys, as against Cognito's in AWS.
      STAFF_TOKEN_ISSUER: identity.settings.issuer,
      STAFF_TOKEN_JWKS_URL: `http://localhost:${apiPort}/dev/identity/jwks.json`,
      STAFF_TOKEN_CLIENT_ID: identity.settings.clientId,
      // DEV ONLY: the sign-in page's chooser of demo users; the AWS stack never sets it.
      LOCAL_DEV_SIGN_IN_URL: `http://localhost:${apiPort}/dev/sign-in`,
      // The business metrics' EMF lines (one per invocation that counted something) go here, not to the console.
      LOCAL_METRICS_FILE: path.join(options.dataDir, LOCAL_METRICS_FILE_NAME),
    };
    setProcessEnv(env);
    await options.seed?.(env);

    const runner = await startStreamRunner({
      endpoint: started.dynamodb.url,
      region: REGION,
      credentials: S3RVER_CREDENTIALS,
      tableName: TABLE_NAME,
      consumers: streamConsumers(options, log),
      dataDir: options.dataDir,
      log,
      ...(options.testOnly?.retryBaseDelayMs !== undefined ? { retryBaseDelayMs: options.testOnly.retryBaseDelayMs } : {}),
    });
    stops.push(() => runner.stop());
    const queueRunner = startQueueRunner({
      endpoint: started.sqs.url,
      region: REGION,
      credentials: SQS_CREDENTIALS,
      consumers: queueDefs.map((def) => ({
        id: def.id,
        queueUrl: started.sqs.queues[def.id].url,
        queueArn: started.sqs.queues[def.id].arn,
        batchSize: def.batchSize,
        maxConcurrency: def.maxConcurrency,
        handlerTimeoutMs: localHandlerTimeoutMs(def),
        load: lazyHandler<QueueHandler>(def.entry, `queue:${def.id}`, log),
      })),
      log,
    });
    stops.push(() => queueRunner.stop());
    const reminders = startReminderTimer(log);
    stops.push(async () => reminders.stop());
    const sweeper = startMailSweepTimer(log, timings.mailSweepIntervalMs);
    stops.push(async () => sweeper.stop());
    void sweeper.runNow();

    const gateway: Gateway = await startGateway({
      port: apiPort,
      routes: gatewayRoutes(options, log),
      identity,
      region: REGION,
      log,
      // DEV ONLY sign-in chooser: the active people of the directory, nobody else.
      demoUsers: directoryUsers,
      deadLetters: () => runner.deadLetters(),
      // The local stand-in for SES → EventBridge → the ses-events function.
      sesEvent: async (detail) => (await import('../../functions/events/ses-events')).handler({ detail } as never),
    });
    stops.push(() => gateway.stop());

    return {
      urls: { api: gateway.url, sesInbox: started.ses.url, s3: started.s3.url, dynamodb: started.dynamodb.url, sqs: started.sqs.url },
      env,
      identity,
      runner,
      queueRunner,
      sqs: started.sqs,
      // Stream records enqueue mail; mail consumers write records: until neither has anything to do.
      async whenIdle() {
        do await runner.whenIdle();
        while (await queueRunner.whenIdle());
      },
      mail: {
        messages: () => started.ses.messages(),
        sent: () => started.ses.sent(),
        faults: () => started.ses.faults(),
        setFaults: (change) => started.ses.setFaults(change),
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function checkPorts(ports: Required<LocalStackPorts>): Promise<void> {
  const named: [number, string, string][] = [
    [ports.api, 'API', 'API_PORT'],
    [ports.dynamodb, 'DynamoDB Local', 'DYNAMODB_PORT'],
    [ports.ses, 'SES', 'SES_PORT'],
    [ports.s3, 'S3', 'S3_PORT'],
    [ports.sqs, 'SQS', 'SQS_PORT'],
  ];
  for (const [port, service, envVar] of named) if (port !== 0) await assertPortFree(port, service, envVar);
}

interface Emulators {
  dynamodb: DynamoDbLocal;
  ses: SesLocal;
  s3: S3Local;
  sqs: SqsLocal;
}

/**
 * Starts the emulators side by side (the JVM takes seconds; the others start meanwhile). Each one that
 * started is registered for stopping, so a failure of one does not leave the others running.
 */
async function startAll(starters: { [K in keyof Emulators]: () => Promise<Emulators[K]> }, stops: (() => Promise<void>)[]): Promise<Emulators> {
  const names = Object.keys(starters) as (keyof Emulators)[];
  const results = await Promise.allSettled(names.map((name) => starters[name]()));
  const started: Partial<Emulators> = {};
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') {
      const name = names[i]!;
      Object.assign(started, { [name]: result.value });
      stops.push(() => result.value.stop());
    }
  });
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return started as Emulators;
}

/** The handlers' configuration, plus dummy credentials (s3rver's key) so the SDK never looks for real ones. */
function setProcessEnv(env: LocalStackEnv): void {
  Object.assign(process.env, env, {
    AWS_DEFAULT_REGION: env.AWS_REGION,
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    // No X-Ray daemon here: the tracer leaves the SDK clients untouched (shared/tracer.ts).
    POWERTOOLS_TRACE_ENABLED: 'false',
  });
  delete process.env['AWS_SESSION_TOKEN'];
  delete process.env['AWS_PROFILE'];
}

function gatewayRoutes(options: StartLocalStackOptions, log: StackLog): GatewayRoute[] {
  const fromTable = routes.map((route) => ({
    id: route.id,
    method: route.method,
    path: route.path,
    access: route.access,
    load: lazyHandler<HttpHandler>(route.entry, route.id, log),
  }));
  const forTests = (options.testOnly?.routes ?? []).map(({ handler, ...route }) => ({ ...route, load: async () => handler }));
  return [...fromTable, ...forTests];
}

function streamConsumers(options: StartLocalStackOptions, log: StackLog): StreamConsumer[] {
  // awsOnly consumers drive AWS services with no local stand-in (functions/consumers.ts says why each).
  const fromTable = consumers.filter((consumer) => !consumer.awsOnly).map((consumer) => ({
    id: consumer.id,
    filter: consumer.filter,
    batchSize: consumer.batchSize,
    maxAttempts: consumer.maxAttempts,
    load: lazyHandler<StreamHandler>(consumer.entry, consumer.id, log),
  }));
  const forTests = (options.testOnly?.consumers ?? []).map(({ handler, ...consumer }) => ({ ...consumer, load: async () => handler }));
  return [...fromTable, ...forTests];
}

/** The directory's active people, as the local sign-in chooser and `/dev/sign-in` offer them. */
async function directoryUsers(): Promise<DemoUser[]> {
  const [people, agencies] = await Promise.all([listPeople(), listAgencies()]);
  const agencyName = new Map(agencies.map((a) => [a.code, a.name]));
  return people
    .filter((p) => p.active)
    .map((p) => ({ id: p.id, name: p.name, roles: p.roles, title: `${p.position}, ${agencyName.get(p.agencyCode) ?? p.agencyCode}` }));
}
