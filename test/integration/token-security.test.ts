import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes';
import { handler as listDispatches } from '../../functions/http/dispatches-list';
import type { IdentitySettings } from '../../infra/local/identity';
import type { StackLog } from '../../infra/local/log';
import { csrfFor } from '../../shared/web/session';
import { apiEvent, lambdaContext } from '../support/events';
import { startTestStack, type TestStack } from '../support/local-stack';

/**
 * Issue 13: only access tokens open the API, signing out ends the session for good, the local
 * stand-ins listen on 127.0.0.1 only, and no token reaches the stack's log.
 */
let t: TestStack;
const logged: string[] = [];
const captureLog: StackLog = {
  info: (message) => logged.push(message),
  warn: (message) => logged.push(message),
  error: (message, cause) => logged.push(`${message}${cause instanceof Error ? `\n${cause.stack}` : cause === undefined ? '' : `\n${String(cause)}`}`),
};

beforeAll(async () => {
  t = await startTestStack({ log: captureLog });
});
afterAll(async () => {
  await t?.stop();
});

/** An ID token as Cognito shapes one (`token_use: id`, `aud` = the client id), signed with the local pool's own key. */
async function idToken(userId: string, roles: string[]): Promise<string> {
  const dir = path.join(t.dataDir, 'identity');
  const settings = JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8')) as IdentitySettings;
  const key = await importPKCS8(await readFile(path.join(dir, 'private.pem'), 'utf8'), 'RS256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    sub: randomUUID(),
    aud: settings.clientId,
    token_use: 'id',
    'cognito:username': userId,
    username: userId,
    'cognito:groups': roles,
    email: `${userId}@moj.gov.vn`,
    auth_time: now,
    origin_jti: randomUUID(),
  })
    .setProtectedHeader({ alg: 'RS256', kid: settings.keyId })
    .setIssuer(settings.issuer)
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .setJti(randomUUID())
    .sign(key);
}

/** A concrete path for a route-table path: every `{param}` and `{proxy+}` filled in. */
const concrete = (routePath: string) => routePath.replace(/\{[^}]+\+\}/g, 'home').replace(/\{[^}]+\}/g, 'x-1');

describe('only access tokens open the API', () => {
  it('refuses an ID-token-shaped token of the same client with 401 on every non-public route of the route table', async () => {
    const token = await idToken('u-vanthu', ['clerk', 'admin', 'signer', 'leader', 'itdept']);
    const guarded = routes.filter((r) => r.access !== 'public');
    expect(guarded.length).toBeGreaterThan(20);
    const refusedWith: Record<string, number> = {};
    for (const route of guarded) {
      const res = await t.api(route.method, concrete(route.path), { token, ...(route.method === 'GET' ? {} : { body: {} }) });
      refusedWith[`${route.method} ${route.path}`] = res.status;
    }
    expect(Object.entries(refusedWith).filter(([, status]) => status !== 401)).toEqual([]);
    // The same person's access token opens them: the refusal is about the token's kind.
    expect((await t.api('GET', '/dispatches', { token: await t.tokenFor('u-vanthu', ['clerk']) })).status).toBe(200);
  });

  it('refuses claims of an ID token in the handler too (API Gateway passes them as strings), as the AWS authorizer lets them through', async () => {
    const call = async (claims: Record<string, string>) => {
      const event = apiEvent({ method: 'GET', path: '/dispatches', user: { id: 'u-vanthu', roles: ['clerk'] } });
      event.requestContext.authorizer.jwt.claims = { username: 'u-vanthu', 'cognito:groups': '[clerk]', ...claims };
      return ((await listDispatches(event as never, lambdaContext as never)) as { statusCode: number }).statusCode;
    };
    expect(await call({ token_use: 'id', aud: 'client-1' })).toBe(401);
    expect(await call({ token_use: 'access', client_id: 'client-1', aud: 'client-1' })).toBe(401);
    expect(await call({ token_use: 'access' })).toBe(401);
    expect(await call({})).toBe(401);
    expect(await call({ token_use: 'access', client_id: 'client-1', jti: randomUUID() })).toBe(200);
  });
});

describe('signing out', () => {
  const page = (token: string, method = 'GET', pagePath = '/app/home', body?: string) =>
    t.api(method, pagePath, {
      headers: { cookie: `cv_staff=${token}`, ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) },
      ...(body === undefined ? {} : { body }),
    });

  it('ends the session for good: the cookie opens no page and its token no API route afterwards; other sessions go on', async () => {
    const token = await t.tokenFor('u-vanthu', ['clerk']);
    const other = await t.tokenFor('u-vanthu', ['clerk']);
    expect((await page(token)).status).toBe(200);
    expect((await t.api('GET', '/dispatches', { token })).status).toBe(200);

    const out = await page(token, 'POST', '/app/sign-out', new URLSearchParams({ csrf: csrfFor(token) }).toString());
    expect(out.status).toBe(303);
    expect(out.headers['location']).toBe('/app/sign-in');
    expect(out.setCookies.some((c) => /^cv_staff=;.*Max-Age=0/.test(c))).toBe(true);

    // A copy of the cookie kept after signing out (the token is still unexpired and correctly signed).
    const again = await page(token);
    expect([302, 303]).toContain(again.status);
    expect(again.headers['location']).toBe('/app/sign-in');
    expect((await page(token, 'POST', '/app/sign-out', new URLSearchParams({ csrf: csrfFor(token) }).toString())).status).toBe(403);
    expect((await t.api('GET', '/dispatches', { token })).status).toBe(401);

    expect((await page(other)).status).toBe(200);
    expect((await t.api('GET', '/dispatches', { token: other })).status).toBe(200);
  });
});

describe('the local stand-ins', () => {
  const ports = () => ({
    api: Number(new URL(t.stack.urls.api).port),
    dynamodb: Number(new URL(t.stack.urls.dynamodb).port),
    ses: Number(new URL(t.env.SES_ENDPOINT).port),
    s3: Number(new URL(t.stack.urls.s3).port),
  });

  it('listen on 127.0.0.1 only (the kernel’s table of listening sockets)', async () => {
    const listening = await listeningAddresses();
    if (!listening) return; // not Linux: the connection test below still runs
    for (const [name, port] of Object.entries(ports())) {
      const addresses = listening.filter((l) => l.port === port).map((l) => l.address);
      expect(addresses.length, `${name} (port ${port}) is listening`).toBeGreaterThan(0);
      expect(addresses.every((a) => a === '127.0.0.1'), `${name} (port ${port}) listens on ${addresses.join(', ')}`).toBe(true);
    }
  });

  it('cannot be reached through this machine’s other addresses', async () => {
    const own = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i !== undefined && !i.internal && (i.family === 'IPv4' || !i.address.startsWith('fe80')))
      .map((i) => i!.address);
    for (const address of own) {
      for (const [name, port] of Object.entries(ports())) {
        expect(await connects(address, port), `${name} reachable at ${address}:${port}`).toBe(false);
      }
    }
    // And they do answer on the loopback address.
    for (const port of Object.values(ports())) expect(await connects('127.0.0.1', port)).toBe(true);
  });
});

describe('the stack log', () => {
  it('never writes a link token, a Bearer token or a session cookie', async () => {
    const linkToken = randomBytes(32).toString('base64url');
    const bearer = await t.tokenFor('u-vanthu', ['clerk']);
    logged.length = 0;
    await t.api('GET', `/l/${linkToken}?utm=mail`);
    await t.api('GET', `/l/${linkToken}/x`);
    await t.api('GET', '/dispatches', { token: bearer });
    await t.api('GET', '/units', { token: `${bearer}x` }); // refused: logged as "Token refused"
    await t.api('GET', '/app/home', { headers: { cookie: `cv_staff=${bearer}` } });
    const text = logged.join('\n');
    expect(text).toContain('/l/[redacted]');
    expect(text).toContain('/dispatches');
    expect(text).not.toContain(linkToken);
    expect(text).not.toContain(bearer);
    expect(text).not.toContain(bearer.split('.')[2]!);
  });
});

/** Listening TCP sockets from /proc/net/tcp{,6}, or undefined where there is no such file. */
async function listeningAddresses(): Promise<{ address: string; port: number }[] | undefined> {
  const out: { address: string; port: number }[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      if (file.endsWith('tcp')) return undefined;
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== '0A' || !local) continue; // 0A: LISTEN
      const [hex, portHex] = local.split(':');
      out.push({ address: decodeAddress(hex!), port: parseInt(portHex!, 16) });
    }
  }
  return out;
}

/** /proc/net addresses are little-endian words; an IPv4-mapped IPv6 address is shown as its IPv4 address. */
function decodeAddress(hex: string): string {
  const words = hex.match(/.{8}/g)!.map((w) => Buffer.from(w, 'hex').reverse());
  const bytes = Buffer.concat(words);
  if (bytes.length === 4) return [...bytes].join('.');
  const mapped = bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (mapped) return [...bytes.subarray(12)].join('.');
  if (bytes.every((b, i) => (i < 15 ? b === 0 : b === 1))) return '::1';
  if (bytes.every((b) => b === 0)) return '::';
  return bytes.toString('hex');
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}
