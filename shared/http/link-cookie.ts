import { LINK_COOKIE, tokenOfCookieValue } from '../domain/link-session';
import { cookieValue } from './cookies';

/** The link token from the request's cookies (API Gateway v2 hands them over as `name=value` strings). */
export const tokenFromCookies = (cookies: readonly string[] | undefined): string | undefined => tokenOfCookieValue(cookieValue(cookies, LINK_COOKIE));
