import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishHostedSignIn, startHostedSignIn } from '../../../shared/web/hosted-sign-in';

/** The AWS sign-in (Cognito hosted UI, code flow with PKCE) against a stand-in token endpoint. */
let server: Server;
let url: string;
const posted: URLSearchParams[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      posted.push(form);
      const ok = req.url === '/oauth2/token' && form.get('code') === 'good-code';
      res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { access_token: 'the-access-token', token_type: 'Bearer' } : { error: 'invalid_grant' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const hosted = () => ({ url, clientId: 'web-client', redirectUri: 'https://congvan.example.gov.vn/app/callback' });

describe('hosted sign-in', () => {
  it('sends the browser to Cognito with state and an S256 challenge, keeping the verifier in an HttpOnly cookie on the callback path', () => {
    const { location, cookie } = startHostedSignIn(hosted());
    const q = new URL(location).searchParams;
    expect(location.startsWith(`${url}/oauth2/authorize?`)).toBe(true);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('scope')).toBe('openid');
    expect(q.get('redirect_uri')).toBe('https://congvan.example.gov.vn/app/callback');
    expect(q.get('code_challenge_method')).toBe('S256');
    const [, state, verifier] = /^cv_oauth=([^.;]+)\.([^;]+);/.exec(cookie)!;
    expect(q.get('state')).toBe(state);
    expect(q.get('code_challenge')).toBe(createHash('sha256').update(verifier!).digest('base64url'));
    expect(cookie).toMatch(/Path=\/app\/callback; HttpOnly; Secure; SameSite=Lax; Max-Age=600$/);
  });

  it('exchanges the code with the verifier only when the state matches', async () => {
    const { location, cookie } = startHostedSignIn(hosted());
    const state = new URL(location).searchParams.get('state')!;
    const jar = [cookie.split(';')[0]!];
    expect(await finishHostedSignIn(hosted(), { code: 'good-code', state: 'forged-state-xxxxxxxxx' }, jar)).toBeUndefined();
    expect(await finishHostedSignIn(hosted(), { code: 'good-code', state }, [])).toBeUndefined();
    expect(posted).toHaveLength(0);
    expect(await finishHostedSignIn(hosted(), { code: 'bad-code', state }, jar)).toBeUndefined();
    expect(await finishHostedSignIn(hosted(), { code: 'good-code', state }, jar)).toBe('the-access-token');
    const last = posted.at(-1)!;
    expect(last.get('grant_type')).toBe('authorization_code');
    expect(last.get('client_id')).toBe('web-client');
    expect(last.get('code_verifier')).toBe(jar[0]!.split('.')[1]);
  });
});
