import { listAudit } from '../data/audit';
import {
  getResetRequest,
  listResetRequests,
  recordAccountOutcome,
  type AccountOutcome,
  type ResetRequestFilter,
  type ResetRequestRecord,
} from '../data/reset-request-repo';
import { keys } from '../data/keys';
import type { PageRequest } from '../data/page';
import { vietnamDate } from '../domain/time';
import { conflict, invalidField, notFound } from '../errors';
import { auditOf, type UseCaseContext } from './context';

/**
 * The IT Department's side of reset requests: the queue across all units, and one outcome per
 * account. The request completes with its last account (the unit is then emailed by a consumer).
 */
const DAY_MS = 24 * 60 * 60 * 1000;

function queueView(r: ResetRequestRecord, now: Date) {
  const { completionMailClaim: _c, ...visible } = r;
  return {
    ...visible,
    ageDays: Math.floor((now.getTime() - Date.parse(r.createdAt)) / DAY_MS),
    overdue: r.status === 'open' && !!r.dueDate && r.dueDate < vietnamDate(now),
  };
}

/** One page of the queue; `cursor` continues it (with the same filter). */
export async function resetRequestQueue(filter: ResetRequestFilter, now: Date, page: PageRequest) {
  const { items, cursor } = await listResetRequests(filter, page);
  return { items: items.map((r) => queueView(r, now)), ...(cursor ? { cursor } : {}) };
}

const requestWord = { vi: 'đề nghị', en: 'Reset request' };

export async function resetRequestDetail(id: string, now: Date) {
  const request = await getResetRequest(id);
  if (!request) throw notFound(requestWord);
  return { ...queueView(request, now), audit: (await listAudit(keys.resetRequest(id).PK)).items };
}

export async function markAccount(ctx: UseCaseContext, id: string, input: { email: string; outcome: AccountOutcome; reason?: string | undefined }) {
  // A lost race means someone else marked another account of the same request: read again and retry.
  for (let attempt = 0; attempt < 5; attempt++) {
    const request = await getResetRequest(id);
    if (!request) throw notFound(requestWord);
    const index = request.accounts.findIndex((a) => a.email === input.email);
    if (index < 0) throw invalidField('email', `email: đề nghị không có tài khoản ${input.email}`, `email: the request does not list ${input.email}`);
    const account = request.accounts[index]!;
    if (account.status === input.outcome) return { request: queueView(request, ctx.clock.now()), replayed: true };
    if (account.status !== 'pending') {
      throw conflict({ vi: 'Tài khoản này đã được xử lý với kết quả khác.', en: 'This account was already marked with another outcome.' }, { status: account.status });
    }
    if (input.outcome !== 'rejected' && input.outcome !== (account.action === 'reset' ? 'reset' : 'revoked')) {
      throw invalidField('outcome', `outcome: tài khoản được đề nghị ${account.action === 'reset' ? 'cấp lại mật khẩu' : 'thu hồi'}`, `outcome: the account was asked to be ${account.action === 'reset' ? 'reset' : 'revoked'}`);
    }
    const at = ctx.clock.now().toISOString();
    const done = await recordAccountOutcome({
      request,
      index,
      outcome: input.outcome,
      ...(input.reason ? { reason: input.reason } : {}),
      at,
      by: ctx.actor.userId,
      audit: auditOf(ctx, `reset-request.account-${input.outcome}`, {
        details: { requestId: id, unitId: request.unitId, account: input.email, ...(input.reason ? { reason: input.reason } : {}) },
      }),
    });
    if (done) return { request: queueView((await getResetRequest(id))!, ctx.clock.now()), replayed: false };
  }
  throw conflict({ vi: 'Đề nghị đang được cập nhật đồng thời. Vui lòng thử lại.', en: 'The request is being changed concurrently. Please try again.' });
}

export async function resetRequestLetterUrl(id: string, downloadUrl: (key: string, name: string) => Promise<string>): Promise<string> {
  const request = await getResetRequest(id);
  if (!request) throw notFound(requestWord);
  if (!request.pdfKey) throw conflict({ vi: 'Văn bản đề nghị đang được tạo. Vui lòng thử lại sau ít giây.', en: 'The request letter is still being made. Please try again shortly.' });
  return downloadUrl(request.pdfKey, `de-nghi-${request.unitId}.pdf`);
}
