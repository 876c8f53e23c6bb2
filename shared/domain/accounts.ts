import type { FieldError } from '../errors';

/**
 * Accounts a unit asks the IT Department to reset or revoke. Only official mailboxes of the
 * Ministry's domain (or its sub-domains, e.g. thads.moj.gov.vn) are accepted: the IT Department can
 * act on nothing else, and a free-form list would invite passwords or personal addresses.
 */
export const MINISTRY_MAIL_DOMAIN = 'moj.gov.vn';
export const MAX_ACCOUNTS_PER_LIST = 200;

export type AccountAction = 'reset' | 'revoke';

const localPart = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;
const domainLabel = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function isMinistryAccount(email: string): boolean {
  const at = email.lastIndexOf('@');
  if (at <= 0) return false;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (!localPart.test(local) || local.includes('..')) return false;
  if (domain !== MINISTRY_MAIL_DOMAIN && !domain.endsWith(`.${MINISTRY_MAIL_DOMAIN}`)) return false;
  return domain.split('.').every((label) => domainLabel.test(label));
}

/**
 * One account per line (commas and semicolons also separate), trimmed and lower-cased, duplicates
 * dropped. Each bad line is named by its position, e.g. `reset.3`.
 */
export function parseAccountList(text: string, field: string): { accounts: string[]; problems: FieldError[] } {
  const entries = text
    .split(/[\n\r,;]+/)
    .map((line) => line.trim().toLowerCase())
    .filter(Boolean);
  const problems: FieldError[] = [];
  const accounts: string[] = [];
  entries.forEach((entry, i) => {
    const name = `${field}.${i + 1}`;
    if (!isMinistryAccount(entry)) {
      problems.push({
        field: name,
        vi: `${name}: "${entry.slice(0, 80)}" không phải tài khoản thư công vụ thuộc tên miền ${MINISTRY_MAIL_DOMAIN}`,
        en: `${name}: "${entry.slice(0, 80)}" is not an official mailbox of the ${MINISTRY_MAIL_DOMAIN} domain`,
      });
    } else if (!accounts.includes(entry)) {
      accounts.push(entry);
    }
  });
  if (accounts.length > MAX_ACCOUNTS_PER_LIST) {
    problems.push({ field, vi: `${field}: quá ${MAX_ACCOUNTS_PER_LIST} tài khoản`, en: `${field}: more than ${MAX_ACCOUNTS_PER_LIST} accounts` });
  }
  return { accounts, problems };
}

/** Accounts of both lists, each with what the IT Department must do; an account in both lists is an error. */
export function accountRequests(reset: string, revoke: string): { accounts: { email: string; action: AccountAction }[]; problems: FieldError[] } {
  const r = parseAccountList(reset, 'reset');
  const v = parseAccountList(revoke, 'revoke');
  const problems = [...r.problems, ...v.problems];
  for (const email of v.accounts.filter((e) => r.accounts.includes(e))) {
    problems.push({ field: 'revoke', vi: `revoke: ${email} có trong cả hai danh sách`, en: `revoke: ${email} is in both lists` });
  }
  if (!problems.length && !r.accounts.length && !v.accounts.length) {
    problems.push({ field: 'reset', vi: 'reset: cần ít nhất một tài khoản', en: 'reset: at least one account is needed' });
  }
  return {
    accounts: [...r.accounts.map((email) => ({ email, action: 'reset' as const })), ...v.accounts.map((email) => ({ email, action: 'revoke' as const }))],
    problems,
  };
}
