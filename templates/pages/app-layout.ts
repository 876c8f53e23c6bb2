import { html, type Html } from '../html';
import { t, type Lang, type TextKey } from '../i18n';
import type { Actor } from '../../shared/domain/actor';
import type { FieldError } from '../../shared/domain/field-error';
import type { StaffCounts } from '../../shared/domain/views/staff-counts';
import { namedFieldMessage } from './field-names';

/**
 * The staff pages' shell: header with the user's navigation, language switch and sign-out (a POST with
 * the CSRF value), one stylesheet and one script from /app/assets (the policy allows nothing inline).
 */
export interface Shell {
  lang: Lang;
  title: string;
  actor?: Actor;
  csrf?: string;
}

/** What every signed-in staff page is rendered with: the language, who is signed in, and the form token. */
export interface PageShell {
  lang: Lang;
  actor: Actor;
  csrf: string;
}

const navFor = (actor: Actor): { href: string; key: TextKey }[] => {
  const items: { href: string; key: TextKey }[] = [{ href: '/app/home', key: 'navHome' }];
  // The audiences of functions/web/page-table.ts: a link only to a page the person may open.
  if (actor.roles.some((r) => r === 'clerk' || r === 'leader' || r === 'signer')) items.push({ href: '/app/dispatches', key: 'navDispatches' });
  if (actor.roles.includes('signer')) items.push({ href: '/app/inbox', key: 'navInbox' });
  if (actor.roles.some((r) => r === 'clerk' || r === 'leader' || r === 'signer')) items.push({ href: '/app/directives', key: 'navDirectives' }, { href: '/app/register', key: 'navRegister' });
  if (actor.roles.some((r) => r === 'leader' || r === 'clerk')) items.push({ href: '/app/dashboard', key: 'navDashboard' });
  if (actor.roles.includes('itdept')) items.push({ href: '/app/reset-requests', key: 'navQueue' });
  if (actor.roles.includes('admin')) items.push({ href: '/app/agencies', key: 'navAgencies' }, { href: '/app/people', key: 'navPeople' });
  // A signer's own signature image (issue 12 §2): drawn on every letter they sign.
  if (actor.roles.includes('signer')) items.push({ href: '/app/me/signature', key: 'navMySignature' });
  return items;
};

/**
 * What awaits the signed-in person (shared/services/staff-counts.ts), set by the page handler for the
 * request's actor before the page renders, so every page's navigation shows the badges without each
 * template passing them along. Keyed by the actor object: nothing is added to the actor itself.
 */
const navCounts = new WeakMap<Actor, StaffCounts>();
export const showNavCounts = (actor: Actor, counts: StaffCounts) => void navCounts.set(actor, counts);

const countFor = (href: string, counts: StaffCounts | undefined): { n: number; key: TextKey } | undefined => {
  const pick = (n: number | undefined, key: TextKey) => (n ? { n, key } : undefined);
  if (href === '/app/inbox') return pick(counts?.inbox, 'navCountInbox');
  if (href === '/app/dispatches') return pick(counts?.returned, 'navCountReturned');
  if (href === '/app/reset-requests') return pick(counts?.queue, 'navCountQueue');
  return undefined;
};

const navLink = (lang: Lang, n: { href: string; key: TextKey }, counts: StaffCounts | undefined) => {
  const c = countFor(n.href, counts);
  return html`<li><a href="${n.href}">${t(lang, n.key)}${c ? html` <span class="badge nav-count" title="${t(lang, c.key, { n: c.n })}" aria-label="${t(lang, c.key, { n: c.n })}">${c.n}</span>` : ''}</a></li>`;
};

export function layout(shell: Shell, body: Html): string {
  const { lang, actor, csrf } = shell;
  const other = lang === 'vi' ? 'en' : 'vi';
  return html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${shell.title} · ${t(lang, 'appName')}</title>
<link rel="stylesheet" href="/app/assets/app.css">
<link rel="icon" href="/app/assets/favicon.svg" type="image/svg+xml">
<script src="/app/assets/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">${t(lang, 'skipToContent')}</a>
<header class="top">
<a class="brand" href="/app/home">${t(lang, 'appName')}</a>
${actor ? html`<nav aria-label="${t(lang, 'navHome')}"><ul>${navFor(actor).map((n) => navLink(lang, n, navCounts.get(actor)))}</ul></nav>` : ''}
<div class="account">
<a href="?lang=${other}" hreflang="${other}" lang="${other}">${t(lang, 'switchLanguage')}</a>
${actor && csrf ? html`<span class="who" title="${t(lang, 'signedInAs')}">${actor.name}</span>
<form method="post" action="/app/sign-out" class="inline"><input type="hidden" name="csrf" value="${csrf}"><button type="submit" class="link">${t(lang, 'signOut')}</button></form>` : ''}
</div>
</header>
<main id="main">
${body}
</main>
</body></html>`.value;
}

export const messagePage = (lang: Lang, title: string, text: string, actor?: Actor, csrf?: string) =>
  layout({ lang, title, ...(actor ? { actor } : {}), ...(csrf ? { csrf } : {}) }, html`<h1>${title}</h1>${text ? html`<p>${text}</p>` : ''}`);

export const csrfField = (csrf: string) => html`<input type="hidden" name="csrf" value="${csrf}">`;

export const notice = (text: string | undefined) => (text ? html`<p class="notice" role="status">${text}</p>` : '');

/** The errors not tied to a shown field, at the top, each naming its field as the page does; each shown field has its own next to it. */
export function formErrors(lang: Lang, errors: readonly FieldError[] | undefined, shownFields: readonly string[] = []): Html | string {
  const rest = (errors ?? []).filter((e) => !shownFields.includes(e.field));
  if (!rest.length) return '';
  return html`<div class="errors" role="alert"><p>${t(lang, 'errorsHeading')}</p><ul>${rest.map((e) => html`<li>${namedFieldMessage(lang, e)}</li>`)}</ul></div>`;
}

export function fieldError(lang: Lang, errors: readonly FieldError[] | undefined, field: string, id: string): Html | string {
  const e = errors?.find((x) => x.field === field);
  // The API's messages start with the field's path ("comment không được để trống"); beside the field, the label already says which.
  const text = e?.[lang].startsWith(`${field} `) ? e[lang].slice(field.length + 1) : e?.[lang];
  return e ? html`<p class="field-error" id="${id}-error">${text}</p>` : '';
}
