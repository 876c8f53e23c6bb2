import { LINK_PATH } from '../domain/link-session';
import type { HttpResult } from '../http/responses';
import { langCookie, langFromCookies, wantedLang } from './lang-cookie';

/**
 * The language of the pages behind the emailed link: the staff pages' choice (shared/web/lang-cookie.ts),
 * without shared/web/page-http.ts, which pulls in the whole staff page table.
 */
export const linkLangOf = langFromCookies;

/**
 * GET /l?lang=en|vi: remember the choice and go back to the token-less page. The target is fixed, never
 * taken from the request, so the redirect can neither leave the site nor carry anything it was given.
 */
export function linkLangSwitch(query: Readonly<Record<string, string | undefined>> | undefined, headers: Record<string, string>): HttpResult | undefined {
  const wanted = wantedLang(query);
  if (!wanted) return undefined;
  return { status: 303, headers: { ...headers, location: LINK_PATH, 'set-cookie': langCookie(wanted) } };
}
