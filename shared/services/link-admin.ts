import { getDispatch } from '../data/dispatch-repo';
import { replaceLink } from '../data/link-repo';
import { getRecipient } from '../data/recipient-repo';
import { conflict, notFound } from '../errors';
import { auditOf, type UseCaseContext } from './context';

/**
 * A clerk revokes a unit's link (it stops working at once). Resending it goes through the mail queue
 * (shared/services/unit-letters.ts): a fresh link, which replaces the old one once SES accepted it.
 */
async function load(dispatchId: string, unitId: string) {
  const [dispatch, recipient] = await Promise.all([getDispatch(dispatchId), getRecipient(dispatchId, unitId)]);
  if (!dispatch) throw notFound({ vi: 'công văn', en: 'Dispatch' });
  if (!recipient) throw notFound({ vi: 'đơn vị nhận', en: 'Recipient' });
  if (dispatch.state !== 'issued') throw conflict({ vi: 'Công văn chưa ban hành hoặc đã thu hồi.', en: 'The dispatch is not issued.' }, { state: dispatch.state });
  if (recipient.mailStatus === 'paper') throw sentOnPaper();
  return { dispatch, recipient };
}

/** A recipient outside the directory without an email: it has no link and gets no email. */
export const sentOnPaper = () =>
  conflict({ vi: 'Nơi nhận này được gửi bản giấy, không có thư điện tử và đường liên kết.', en: 'This recipient is sent on paper: it has no email and no link.' }, { delivery: 'paper' });

const raced = () => conflict({ vi: 'Đường liên kết vừa được thay đổi. Vui lòng thử lại.', en: 'The link was just changed. Please try again.' });

export async function revokeLink(ctx: UseCaseContext, dispatchId: string, unitId: string) {
  const { recipient } = await load(dispatchId, unitId);
  if (!recipient.tokenHash) return { unitId, revoked: false };
  const at = ctx.clock.now().toISOString();
  const done = await replaceLink({
    dispatchId,
    unitId,
    oldHash: recipient.tokenHash,
    otherHashes: recipient.linkHashes ?? [],
    next: null,
    at,
    audit: auditOf(ctx, 'link.revoked', { details: { unitId } }),
  });
  if (!done) throw raced();
  return { unitId, revoked: true, at };
}
