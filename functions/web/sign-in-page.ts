import { randomBytes } from 'node:crypto';
import { clientAddress } from '../../shared/http/edge';
import { demoUsers, devSignInUrl } from '../../shared/web/dev-sign-in';
import { hostedSignIn, startHostedSignIn } from '../../shared/web/hosted-sign-in';
import { langOf, langSwitch, pageResult, redirect } from '../../shared/web/page-http';
import type { PageFn } from '../../shared/web/page-http';
import { APP_PATH, csrfFor, sessionFrom } from '../../shared/web/session';
import { PRE_SESSION_COOKIE } from '../../shared/web/pre-session';
import { signInPage } from '../../templates/pages/app-sign-in';

/**
 * GET /app/sign-in. A signed-in user goes home. Otherwise a fresh pre-session value (HttpOnly cookie)
 * backs the form's CSRF value, so another site cannot sign a browser into an account of its choosing.
 */
export const handler: PageFn = async (event) => {
  const switched = langSwitch(event);
  if (switched) return switched;
  if (await sessionFrom(event.cookies, clientAddress(event))) return redirect(`${APP_PATH}/home`);
  // In AWS: straight to Cognito's hosted sign-in.
  const hosted = hostedSignIn();
  if (hosted) {
    const { location, cookie } = startHostedSignIn(hosted);
    return redirect(location, { 'set-cookie': cookie });
  }
  const pre = randomBytes(24).toString('base64url');
  const users = devSignInUrl() ? await demoUsers() : undefined;
  return pageResult(200, signInPage(langOf(event), csrfFor(pre), users), {
    'set-cookie': `${PRE_SESSION_COOKIE}=${pre}; Path=${APP_PATH}/sign-in; HttpOnly; SameSite=Lax; Max-Age=1800`,
  });
};
