import { devSignIn } from '../../shared/web/dev-sign-in';
import { formOf, langOf, pageResult, redirect } from '../../shared/web/page-http';
import type { PageFn } from '../../shared/web/page-http';
import { PRE_SESSION_COOKIE } from '../../shared/web/pre-session';
import { cookieValue } from '../../shared/http/cookies';
import { APP_PATH, csrfMatches, sessionCookie } from '../../shared/web/session';
import { t } from '../../templates/i18n';
import { messagePage } from '../../templates/pages/app-layout';

/** A working day: the cookie never outlives the token, whose own expiry is checked on every request. */
const SESSION_SECONDS = 8 * 60 * 60;

/** POST /app/sign-in (local stack only): the chosen demo user's token becomes the session cookie. */
export const handler: PageFn = async (event) => {
  const lang = langOf(event);
  const form = formOf(event);
  const pre = cookieValue(event.cookies, PRE_SESSION_COOKIE);
  if (!pre || !csrfMatches(pre, form['csrf'])) return pageResult(403, messagePage(lang, t(lang, 'staleTitle'), t(lang, 'staleText')));
  const token = await devSignIn(form['userId'] ?? '');
  if (!token) return pageResult(403, messagePage(lang, t(lang, 'signInTitle'), t(lang, 'signInUnavailable')));
  return {
    status: 303,
    headers: { location: `${APP_PATH}/home`, 'cache-control': 'no-store' },
    cookies: [sessionCookie(token, SESSION_SECONDS), `${PRE_SESSION_COOKIE}=; Path=${APP_PATH}/sign-in; HttpOnly; SameSite=Lax; Max-Age=0`],
  };
};
