import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Role } from '../../shared/roles';
import { consoleLog, quietLog, type StackLog } from '../../infra/local/log';
import type { LocalEmail } from '../../infra/local/ses-local';
import { startLocalStack, type LocalStack, type LocalStackEnv, type StartLocalStackOptions } from '../../infra/local/stack';

/**
 * One local stack per integration test file: a temporary data directory, DynamoDB in memory, free
 * ports, and the demo data seeded (unless `seed: false`). Handlers run in the test's process, so a test
 * can also reach the same clients they use (e.g. `db()` from shared/data/client).
 *
 * Set LOCAL_STACK_VERBOSE=1 to see the stack's own log (requests, stream retries).
 */
export interface ApiResponse {
  status: number;
  /** Lower-case names; repeated headers joined by ", " (use `setCookies` for Set-Cookie). */
  headers: Record<string, string>;
  setCookies: string[];
  text: string;
  /**
   * The body parsed as JSON, or undefined if it is not JSON. Typed `any` on purpose: tests assert on
   * many response shapes and a type per assertion would add nothing the assertion does not check.
   */
  json: any;
}

export interface ApiRequestOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Objects are sent as JSON; strings and bytes as they are. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestStack {
  api(method: string, path: string, options?: ApiRequestOptions): Promise<ApiResponse>;
  tokenFor(userId: string, roles: readonly Role[]): Promise<string>;
  /** Every email the SES emulator received, oldest first. */
  sesStore(): Promise<LocalEmail[]>;
  /** Waits until the stream and queue consumers have processed everything written so far (and what that caused). */
  whenIdle(): Promise<void>;
  stop(): Promise<void>;
  readonly stack: LocalStack;
  readonly env: LocalStackEnv;
  readonly dataDir: string;
}

export interface TestStackOptions {
  /** true (default): the demo data of infra/local/seed.ts; false: an empty table; or your own seed. */
  seed?: boolean | ((env: LocalStackEnv) => Promise<void>);
  testOnly?: StartLocalStackOptions['testOnly'];
  /** The stack's own log; default: warnings and errors only (everything with LOCAL_STACK_VERBOSE=1). */
  log?: StackLog;
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  // Handlers' info logs would drown the test report; warnings and errors still show.
  process.env['POWERTOOLS_LOG_LEVEL'] ??= 'WARN';
  // Nor do their EMF metric lines (shared/metrics.ts): no test reads them from the stack, and at a bench's
  // concurrency each is a synchronous write of the one process that runs every function.
  process.env['POWERTOOLS_METRICS_DISABLED'] ??= 'true';
  const dataDir = await mkdtemp(path.join(tmpdir(), 'cong-van-test-'));
  const seed = options.seed ?? true;
  let stack: LocalStack;
  try {
    stack = await startLocalStack({
      dataDir,
      inMemory: true,
      log: options.log ?? (process.env['LOCAL_STACK_VERBOSE'] ? consoleLog('[local-stack]') : quietLog('[local-stack]')),
      seed: seed === true ? seedDemoData : seed === false ? undefined : seed,
      ...(options.testOnly ? { testOnly: options.testOnly } : {}),
    });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  return {
    stack,
    env: stack.env,
    dataDir,
    api: (method, apiPath, request) => callApi(stack.urls.api, method, apiPath, request),
    tokenFor: (userId, roles) => stack.identity.mint({ userId, roles, expiresInSeconds: 3600 }),
    sesStore: () => stack.mail.messages(),
    whenIdle: () => stack.whenIdle(),
    async stop() {
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Imported only when used, so a test that seeds nothing does not depend on the demo data module. */
async function seedDemoData(): Promise<void> {
  const { seedIfEmpty } = await import('../../infra/local/seed');
  await seedIfEmpty();
}

/** One HTTP call to a stack's API, redirects returned (not followed), the body parsed as JSON when it is. */
export async function callApi(baseUrl: string, method: string, apiPath: string, request: ApiRequestOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.token) headers['authorization'] = `Bearer ${request.token}`;
  let body: string | Uint8Array | undefined;
  if (typeof request.body === 'string' || request.body instanceof Uint8Array) {
    body = request.body;
  } else if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    headers['content-type'] ??= 'application/json';
  }
  // Redirects are returned, not followed: tests check e.g. the 302 to a presigned PDF URL.
  const res = await fetch(`${baseUrl}${apiPath}`, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const responseHeaders: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    responseHeaders[name] = value;
  });
  return { status: res.status, headers: responseHeaders, setCookies: res.headers.getSetCookie(), text, json };
}
