import { webPage } from './page-table';
import { revokeSession } from '../../shared/data/revocation-repo';
import { hostedSignIn } from '../../shared/web/hosted-sign-in';
import { clearedSessionCookie } from '../../shared/web/session';
import { pageHandler } from '../../shared/web/page-http';

/**
 * POST /app/sign-out (CSRF-checked like every form): the session's id goes on the revocation list
 * until its token would expire, so the cookie's token opens nothing any more, whoever kept a copy (the
 * browser is also told to drop it). In AWS Cognito's own session is ended too, or its hosted page
 * would sign the browser straight back in. No refresh token needs revoking: the callback
 * (functions/web/callback.ts) keeps only the access token and drops the refresh token Cognito returns.
 */
export const handler = pageHandler(webPage('sign-out'), async ({ session }) => {
  await revokeSession(session.sessionId, session.expiresAt, session.actor.userId, new Date());
  const hosted = hostedSignIn();
  const location = hosted
    ? `${hosted.url}/logout?${new URLSearchParams({ client_id: hosted.clientId, logout_uri: hosted.redirectUri.replace(/\/app\/callback$/, '/app/sign-in') })}`
    : '/app/sign-in';
  return { status: 303, headers: { location, 'cache-control': 'no-store' }, cookies: [clearedSessionCookie()] };
});
