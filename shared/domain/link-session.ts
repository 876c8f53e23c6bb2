import { createHash, timingSafeEqual } from 'node:crypto';
import { looksLikeToken } from './tokens';

/**
 * After the first GET /l/{token} the token moves from the address bar into a cookie scoped to the
 * link pages, so it never lingers in history, screenshots or Referer headers.
 *
 * SameSite is Lax, not Strict, on purpose: the first click comes from a webmail page (cross-site), and
 * browsers withhold Strict cookies for the whole redirect chain of such a navigation, so the 303 to
 * the token-less page would arrive without the cookie and the unit would see "link not valid". Lax
 * still withholds the cookie from cross-site POSTs, and every POST must also carry the page's CSRF value.
 */
export const LINK_COOKIE = 'cv_link';
export const LINK_PATH = '/l';

export function linkCookie(token: string, publicBaseUrl: string, maxAgeSeconds: number): string {
  return linkScopedCookie(LINK_COOKIE, token, publicBaseUrl, maxAgeSeconds);
}

function linkScopedCookie(name: string, value: string, publicBaseUrl: string, maxAgeSeconds: number): string {
  const parts = [`${name}=${value}`, `Path=${LINK_PATH}`, 'HttpOnly', 'SameSite=Lax', `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`];
  // Browsers refuse Secure cookies over plain http except on localhost; the local stack is plain http.
  if (!/^http:\/\/(localhost|127\.0\.0\.1)(:|\/|$)/.test(publicBaseUrl)) parts.push('Secure');
  return parts.join('; ');
}

/**
 * Beside the token, a hint of the dispatch and unit it stands for, so that a form's post can read the
 * link item together with the dispatch and the recipient (one BatchGet instead of the link's own
 * update, then the BatchGet). Only a hint: it grants nothing, as the link item read by the token's
 * hash must name the same dispatch and unit, else the request goes the ordinary way. Not secret (the
 * unit knows its own dispatch), and nothing in it is a credential.
 */
export const LINK_HINT_COOKIE = 'cv_link_for';

export interface LinkHint {
  dispatchId: string;
  unitId: string;
}

const MAX_HINT_ID = 200;
const ID_PART = /^[A-Za-z0-9_-]{1,270}$/;

export function linkHintCookie(hint: LinkHint, publicBaseUrl: string, maxAgeSeconds: number): string {
  const part = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
  return linkScopedCookie(LINK_HINT_COOKIE, `${part(hint.dispatchId)}.${part(hint.unitId)}`, publicBaseUrl, maxAgeSeconds);
}

/** The hint a cookie value holds, if it is well formed (anything else: no hint). */
export function hintOfCookieValue(value: string | undefined): LinkHint | undefined {
  const parts = value?.split('.');
  if (!parts || parts.length !== 2 || !parts.every((p) => ID_PART.test(p))) return undefined;
  const [dispatchId, unitId] = parts.map((p) => Buffer.from(p, 'base64url').toString('utf8'));
  if (!dispatchId || !unitId || dispatchId.length > MAX_HINT_ID || unitId.length > MAX_HINT_ID) return undefined;
  return { dispatchId, unitId };
}

/** The token a link cookie's value holds, if it looks like one (reading the cookie: shared/http/link-cookie.ts). */
export const tokenOfCookieValue = (value: string | undefined): string | undefined => (value && looksLikeToken(value) ? value : undefined);

/**
 * The CSRF value a link page puts in its forms: derived from the secret token, so only a page that
 * was served to the token's holder can know it, and nothing needs storing.
 */
export function csrfFor(token: string): string {
  return createHash('sha256').update(`csrf\u0000${token}`, 'utf8').digest('base64url');
}

export function csrfMatches(token: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(csrfFor(token));
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
