import { describe, expect, it } from 'vitest';
import { accountRequests, isMinistryAccount } from '../../../shared/domain/accounts';
import { csrfFor, csrfMatches, linkCookie } from '../../../shared/domain/link-session';
import { tokenFromCookies } from '../../../shared/http/link-cookie';
import { canStillReport, completesOn, owed, parseReportForm, recipientState, sameReport, summarize } from '../../../shared/domain/progress';
import { newLinkToken } from '../../../shared/domain/tokens';
import type { Requirement } from '../../../shared/schemas/dispatch';

const requirements: Requirement[] = [
  { n: 1, text: 'Quán triệt', dueDate: '2026-12-15', response: 'report' },
  { n: 2, text: 'Tài khoản', dueDate: '2026-12-08', response: 'accounts' },
  { n: 3, text: 'Biết', response: 'acknowledge' },
];

describe('report form', () => {
  it('takes one status per reportable requirement and names every wrong field', () => {
    const { items, problems } = parseReportForm({ 'status.1': 'done', 'status.2': 'maybe', 'status.3': 'done' }, requirements, '2026-11-23');
    expect(problems.map((p) => p.field)).toEqual(['doneOn.1', 'status.2']);
    expect(items.map((i) => i.n)).toEqual([1]);
  });

  it('refuses a date done in the future and drops the date of what was not done', () => {
    expect(parseReportForm({ 'status.1': 'done', 'doneOn.1': '2026-11-24', 'status.2': 'not_done' }, requirements, '2026-11-23').problems[0]!.field).toBe('doneOn.1');
    const ok = parseReportForm({ 'status.1': 'partly', 'note.1': ' x ', 'status.2': 'not_done', 'doneOn.2': '2026-11-01' }, requirements, '2026-11-23');
    expect(ok.items).toEqual([{ n: 1, status: 'partly', note: 'x' }, { n: 2, status: 'not_done' }]);
  });

  it('compares reports field by field, whatever order the stored keys come back in', () => {
    expect(sameReport([{ n: 1, status: 'done', doneOn: '2026-11-01', note: 'a' }], [{ note: 'a', doneOn: '2026-11-01', status: 'done', n: 1 }])).toBe(true);
    expect(sameReport([{ n: 1, status: 'done' }], [{ n: 1, status: 'partly' }])).toBe(false);
  });

  it('stays open until the end of the last due date in Vietnam', () => {
    expect(canStillReport(requirements, new Date('2026-12-15T16:59:59Z'))).toBe(true);
    expect(canStillReport(requirements, new Date('2026-12-15T17:00:00Z'))).toBe(false);
  });
});

describe('progress', () => {
  it('completes an acting unit on its report, an informed one on its acknowledgment', () => {
    expect(completesOn('action', requirements)).toBe('report');
    expect(completesOn('information', requirements)).toBe('acknowledge');
    expect(completesOn('action', [requirements[2]!])).toBe('acknowledge');
  });

  it('says what a unit still owes and its one state', () => {
    expect(owed({ role: 'action' }, requirements)).toEqual({ acknowledge: true, report: true, accounts: true });
    expect(owed({ role: 'information', acknowledgedAt: 'x' }, requirements)).toEqual({ acknowledge: false, report: false, accounts: false });
    const before = new Date('2026-12-01T00:00:00Z');
    const after = new Date('2026-12-16T00:00:00Z');
    expect(recipientState({ role: 'action', mailStatus: 'sent' }, requirements, before)).toBe('sent');
    expect(recipientState({ role: 'action', mailStatus: 'sent', bouncedAt: 'x' }, requirements, before)).toBe('bounced');
    expect(recipientState({ role: 'action', acknowledgedAt: 'x', firstOpenedAt: 'x' }, requirements, before)).toBe('acknowledged');
    expect(recipientState({ role: 'action', acknowledgedAt: 'x' }, requirements, after)).toBe('overdue');
    expect(recipientState({ role: 'action', reportVersion: 1 }, requirements, after)).toBe('reported');
  });

  it('counts overdue from the counters alone, and only after the deadline', () => {
    const stats = { recipients: 10, mailSent: 10, mailFailed: 0, completed: 4, resetRequests: 3, resetRequestsCompleted: 1 };
    expect(summarize(stats, requirements, new Date('2026-12-01T00:00:00Z')).overdue).toBe(0);
    const after = summarize(stats, requirements, new Date('2026-12-16T00:00:00Z'));
    expect(after.overdue).toBe(6);
    expect(after.resetRequests).toEqual({ total: 3, completed: 1, open: 2 });
  });
});

describe('accounts', () => {
  it('accepts only mailboxes of the Ministry domain and its sub-domains', () => {
    expect(isMinistryAccount('nguyenvana@moj.gov.vn')).toBe(true);
    expect(isMinistryAccount('cucthads.hanoi@thads.moj.gov.vn')).toBe(true);
    for (const bad of ['a@gmail.com', 'a@evilmoj.gov.vn', 'a@moj.gov.vn.evil.com', '@moj.gov.vn', 'a..b@moj.gov.vn', 'a b@moj.gov.vn', '<x>@moj.gov.vn']) {
      expect(isMinistryAccount(bad), bad).toBe(false);
    }
  });

  it('reads one account a line, lower-cased and de-duplicated, naming each bad line', () => {
    const { accounts, problems } = accountRequests('A@moj.gov.vn\n\na@moj.gov.vn; b@gmail.com', 'c@moj.gov.vn');
    expect(accounts).toEqual([{ email: 'a@moj.gov.vn', action: 'reset' }, { email: 'c@moj.gov.vn', action: 'revoke' }]);
    expect(problems.map((p) => p.field)).toEqual(['reset.3']);
    expect(accountRequests('', '').problems[0]!.field).toBe('reset');
    expect(accountRequests('a@moj.gov.vn', 'a@moj.gov.vn').problems[0]!.field).toBe('revoke');
  });
});

describe('link session', () => {
  it('keeps the token in an HttpOnly cookie scoped to /l, Secure except on http://localhost', () => {
    const { token } = newLinkToken();
    expect(linkCookie(token, 'https://congvan.example.gov.vn', 60)).toBe(`cv_link=${token}; Path=/l; HttpOnly; SameSite=Lax; Max-Age=60; Secure`);
    expect(linkCookie(token, 'http://localhost:3000', 60)).not.toContain('Secure');
    expect(tokenFromCookies(['a=b', `cv_link=${token}`])).toBe(token);
    expect(tokenFromCookies(['cv_link=short'])).toBeUndefined();
  });

  it('derives a CSRF value only the token holder can know', () => {
    const a = newLinkToken().token;
    const b = newLinkToken().token;
    expect(csrfMatches(a, csrfFor(a))).toBe(true);
    expect(csrfMatches(a, csrfFor(b))).toBe(false);
    expect(csrfMatches(a, undefined)).toBe(false);
  });
});

describe('roll-up', () => {
  it('adds summaries field by field, nested counts included', async () => {
    const { addSummaries } = await import('../../../shared/domain/progress');
    const now = new Date('2026-12-01T00:00:00Z');
    const a = summarize({ recipients: 3, mailSent: 3, mailFailed: 0, acknowledged: 2, accountsRequested: 4, accountsDone: 1 }, requirements, now);
    const b = summarize({ recipients: 5, mailSent: 4, mailFailed: 1, acknowledged: 1, accountsRequested: 2, accountsDone: 2 }, requirements, now);
    expect(addSummaries(a, b)).toMatchObject({ recipients: 8, acknowledged: 3, mail: { sent: 7, failed: 1 }, accounts: { requested: 6, done: 3 } });
  });
});
