import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { config } from '../config';
import { cookieValue } from '../http/cookies';
import { devSignInUrl } from './dev-sign-in';

/**
 * AWS sign-in: Cognito's hosted sign-in page (which asks for the password and the MFA code, so no page
 * of ours ever sees a password), the authorization-code flow with PKCE. The state and the PKCE
 * verifier travel in an HttpOnly cookie scoped to the callback and live ten minutes.
 */
export const OAUTH_COOKIE = 'cv_oauth';
const CALLBACK_PATH = '/app/callback';

export function hostedSignIn(): { url: string; clientId: string; redirectUri: string } | undefined {
  const c = config();
  if (devSignInUrl() || !c.STAFF_HOSTED_UI_URL || !c.STAFF_TOKEN_CLIENT_ID) return undefined;
  return { url: c.STAFF_HOSTED_UI_URL.replace(/\/$/, ''), clientId: c.STAFF_TOKEN_CLIENT_ID, redirectUri: `${c.PUBLIC_BASE_URL.replace(/\/$/, '')}${CALLBACK_PATH}` };
}

const b64url = (b: Buffer) => b.toString('base64url');

/** Where to send the browser, and the cookie that lets the callback finish the same sign-in only. */
export function startHostedSignIn(h: NonNullable<ReturnType<typeof hostedSignIn>>): { location: string; cookie: string } {
  const state = b64url(randomBytes(16));
  const verifier = b64url(randomBytes(32));
  const challenge = b64url(createHash('sha256').update(verifier).digest());
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: h.clientId,
    redirect_uri: h.redirectUri,
    scope: 'openid',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return {
    location: `${h.url}/oauth2/authorize?${query}`,
    cookie: `${OAUTH_COOKIE}=${state}.${verifier}; Path=${CALLBACK_PATH}; HttpOnly; Secure; SameSite=Lax; Max-Age=600`,
  };
}

export const clearedOAuthCookie = () => `${OAUTH_COOKIE}=; Path=${CALLBACK_PATH}; HttpOnly; Secure; SameSite=Lax; Max-Age=0`;

/** The access token for the callback's code, or undefined when the state does not match or Cognito refuses. */
export async function finishHostedSignIn(
  h: NonNullable<ReturnType<typeof hostedSignIn>>,
  query: Record<string, string | undefined>,
  cookies: readonly string[] | undefined,
): Promise<string | undefined> {
  const [state, verifier] = (cookieValue(cookies, OAUTH_COOKIE) ?? '').split('.');
  const given = query['state'] ?? '';
  if (!state || !verifier || !query['code'] || state.length !== given.length || !timingSafeEqual(Buffer.from(state), Buffer.from(given))) return undefined;
  const response = await fetch(`${h.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: h.clientId, code: query['code'], redirect_uri: h.redirectUri, code_verifier: verifier }),
  });
  if (!response.ok) return undefined;
  const { access_token: token } = (await response.json()) as { access_token?: string };
  return token;
}
