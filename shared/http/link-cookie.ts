import { hintOfCookieValue, LINK_COOKIE, LINK_HINT_COOKIE, tokenOfCookieValue, type LinkHint } from '../domain/link-session';
import { cookieValue } from './cookies';

/** The link token from the request's cookies (API Gateway v2 hands them over as `name=value` strings). */
export const tokenFromCookies = (cookies: readonly string[] | undefined): string | undefined => tokenOfCookieValue(cookieValue(cookies, LINK_COOKIE));

/** The dispatch/unit hint beside the token (see LINK_HINT_COOKIE), if any. */
export const hintFromCookies = (cookies: readonly string[] | undefined): LinkHint | undefined => hintOfCookieValue(cookieValue(cookies, LINK_HINT_COOKIE));
