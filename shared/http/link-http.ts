import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { config } from '../config';
import { csrfFor, csrfMatches, linkCookie, linkHintCookie } from '../domain/link-session';
import { hintFromCookies, tokenFromCookies } from './link-cookie';
import { asksForAccounts, canStillReport, owed, reportableRequirements, reportDeadline } from '../domain/progress';
import { vietnamDate } from '../domain/time';
import { AppError, type Bilingual, type FieldError } from '../errors';
import type { Lang } from '../../templates/text/lookup';
import { linkDispatchPage, linkInvalidPage, linkRateLimitedPage, linkStalePage, type LinkFormName } from '../../templates/pages/link';
import { linkState, recordOpening, type Form, type LinkActionResult, type UnitState } from '../services/link-actions';
import { countLinkUse, resolveLink, type LinkSession, type ResolveOptions } from '../services/link-session';
import { GuardRefused } from '../data/transact';
import { linkLangOf, linkLangSwitch } from '../web/link-lang';
import { clientAddress } from './edge';
import { textBody } from './handler';
import type { HttpResult } from './responses';

/**
 * The HTTP side of the emailed link, shared by its handlers: the session from the token (path or
 * cookie), the form with its CSRF check, and the HTML answers. Every link answer is `no-store` and
 * sends no referrer, and its policy allows forms to post only back here.
 */
const pageHeaders: Record<string, string> = {
  'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
};

export const htmlResult = (status: number, body: string, headers: Record<string, string> = {}): HttpResult => ({
  status,
  raw: { body, contentType: 'text/html; charset=utf-8' },
  headers: { ...pageHeaders, ...headers },
});

type Event = APIGatewayProxyEventV2;

const invalidLink = (event: Event) => htmlResult(404, linkInvalidPage(linkLangOf(event.cookies)));
const sourceIpOf = (event: Event) => clientAddress(event);

/** Resolves the session (429 page when over the rate, the one "not valid" page when there is none). */
async function withSession(
  event: Event,
  token: string | undefined,
  work: (s: LinkSession, now: Date) => Promise<HttpResult>,
  options: ResolveOptions = {},
): Promise<HttpResult> {
  const now = new Date();
  let session: LinkSession | undefined;
  try {
    session = await resolveLink(token, sourceIpOf(event), now, options);
  } catch (error) {
    if (error instanceof AppError && error.code === 'rate_limited') return htmlResult(429, linkRateLimitedPage(linkLangOf(event.cookies)), { 'retry-after': '60' });
    throw error;
  }
  return session ? work(session, now) : invalidLink(event);
}

/**
 * GET /l/{token}: the only request that carries the token in its URL. It records the first opening
 * (nothing else: mail scanners open every link), moves the token into a cookie scoped to /l, and
 * sends the browser on to the token-less page.
 */
export const openLink = (event: Event, token: string) =>
  withSession(event, token, async (s, now) => {
    await recordOpening(s, now);
    const maxAge = (s.expiresAt.getTime() - now.getTime()) / 1000;
    const base = config().PUBLIC_BASE_URL;
    return {
      status: 303,
      headers: { ...pageHeaders, location: '/l' },
      cookies: [linkCookie(s.token, base, maxAge), linkHintCookie({ dispatchId: s.dispatch.id, unitId: s.recipient.unitId }, base, maxAge)],
    };
  });

/**
 * GET /l: the unit's page, from the cookie. `?lang=en|vi` (the page's language switch) only sets the
 * language and comes back to /l, before any session work: it reads and records nothing.
 */
export const showLinkPage = async (event: Event): Promise<HttpResult> =>
  linkLangSwitch(event.queryStringParameters, pageHeaders) ?? withSession(event, tokenFromCookies(event.cookies), (s, now) => page(event, s, now, 200, {}, { recipient: s.recipient }));

/** GET /l/pdf: the dispatch's PDF through a short-lived S3 link. */
export const linkPdf = (event: Event, downloadUrl: (key: string, name: string) => Promise<string>) =>
  withSession(event, tokenFromCookies(event.cookies), async (s) => {
    if (!s.dispatch.pdfKey) return invalidLink(event);
    return { status: 302, headers: { ...pageHeaders, location: await downloadUrl(s.dispatch.pdfKey, `${s.dispatch.symbol ?? s.dispatch.id}.pdf`) } };
  });

/**
 * POST /l/…: a real button's form, with the page's CSRF value. The action gets the session and the
 * form; its answer (or its validation or conflict errors, shown next to the typed input) is the page.
 */
export const linkAction = (event: Event, formName: LinkFormName, action: (s: LinkSession, form: Form, now: Date, sourceIp: string) => Promise<LinkActionResult>) =>
  withSession(event, tokenFromCookies(event.cookies), async (session, now) => {
    let s = session;
    const form = formOf(event);
    if (!csrfMatches(s.token, form['csrf'])) return (await countUse(event, s, now)) ?? htmlResult(403, linkStalePage(linkLangOf(event.cookies)));
    try {
      let result: LinkActionResult;
      try {
        result = await action(s, form, now, sourceIpOf(event));
      } catch (error) {
        if (!(error instanceof GuardRefused)) throw error;
        // The link's count cancelled the step (over its limit, or revoked meanwhile): count it apart to
        // know which; if it is counted after all (its window turned), the step runs again, counted.
        const refused = await countUse(event, s, now);
        if (refused) return refused;
        s = withoutUse(s);
        result = await action(s, form, now, sourceIpOf(event));
      }
      const { notice, after, countedUse } = result;
      if (!countedUse) {
        const refused = await countUse(event, s, now);
        if (refused) return refused;
      }
      return page(event, s, now, 200, { notice }, after);
    } catch (error) {
      if (error instanceof AppError && (error.code === 'validation' || error.code === 'conflict')) {
        const refused = await countUse(event, s, now);
        if (refused) return refused;
        const errors = error.fields.length ? error.fields : [{ field: '(form)', ...error.text }];
        // Invalid input changed nothing: the session's own read stands. A conflict means someone else did: read again.
        const known = error.code === 'validation' ? { recipient: s.recipient } : undefined;
        return page(event, s, now, error.code === 'validation' ? 400 : 409, { errors, posted: { name: formName, form } }, known);
      }
      throw error;
    }
  }, { forAction: true, hint: hintFromCookies(event.cookies) });

const withoutUse = ({ uncountedUse: _counted, ...s }: LinkSession): LinkSession => s;

/**
 * Counts the request's use of the link when the session still owes it (a post read with the hint whose
 * step wrote nothing): the page to answer instead when the link turned out over its limit or gone.
 */
async function countUse(event: Event, s: LinkSession, now: Date): Promise<HttpResult | undefined> {
  if (!s.uncountedUse) return undefined;
  const use = await countLinkUse(s, now);
  if (use === 'limited') return htmlResult(429, linkRateLimitedPage(linkLangOf(event.cookies)), { 'retry-after': '60' });
  return use === 'gone' ? invalidLink(event) : undefined;
}

function formOf(event: Event): Form {
  const text = textBody(event as Parameters<typeof textBody>[0], 'application/x-www-form-urlencoded');
  const form: Record<string, string> = {};
  // The first value of a repeated name wins; nothing else in the form can name a unit or a dispatch.
  for (const [name, value] of new URLSearchParams(text)) if (!(name in form)) form[name] = value;
  return form;
}

async function page(
  event: Event,
  s: LinkSession,
  now: Date,
  status: number,
  extra: { notice?: Bilingual; errors?: FieldError[]; posted?: { name: LinkFormName; form: Form } } = {},
  known?: UnitState,
): Promise<HttpResult> {
  const lang: Lang = linkLangOf(event.cookies);
  const { recipient, latestReport, resetRequest } = await linkState(s, known);
  const requirements = s.dispatch.content.requirements;
  const deadline = reportDeadline(requirements);
  return htmlResult(
    status,
    linkDispatchPage({
      lang,
      csrf: csrfFor(s.token),
      unitName: recipient.unitName,
      role: recipient.role,
      symbol: s.dispatch.symbol ?? '',
      issuedOn: s.dispatch.issuedOn ?? '',
      issuerName: s.dispatch.content.issuer.name,
      subject: s.dispatch.content.subject,
      requirements: requirements.map(({ n, text, dueDate, response }) => ({ n, text, response, ...(dueDate ? { dueDate } : {}) })),
      reportable: reportableRequirements(requirements).map(({ n, text }) => ({ n, text })),
      asksForAccounts: asksForAccounts(requirements),
      ...(deadline ? { deadline: vietnamDate(deadline) } : {}),
      canReport: canStillReport(requirements, now),
      linkExpiresOn: vietnamDate(s.expiresAt),
      owes: owed(recipient, requirements),
      ...(recipient.acknowledgedAt && recipient.acknowledgedBy ? { acknowledgment: { ...recipient.acknowledgedBy, at: recipient.acknowledgedAt } } : {}),
      ...(latestReport ? { report: { version: latestReport.version, at: latestReport.at, items: latestReport.items } } : {}),
      ...(resetRequest ? { resetRequest: { createdAt: resetRequest.createdAt, status: resetRequest.status, accounts: resetRequest.accounts } } : {}),
      ...extra,
    }),
  );
}
