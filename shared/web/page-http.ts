import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { clientAddress } from '../http/edge';
import type { WebPage } from './page-access';
import { config } from '../config';
import { AppError, statusOf, type FieldError } from '../errors';
import { textBody } from '../http/handler';
import { isMediaType } from '../domain/media-type';
import { fileFromMultipart } from '../http/multipart';
import type { Actor } from '../http/actor';
import type { HttpResult } from '../http/responses';
import type { Role } from '../roles';
import { t, type Lang } from '../../templates/i18n';
import { messagePage, showNavCounts } from '../../templates/pages/app-layout';
import { namedFieldMessage } from '../../templates/pages/field-names';
import { staffCountsOrNone } from '../services/staff-counts';
import { APP_PATH, csrfFor, csrfMatches, sessionFrom, type StaffSession } from './session';
import { guardDispatch } from '../services/dispatch-access';
import { langCookie, langFromCookies, wantedLang } from './lang-cookie';

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
export type Form = Record<string, string>;

/**
 * Every staff page: strict policy (own scripts and styles only, no inline code, forms post only here,
 * never framed), nothing cached, no referrer. A PDF preview may be framed by our own pages only.
 */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** In AWS, sign-out's form ends at Cognito's logout page: form-action covers that redirect too. */
function pageCsp(): string {
  const hosted = config().STAFF_HOSTED_UI_URL;
  return hosted ? PAGE_CSP.replace("form-action 'self'", `form-action 'self' ${new URL(hosted).origin}`) : PAGE_CSP;
}

export const pageResult = (status: number, body: string, headers: Record<string, string> = {}): HttpResult => ({
  status,
  raw: { body, contentType: 'text/html; charset=utf-8' },
  headers: { 'content-security-policy': pageCsp(), 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY', ...headers },
});

export const redirect = (location: string, headers: Record<string, string> = {}): HttpResult => ({ status: 303, headers: { location, 'cache-control': 'no-store', ...headers } });

/** Vietnamese unless the user chose English (shared/web/lang-cookie.ts). */
export const langOf = (event: Event): Lang => langFromCookies(event.cookies);

export interface PageRequest {
  event: Event;
  lang: Lang;
  session: StaffSession;
  actor: Actor;
  /** The value every form of this session must carry. */
  csrf: string;
  /** The posted form (POST only), already CSRF-checked: first value of each name… */
  form: Form;
  /** …and every value of a repeated name (checkboxes). */
  formAll: (name: string) => string[];
  params: Record<string, string>;
  query: Record<string, string>;
}

/**
 * A staff page: the language (a `?lang=` switch sets the cookie and comes back without it), the session
 * from the cookie (none → the sign-in page), the route's roles (403 page), and on POST the form with its
 * CSRF value (403 page without a valid one, before anything else happens). Errors of the services become
 * pages in the user's language.
 */
export type PageFn = (event: Event) => Promise<HttpResult>;

export function pageHandler(page: WebPage, fn: (req: PageRequest) => Promise<HttpResult>): PageFn {
  const pageId = page.id;
  const allowed = page.session;
  return async (event) => {
    const switched = langSwitch(event);
    if (switched) return switched;
    const lang = langOf(event);
    const session = await sessionFrom(event.cookies, clientAddress(event));
    if (!session) return event.requestContext.http.method === 'GET' ? redirect(`${APP_PATH}/sign-in`) : pageResult(403, messagePage(lang, t(lang, 'staleTitle'), t(lang, 'staleText')));
    const csrf = csrfFor(session.token);
    const posted = event.requestContext.http.method === 'POST' ? postedForm(event) : new URLSearchParams();
    const form = firstValues(posted);
    if (event.requestContext.http.method === 'POST' && !csrfMatches(session.token, form['csrf'])) {
      return pageResult(403, messagePage(lang, t(lang, 'staleTitle'), t(lang, 'staleText'), session.actor, csrf));
    }
    if (allowed !== 'anyone' && !session.actor.roles.some((r: Role) => allowed.includes(r))) {
      return pageResult(403, messagePage(lang, t(lang, 'forbiddenTitle'), t(lang, 'forbiddenText'), session.actor, csrf));
    }
    if (event.requestContext.http.method === 'GET' && !NO_NAV.has(pageId)) showNavCounts(session.actor, await staffCountsOrNone(session.actor));
    const req: PageRequest = { event, lang, session, actor: session.actor, csrf, form, formAll: (name) => posted.getAll(name), params: pathParams(event), query: (event.queryStringParameters ?? {}) as Record<string, string> };
    try {
      if (req.params['dispatchId']) await guardDispatch(session.actor, req.params['dispatchId'], event.requestContext.http.method === 'GET' ? 'read' : 'act');
      return await fn(req);
    } catch (error) {
      if (error instanceof AppError && error.code !== 'internal') {
        const details = error.fields.map((f) => namedFieldMessage(lang, f)).join('; ');
        return pageResult(statusOf[error.code], messagePage(lang, error.text[lang], details, session.actor, csrf));
      }
      throw error;
    }
  };
}

/** GET pages that render no navigation (files), so need no counts for its badges. */
const NO_NAV = new Set(['dispatch-pdf', 'reset-request-pdf', 'report-export', 'directive-export', 'assets', 'agency-seal-image', 'person-signature-image', 'my-signature-image']);

/** `?lang=en|vi` on any page GET: remember the choice and show the same page without the query. */
export function langSwitch(event: Event): HttpResult | undefined {
  const wanted = wantedLang(event.queryStringParameters);
  if (event.requestContext.http.method !== 'GET' || !wanted) return undefined;
  // The path is this request's own (always under /app), so the redirect cannot leave the site.
  return redirect(event.rawPath, { 'set-cookie': langCookie(wanted) });
}

/** Path parameters limited to plain ids, so nothing odd reaches a key or a URL we build. */
function pathParams(event: Event): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.pathParameters ?? {})) {
    if (!v || !/^[A-Za-z0-9_.-]{1,200}$/.test(v)) throw new AppError('not_found', { vi: 'Không tìm thấy.', en: 'Not found.' });
    out[k] = v;
  }
  return out;
}

/**
 * The posted fields. A file upload (multipart/form-data: the seal and signature images) carries only
 * its CSRF value besides the file, which the page reads itself (shared/web/image-pages.ts).
 */
const postedForm = (event: Event) => {
  const contentType = event.headers['content-type'];
  if (!isMediaType(contentType, 'multipart/form-data', ['boundary'])) return new URLSearchParams(textBody(event, 'application/x-www-form-urlencoded'));
  const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64') : Buffer.from(event.body ?? '', 'latin1');
  try {
    return new URLSearchParams({ csrf: fileFromMultipart(body, contentType!, 'csrf').toString('utf8') });
  } catch {
    return new URLSearchParams(); // no CSRF value: refused as a stale form
  }
};

function firstValues(params: URLSearchParams): Form {
  const form: Form = {};
  // The first value of a repeated name wins; repeated fields (checkboxes) are read with formAll.
  for (const [name, value] of params) if (!(name in form)) form[name] = value;
  return form;
}

export const formOf = (event: Event): Form => firstValues(postedForm(event));

/** Field errors of a failed call, for the page to show next to each field. */
export const fieldErrorsOf = (error: unknown): FieldError[] | undefined =>
  error instanceof AppError && (error.code === 'validation' || error.code === 'conflict')
    ? error.fields.length
      ? error.fields
      : [{ field: '(form)', ...error.text }]
    : undefined;
