import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { startTestStack, type TestStack } from '../support/local-stack';

/**
 * The staff session cookie is verified like a Bearer token at the gateway: a token from the issuer
 * opens the pages; a forged, foreign or expired one is no session at all. Sign-in is local-only.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const home = (token: string) => stack.api('GET', '/app/home', { headers: { cookie: `cv_staff=${token}` } });

async function foreignToken(overrides: Record<string, unknown> = {}, expiresIn = '1h') {
  const { privateKey } = await generateKeyPair('RS256');
  const { issuer, clientId, keyId } = stack.stack.identity.settings;
  return new SignJWT({ token_use: 'access', client_id: clientId, username: 'u-vanthu', 'cognito:groups': ['clerk'], ...overrides })
    .setProtectedHeader({ alg: 'RS256', kid: keyId })
    .setIssuer(issuer)
    .setSubject('x')
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(privateKey);
}

describe('staff session', () => {
  it('accepts a token of the issuer and refuses forged, tampered and expired ones', async () => {
    const token = await stack.tokenFor('u-vanthu', ['clerk']);
    expect((await home(token)).status).toBe(200);
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['admin'] })).toString('base64url')}.${s}`;
    const expired = await stack.stack.identity.mint({ userId: 'u-vanthu', roles: ['clerk'], expiresInSeconds: -60 });
    for (const bad of [await foreignToken(), tampered, expired, 'not-a-token']) {
      const response = await home(bad);
      expect(response.status).toBe(303);
      expect(response.headers['location']).toBe('/app/sign-in');
    }
  });

  it('shows a page only to its roles', async () => {
    const itdept = await stack.tokenFor('u-cntt', ['itdept']);
    const response = await stack.api('GET', '/app/dispatches/new', { headers: { cookie: `cv_staff=${itdept}` } });
    expect(response.status).toBe(403);
    expect(response.text).toContain('Không có quyền');
    // The administrator no longer does a clerk's work: no dispatch form, no creating through the API.
    const admin = await stack.tokenFor('u-admin', ['admin']);
    expect((await stack.api('GET', '/app/dispatches/new', { headers: { cookie: `cv_staff=${admin}` } })).status).toBe(403);
    expect((await stack.api('POST', '/dispatches', { token: admin, body: exampleDispatchContent() })).status).toBe(403);
  });

  it('refuses to sign in an unknown user and never lists users where the local issuer is not configured', async () => {
    const page = await stack.api('GET', '/app/sign-in');
    const pre = page.setCookies.find((c) => c.startsWith('cv_pre='))!.split(';')[0]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const unknown = await stack.api('POST', '/app/sign-in', {
      headers: { cookie: pre, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, userId: 'u-nobody' }).toString(),
    });
    expect(unknown.status).toBe(403);
    expect(unknown.setCookies.some((c) => c.startsWith('cv_staff='))).toBe(false);
    // Inside a real Lambda (AWS_LAMBDA_FUNCTION_NAME set) the chooser is off even if the variable leaked.
    process.env['AWS_LAMBDA_FUNCTION_NAME'] = 'web-get';
    try {
      const aws = await stack.api('GET', '/app/sign-in');
      expect(aws.text).not.toContain('u-vanthu');
      expect(aws.text).toContain('Chưa cấu hình đăng nhập');
    } finally {
      delete process.env['AWS_LAMBDA_FUNCTION_NAME'];
    }
  });
});
