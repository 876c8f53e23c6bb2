import { expect } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import type { SentMail } from '../../infra/local/ses-send-log';
import type { Role } from '../../shared/roles';
import { pool } from './link-client';
import type { ApiRequestOptions, ApiResponse } from './local-stack';

/**
 * The fan-out proofs' steps, done only as an outsider can: the HTTP API, the SES stand-in's send log,
 * and emailed links opened over HTTP. Works with an in-process stack and with a crashable child process.
 */
export interface Outside {
  api(method: string, apiPath: string, options?: ApiRequestOptions): Promise<ApiResponse>;
  tokenFor(userId: string, roles: readonly Role[]): Promise<string>;
  sent(): Promise<SentMail[]>;
  /** What the stack printed lately, when it runs as a process of its own (for a failing step's message). */
  output?(): string;
}

/**
 * `n` units in one directory group, imported as the administrator does: the units CSV
 * (POST /directory/units.csv, in files of `fileRows` rows, by default FILE_ROWS, each well within the
 * API's 30 s even on a loaded shared machine; `filesAtOnce` of them side by side), then the group (at
 * most 2,000 members). Each file reads the whole directory first, so fewer, larger files import faster.
 */
const FILE_ROWS = 25;
export async function importUnitGroup(stack: Outside, prefix: string, n: number, filesAtOnce = 1, fileRows = FILE_ROWS): Promise<{ groupId: string; emails: string[] }> {
  const admin = await stack.tokenFor('u-admin', ['admin']);
  const ids = Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(5, '0')}`);
  const emails = ids.map((id) => `${id}@thads.moj.gov.vn`);
  const starts = Array.from({ length: Math.ceil(n / fileRows) }, (_, i) => i * fileRows);
  await pool(starts, filesAtOnce, async (start) => {
    const rows = ids.slice(start, start + fileRows).map((id, i) => [id, `${prefix.toUpperCase()}-${start + i + 1}`, `Đơn vị thử nghiệm số ${start + i + 1}`, 'external', `${id}@thads.moj.gov.vn`].join(','));
    const res = await stack.api('POST', '/directory/units.csv', {
      token: admin,
      headers: { 'content-type': 'text/csv' },
      body: ['id,code,name,kind,email', ...rows].join('\r\n'),
    });
    expect(res.status, `${res.text}\n${stack.output?.() ?? ''}`).toBe(200);
  });
  const groupId = `${prefix}-group`;
  const group = await stack.api('POST', '/groups', { token: admin, body: { id: groupId, name: `Nhóm thử nghiệm ${prefix}`, memberIds: ids } });
  expect(group.status, group.text).toBe(201);
  return { groupId, emails };
}

/**
 * Drafts, submits, signs and issues the example letter addressed to one group only. Its requirements
 * ask for an acknowledgment only, so a unit that acknowledges no longer lags (and gets no reminder).
 */
export async function issueToGroup(stack: Outside, groupId: string | readonly string[]): Promise<{ id: string; symbol: string }> {
  const clerk = await stack.tokenFor('u-vanthu', ['clerk']);
  const example = exampleDispatchContent();
  const content = {
    ...example,
    addressees: [groupId].flat().map((id, i) => ({ kind: 'group' as const, groupId: id, label: `Các đơn vị thử nghiệm, nhóm ${i + 1}` })),
    requirements: example.requirements.map(({ to: _to, ...r }) => ({ ...r, response: 'acknowledge' as const })),
  };
  const signer = await stack.tokenFor(content.signer.personId, ['signer']);
  const created = await stack.api('POST', '/dispatches', { token: clerk, body: content });
  expect(created.status, created.text).toBe(201);
  const id = created.json.id as string;
  expect((await stack.api('POST', `/dispatches/${id}/submit`, { token: clerk, body: { version: 1 } })).status).toBe(200);
  const signed = await stack.api('POST', `/dispatches/${id}/sign`, { token: signer, body: { version: 2 } });
  expect(signed.status, signed.text).toBe(200);
  const issued = await stack.api('POST', `/dispatches/${id}/issue`, { token: clerk, body: { version: 3 } });
  expect(issued.status, issued.text).toBe(200);
  return { id, symbol: issued.json.symbol as string };
}

export interface RecipientRow {
  unitId: string;
  email: string;
  mailStatus: string;
  [key: string]: unknown;
}

/** Every recipient of a dispatch, following the listing's `cursor` when it is paged. */
export async function allRecipients(stack: Outside, dispatchId: string): Promise<RecipientRow[]> {
  const clerk = await stack.tokenFor('u-vanthu', ['clerk']);
  const rows: RecipientRow[] = [];
  let cursor: string | undefined;
  do {
    const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    const res = await stack.api('GET', `/dispatches/${dispatchId}/recipients${query}`, { token: clerk });
    expect(res.status, res.text).toBe(200);
    rows.push(...(res.json.items as RecipientRow[]));
    cursor = res.json.cursor ?? undefined;
  } while (cursor);
  return rows;
}

/** The issue e-mails of a dispatch in the send log (reminders apart: their subject starts with [Nhắc việc]). */
export const issueMails = (log: readonly SentMail[], symbol: string) => log.filter((m) => m.subject.startsWith(`[Công văn ${symbol}]`));
export const reminderMails = (log: readonly SentMail[], symbol: string) => log.filter((m) => m.subject.startsWith(`[Nhắc việc] [Công văn ${symbol}]`));

/** How many e-mails each address got. */
export function perAddress(mails: readonly SentMail[]): Map<string, SentMail[]> {
  const out = new Map<string, SentMail[]>();
  for (const m of mails) for (const to of m.to) out.set(to, [...(out.get(to) ?? []), m]);
  return out;
}

/** Accepted sends per calendar second of the stand-in's clock, busiest first. */
export function perSecond(mails: readonly SentMail[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const m of mails) counts.set(m.at.slice(0, 19), (counts.get(m.at.slice(0, 19)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

/**
 * Polls until `done` holds or `deadlineMs` passes (generous: these are minutes-long fan-outs on a shared
 * 2-core machine), then returns the last value either way, for the assertions to speak about.
 */
export async function waitUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, deadlineMs: number, everyMs = 1000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A unit acknowledges through its emailed link, as its browser would. */
export async function acknowledgeThrough(link: string): Promise<void> {
  const opened = await fetch(link, { redirect: 'manual' });
  expect(opened.status, await opened.clone().text()).toBe(303);
  const cookie = opened.headers.getSetCookie()[0]!.split(';')[0]!;
  const page = await fetch(new URL(opened.headers.get('location')!, link), { headers: { cookie } });
  const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const done = await fetch(new URL('/l/acknowledge', link), {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, name: 'Nguyễn Văn Thử', position: 'Văn thư' }).toString(),
  });
  expect(done.status, await done.clone().text()).toBeLessThan(400);
}

/**
 * Opens an emailed link as the unit's browser would (over HTTP, as it is in the e-mail): a working
 * link answers 303 into the unit's page, which then shows with the cookie it set.
 */
export async function linkWorks(link: string): Promise<{ ok: boolean; status: number; detail: string }> {
  const opened = await fetch(link, { redirect: 'manual' });
  const location = opened.headers.get('location');
  const cookie = opened.headers.getSetCookie()[0]?.split(';')[0];
  if (opened.status !== 303 || !location || !cookie) return { ok: false, status: opened.status, detail: (await opened.text()).slice(0, 200) };
  const page = await fetch(new URL(location, link), { headers: { cookie }, redirect: 'manual' });
  return { ok: page.status === 200, status: page.status, detail: page.status === 200 ? '' : (await page.text()).slice(0, 200) };
}
