import { hostedSignIn } from '../../shared/web/hosted-sign-in';
import { clearedSessionCookie } from '../../shared/web/session';
import { pageHandler } from '../../shared/web/page-http';

/**
 * POST /app/sign-out (CSRF-checked like every form): the cookie is dropped; in AWS Cognito's own
 * session is ended too, or its hosted page would sign the browser straight back in.
 */
export const handler = pageHandler('sign-out', async () => {
  const hosted = hostedSignIn();
  const location = hosted
    ? `${hosted.url}/logout?${new URLSearchParams({ client_id: hosted.clientId, logout_uri: hosted.redirectUri.replace(/\/app\/callback$/, '/app/sign-in') })}`
    : '/app/sign-in';
  return { status: 303, headers: { location, 'cache-control': 'no-store' }, cookies: [clearedSessionCookie()] };
});
