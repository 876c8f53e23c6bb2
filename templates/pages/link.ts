import { viClock, viDate } from '../../shared/format/vi-time';
import { html, type Html } from '../html';
import { linkT as t, type LinkTextKey as TextKey } from '../text/link-t';
import type { Lang } from '../text/lookup';

/**
 * Pages behind the emailed link. Plain, readable on a phone, Vietnamese unless the unit chose English;
 * no script at all. They share the staff pages' stylesheet (/app/assets/app.css), so units see the same
 * look. Every text comes from the common and link text tables (templates/text/link-t.ts), not the staff pages' table.
 */
/**
 * The language switch's address, the same on every link page (GET /l?lang=…, answered by
 * shared/web/link-lang.ts). An absolute path on purpose: a relative `?lang=` on the page of GET /l/{token}
 * (an invalid link) would put the token back into the next address.
 */
const linkLangHref = (lang: Lang) => `/l?lang=${lang}`;

const layout = (lang: Lang, title: string, body: Html) => {
  const other: Lang = lang === 'vi' ? 'en' : 'vi';
  return html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="stylesheet" href="/app/assets/app.css">
<link rel="icon" href="/app/assets/favicon.svg" type="image/svg+xml">
</head>
<body><header class="top"><span class="brand">${t(lang, 'appName')}</span>
<div class="account"><a href="${linkLangHref(other)}" hreflang="${other}" lang="${other}" rel="noreferrer">${t(lang, 'switchLanguage')}</a></div></header>
<main class="link-page">${body}</main></body></html>`;
};

/**
 * The short pages (invalid link, too many requests, stale form) also say it in the other language: they
 * are often met before the unit could choose one, e.g. on the first click from the email.
 */
const message = (lang: Lang, title: TextKey, text: TextKey, heading: TextKey = title) => {
  const other: Lang = lang === 'vi' ? 'en' : 'vi';
  return layout(lang, t(lang, title), html`<h1>${t(lang, heading)}</h1><p>${t(lang, text)}</p><p class="muted" lang="${other}">${t(other, text)}</p>`).value;
};

export const linkInvalidPage = (lang: Lang = 'vi') => message(lang, 'linkInvalidTitle', 'linkInvalidText', 'linkInvalidHeading');
export const linkRateLimitedPage = (lang: Lang = 'vi') => message(lang, 'linkRateTitle', 'linkRateText');
export const linkStalePage = (lang: Lang = 'vi') => message(lang, 'linkStaleTitle', 'linkStaleText');

/** Which of the page's forms was posted: its errors and typed values belong to that form only. */
export type LinkFormName = 'acknowledge' | 'report' | 'accounts';

export interface LinkPageData {
  lang: Lang;
  csrf: string;
  unitName: string;
  role: 'action' | 'information';
  symbol: string;
  issuedOn: string;
  issuerName: string;
  subject: string;
  requirements: { n: number; text: string; dueDate?: string; response: string }[];
  reportable: { n: number; text: string }[];
  asksForAccounts: boolean;
  /** YYYY-MM-DD: reports can be corrected until the end of this day. */
  deadline?: string;
  canReport: boolean;
  linkExpiresOn: string;
  owes: { acknowledge: boolean; report: boolean; accounts: boolean };
  acknowledgment?: { name: string; position: string; at: string };
  report?: { version: number; at: string; items: { n: number; status: string; note?: string; doneOn?: string }[] };
  resetRequest?: { createdAt: string; status: string; accounts: { email: string; action: string; status: string; reason?: string }[] };
  notice?: { vi: string; en: string };
  errors?: { field: string; vi: string; en: string }[];
  /** The form that was posted, with what was typed, to fill it again after an error. */
  posted?: { name: LinkFormName; form: Record<string, string> };
}

type FieldProblem = NonNullable<LinkPageData['errors']>[number];

/** "14:05 ngày 03/12/2026" / "14:05, 03/12/2026", in Vietnam time. */
const timeOf = (lang: Lang, iso: string) => t(lang, 'linkAt', { time: viClock(iso), date: viDate(iso) });

const statusText = (lang: Lang, status: string) => (['done', 'partly', 'not_done'].includes(status) ? t(lang, `linkStatus_${status}` as TextKey) : status);
const accountStatusText = (lang: Lang, status: string) =>
  ['pending', 'reset', 'revoked', 'rejected'].includes(status) ? t(lang, `astatus_${status}` as TextKey) : status;
const actionText = (lang: Lang, action: string) => (['reset', 'revoke'].includes(action) ? t(lang, `action_${action}` as TextKey) : action);

const csrfField = (csrf: string) => html`<input type="hidden" name="csrf" value="${csrf}">`;

/**
 * One page render: collects which errors were shown beside their field, so the summary at the top lists
 * only the rest (e.g. a conflict that belongs to no field).
 */
class Fields {
  readonly shown = new Set<FieldProblem>();
  constructor(
    private readonly d: LinkPageData,
    private readonly formName: LinkFormName,
  ) {}

  /** What the user typed into this form, if it is the one that was posted. */
  typed(name: string): string | undefined {
    return this.d.posted?.name === this.formName ? this.d.posted.form[name] : undefined;
  }

  /**
   * The errors of an input (`reset` also takes `reset.3`, one per bad line), and the attributes that tie
   * them to it for screen readers.
   */
  problems(name: string, id: string, withLines = false): { attrs: Html; text: Html | string } {
    if (this.d.posted?.name !== this.formName) return { attrs: html``, text: '' };
    const mine = (this.d.errors ?? []).filter((e) => e.field === name || (withLines && e.field.startsWith(`${name}.`)));
    if (!mine.length) return { attrs: html``, text: '' };
    for (const e of mine) this.shown.add(e);
    const lang = this.d.lang;
    return {
      attrs: html` aria-invalid="true" aria-describedby="${id}-error"`,
      text: html`<div class="field-error" id="${id}-error">${mine.map((e) => html`<p data-field="${e.field}">${besideText(lang, e)}</p>`)}</div>`,
    };
  }
}

/**
 * The services' messages start with what they are about ("Họ và tên: …", "reset.2: …"); beside the
 * input its label already says that, so the prefix goes, except a list's line number, said plainly.
 */
function besideText(lang: Lang, e: FieldProblem): string {
  const text = e[lang];
  const colon = text.indexOf(': ');
  const rest = colon > 0 && colon <= 40 ? text.slice(colon + 2) : text;
  const line = /^(?:reset|revoke)\.(\d+)$/.exec(e.field);
  return line ? `${t(lang, 'linkLineN', { n: line[1]! })}: ${rest}` : rest;
}

function owesList(d: LinkPageData): Html {
  const { lang } = d;
  const items = [
    d.owes.acknowledge ? html`<li>${t(lang, 'linkOweAcknowledge')}</li>` : '',
    d.owes.report ? html`<li>${d.deadline ? t(lang, 'linkOweReportBy', { date: viDate(d.deadline) }) : t(lang, 'linkOweReport')}</li>` : '',
    d.owes.accounts ? html`<li>${t(lang, 'linkOweAccounts')}</li>` : '',
  ].filter(Boolean);
  return items.length ? html`<h2>${t(lang, 'linkOwesHeading')}</h2><ul>${items}</ul>` : html`<h2>${t(lang, 'linkAllDone')}</h2>`;
}

function acknowledgeSection(d: LinkPageData, f: Fields): Html {
  const { lang } = d;
  if (d.acknowledgment) {
    return html`<h2>${t(lang, 'linkAckHeading')}</h2><p>${t(lang, 'linkAckDoneBy', { at: timeOf(lang, d.acknowledgment.at) })} <strong>${d.acknowledgment.name}</strong>, ${d.acknowledgment.position}.</p>`;
  }
  const name = f.problems('name', 'ack-name');
  const position = f.problems('position', 'ack-position');
  return html`<h2>${t(lang, 'linkAckHeading')}</h2>
<form method="post" action="/l/acknowledge">${csrfField(d.csrf)}
<label for="ack-name">${t(lang, 'linkAckName')}</label><input type="text" id="ack-name" name="name" maxlength="200" required value="${f.typed('name') ?? ''}"${name.attrs}>${name.text}
<label for="ack-position">${t(lang, 'linkPosition')}</label><input type="text" id="ack-position" name="position" maxlength="200" required value="${f.typed('position') ?? ''}"${position.attrs}>${position.text}
<button type="submit">${t(lang, 'linkAckSubmit')}</button></form>`;
}

function reportSection(d: LinkPageData, f: Fields): Html {
  const { lang } = d;
  if (d.role !== 'action' || !d.reportable.length) return html``;
  const last = d.report;
  const previous = last
    ? html`<p>${t(lang, 'linkReportSent', { version: last.version, at: timeOf(lang, last.at) })}</p><ul>${last.items.map(
        (i) =>
          html`<li>${t(lang, 'requirementN', { n: i.n })}: <strong>${statusText(lang, i.status)}</strong>${i.doneOn ? `, ${t(lang, 'linkDoneOnShort', { date: viDate(i.doneOn) })}` : ''}${i.note ? html` — ${i.note}` : ''}</li>`,
      )}</ul>`
    : html``;
  if (!d.canReport) return html`<h2>${t(lang, 'linkReportHeading')}</h2>${previous}<p class="muted">${t(lang, 'linkReportClosed')}</p>`;
  // After an error the form shows what was typed; otherwise the last report, ready to be corrected.
  const prefill = (n: number, key: 'status' | 'note' | 'doneOn') => {
    if (d.posted?.name === 'report') return f.typed(`${key}.${n}`) ?? '';
    return last?.items.find((i) => i.n === n)?.[key] ?? '';
  };
  return html`<h2>${t(lang, 'linkReportHeading')}</h2>${previous}
<form method="post" action="/l/report">${csrfField(d.csrf)}
${d.reportable.map((r) => {
  const status = f.problems(`status.${r.n}`, `status-${r.n}`);
  const doneOn = f.problems(`doneOn.${r.n}`, `doneOn-${r.n}`);
  const note = f.problems(`note.${r.n}`, `note-${r.n}`);
  return html`<fieldset><legend>${t(lang, 'requirementN', { n: r.n })}</legend><p class="muted pre">${r.text.length > 300 ? `${r.text.slice(0, 300)}…` : r.text}</p>
<label for="status-${r.n}">${t(lang, 'linkStatusLabel')}</label><select id="status-${r.n}" name="status.${r.n}" required${status.attrs}>
<option value="">${t(lang, 'linkChoose')}</option>${(['done', 'partly', 'not_done'] as const).map(
    (s) => html`<option value="${s}"${prefill(r.n, 'status') === s ? html` selected` : ''}>${statusText(lang, s)}</option>`,
  )}</select>${status.text}
<label for="doneOn-${r.n}">${t(lang, 'linkDoneOn')}</label><input type="date" id="doneOn-${r.n}" name="doneOn.${r.n}" value="${prefill(r.n, 'doneOn')}"${doneOn.attrs}>${doneOn.text}
<label for="note-${r.n}">${t(lang, 'linkNote')}</label><textarea id="note-${r.n}" name="note.${r.n}" maxlength="2000" rows="3"${note.attrs}>${prefill(r.n, 'note')}</textarea>${note.text}</fieldset>`;
})}
<button type="submit">${t(lang, last ? 'linkSubmitCorrection' : 'linkSubmitReport')}</button>
${d.deadline ? html`<p class="muted">${t(lang, 'linkCorrectUntil', { date: viDate(d.deadline) })}</p>` : ''}</form>`;
}

function accountsSection(d: LinkPageData, f: Fields): Html {
  const { lang } = d;
  if (d.role !== 'action' || !d.asksForAccounts) return html``;
  if (d.resetRequest) {
    const rr = d.resetRequest;
    return html`<h2>${t(lang, 'linkRequestSentHeading')}</h2>
<p>${t(lang, 'linkRequestSentAt', { at: timeOf(lang, rr.createdAt) })} <strong>${t(lang, rr.status === 'completed' ? 'linkRequestCompleted' : 'linkRequestOpen')}</strong>.</p>
<table class="stack"><thead><tr><th scope="col">${t(lang, 'account')}</th><th scope="col">${t(lang, 'requestedAction')}</th><th scope="col">${t(lang, 'accountStatus')}</th></tr></thead><tbody>${rr.accounts.map(
      (a) => html`<tr><td class="stack-title">${a.email}</td><td data-label="${t(lang, 'requestedAction')}">${actionText(lang, a.action)}</td><td data-label="${t(lang, 'accountStatus')}">${accountStatusText(lang, a.status)}${a.reason ? html` — ${a.reason}` : ''}</td></tr>`,
    )}</tbody></table>`;
  }
  const reset = f.problems('reset', 'reset', true);
  const revoke = f.problems('revoke', 'revoke', true);
  const name = f.problems('name', 'acc-name');
  const position = f.problems('position', 'acc-position');
  return html`<h2>${t(lang, 'linkAccountsHeading')}</h2>
<p>${t(lang, 'linkAccountsIntro')} <strong>${t(lang, 'linkNoPasswords')}</strong>: ${t(lang, 'linkNoPasswordsWhy')}</p>
<form method="post" action="/l/accounts">${csrfField(d.csrf)}
<label for="reset">${t(lang, 'linkResetLabel')}</label><textarea id="reset" name="reset" rows="4"${reset.attrs}>${f.typed('reset') ?? ''}</textarea>${reset.text}
<label for="revoke">${t(lang, 'linkRevokeLabel')}</label><textarea id="revoke" name="revoke" rows="4"${revoke.attrs}>${f.typed('revoke') ?? ''}</textarea>${revoke.text}
<label for="acc-name">${t(lang, 'linkRequesterName')}</label><input type="text" id="acc-name" name="name" maxlength="200" required value="${f.typed('name') ?? ''}"${name.attrs}>${name.text}
<label for="acc-position">${t(lang, 'linkPosition')}</label><input type="text" id="acc-position" name="position" maxlength="200" required value="${f.typed('position') ?? ''}"${position.attrs}>${position.text}
<button type="submit">${t(lang, 'linkSubmitAccounts')}</button></form>`;
}

/** Errors with no input of their own on the page (e.g. a conflict), or a count pointing to those beside their inputs. */
function errorSummary(d: LinkPageData, shown: ReadonlySet<FieldProblem>): Html | string {
  const errors = d.errors ?? [];
  if (!errors.length) return '';
  const rest = errors.filter((e) => !shown.has(e));
  const besideCount = errors.length - rest.length;
  return html`<div class="errors" role="alert">${besideCount ? html`<p>${t(d.lang, 'formHasErrors', { n: besideCount })}</p>` : ''}${
    rest.length ? html`<p>${t(d.lang, 'errorsHeading')}</p><ul>${rest.map((e) => html`<li data-field="${e.field}">${e[d.lang]}</li>`)}</ul>` : ''
  }</div>`;
}

export function linkDispatchPage(d: LinkPageData): string {
  const { lang } = d;
  const ack = new Fields(d, 'acknowledge');
  const rep = new Fields(d, 'report');
  const acc = new Fields(d, 'accounts');
  // The sections render first so the summary knows which errors they already show.
  const sections = html`${acknowledgeSection(d, ack)}
${reportSection(d, rep)}
${accountsSection(d, acc)}`;
  const shown = new Set([...ack.shown, ...rep.shown, ...acc.shown]);
  return layout(
    lang,
    t(lang, 'linkPageTitle', { symbol: d.symbol }),
    html`<p class="muted">${t(lang, 'linkRecipientUnit')} <strong>${d.unitName}</strong>${d.role === 'information' ? ` ${t(lang, 'linkForInformation')}` : ''}</p>
${d.notice ? html`<p class="notice" role="status">${d.notice[lang]}</p>` : ''}
${errorSummary(d, shown)}
<h1>${t(lang, 'linkHeading', { symbol: d.symbol, date: viDate(d.issuedOn) })}</h1>
<p>${d.issuerName}<br>${t(lang, 'linkSubjectLine', { subject: d.subject })}</p>
<p><a href="/l/pdf" rel="noreferrer">${t(lang, 'linkViewPdf')}</a></p>
<h2>${t(lang, 'linkRequirementsHeading')}</h2>
<ol class="requirements">${d.requirements.map((r) => html`<li value="${r.n}">${r.text}${r.dueDate ? html` <span class="muted">${t(lang, 'linkDueParen', { date: viDate(r.dueDate) })}</span>` : ''}</li>`)}</ol>
${owesList(d)}
${sections}
<p class="muted">${t(lang, 'linkValidUntil', { date: viDate(d.linkExpiresOn) })}</p>`,
  ).value;
}
