import { langs, type Lang } from '../../templates/text/lookup';
import { cookieValue } from '../http/cookies';

/**
 * The reader's language choice: one cookie for the staff pages and the emailed-link pages alike (one
 * choice per browser). Vietnamese unless English was chosen, whatever the browser says: these are
 * Vietnamese offices.
 */
const LANG_COOKIE = 'cv_lang';

export const langFromCookies = (cookies: readonly string[] | undefined): Lang => (cookieValue(cookies, LANG_COOKIE) === 'en' ? 'en' : 'vi');

/** `?lang=` as asked, if it names a language we have. */
export const wantedLang = (query: Readonly<Record<string, string | undefined>> | undefined): Lang | undefined => {
  const wanted = query?.['lang'];
  return wanted && langs.includes(wanted as Lang) ? (wanted as Lang) : undefined;
};

export const langCookie = (lang: Lang) => `${LANG_COOKIE}=${lang}; Path=/; Max-Age=31536000; SameSite=Lax`;
