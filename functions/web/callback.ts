import { hostedSignIn, finishHostedSignIn, clearedOAuthCookie } from '../../shared/web/hosted-sign-in';
import { clientAddress } from '../../shared/http/edge';
import { langOf, pageResult, type PageFn } from '../../shared/web/page-http';
import { APP_PATH, sessionCookie, sessionFrom } from '../../shared/web/session';
import { t } from '../../templates/i18n';
import { messagePage } from '../../templates/pages/app-layout';

/**
 * GET /app/callback (AWS): Cognito sends the browser back with a code; with the PKCE verifier of the
 * same browser's cookie it becomes an access token, checked like any session before it becomes one.
 */
export const handler: PageFn = async (event) => {
  const lang = langOf(event);
  const hosted = hostedSignIn();
  const token = hosted ? await finishHostedSignIn(hosted, event.queryStringParameters ?? {}, event.cookies) : undefined;
  const session = token ? await sessionFrom([`cv_staff=${token}`], clientAddress(event)) : undefined;
  if (!token || !session) return pageResult(403, messagePage(lang, t(lang, 'staleTitle'), t(lang, 'signInAgain')), { 'set-cookie': clearedOAuthCookie() });
  return {
    status: 303,
    headers: { location: `${APP_PATH}/home`, 'cache-control': 'no-store' },
    cookies: [sessionCookie(token, (session.expiresAt.getTime() - Date.now()) / 1000), clearedOAuthCookie()],
  };
};
