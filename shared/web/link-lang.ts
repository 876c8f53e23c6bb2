import { langs, type Lang } from '../../templates/i18n';
import { LINK_PATH } from '../domain/link-session';
import type { HttpResult } from '../http/responses';

/**
 * The language of the pages behind the emailed link: the same cookie as the staff pages (one choice per
 * browser), Vietnamese unless English was chosen. Kept apart from shared/web/page-http.ts, which pulls in
 * the whole staff page table, so the link functions stay small.
 */
export const LINK_LANG_COOKIE = 'cv_lang';

export function linkLangOf(cookies: readonly string[] | undefined): Lang {
  for (const cookie of cookies ?? []) {
    const eq = cookie.indexOf('=');
    if (eq > 0 && cookie.slice(0, eq).trim() === LINK_LANG_COOKIE) return cookie.slice(eq + 1).trim() === 'en' ? 'en' : 'vi';
  }
  return 'vi';
}

/**
 * The switch's address, the same on every link page. An absolute path on purpose: a relative `?lang=`
 * on the page of GET /l/{token} (an invalid link) would put the token back into the next address.
 */
export const linkLangHref = (lang: Lang) => `${LINK_PATH}?lang=${lang}`;

/**
 * GET /l?lang=en|vi: remember the choice and go back to the token-less page. The target is fixed, never
 * taken from the request, so the redirect can neither leave the site nor carry anything it was given.
 */
export function linkLangSwitch(query: Readonly<Record<string, string | undefined>> | undefined, headers: Record<string, string>): HttpResult | undefined {
  const wanted = query?.['lang'];
  if (!wanted || !langs.includes(wanted as Lang)) return undefined;
  return {
    status: 303,
    headers: { ...headers, location: LINK_PATH, 'set-cookie': `${LINK_LANG_COOKIE}=${wanted}; Path=/; Max-Age=31536000; SameSite=Lax` },
  };
}
