import { recordFirstOpen, findLink } from '../../shared/data/link-repo';
import { getDispatch } from '../../shared/data/dispatch-repo';
import { getRecipient } from '../../shared/data/recipient-repo';
import { hashToken, looksLikeToken } from '../../shared/domain/tokens';
import { httpHandler } from '../../shared/http/handler';
import { linkDispatchPage, linkInvalidPage } from '../../templates/pages/link';
import { z } from '../../shared/schemas/common';

const page = (status: number, body: string) => ({
  status,
  raw: { body, contentType: 'text/html; charset=utf-8' },
  headers: { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'" },
});

/**
 * The unit's emailed link. Any unknown, malformed or expired token gets the same page, so the
 * answer never tells what exists. Opening only records the first opening; it changes nothing else.
 */
export const handler = httpHandler('link-open', { params: z.object({ token: z.string().max(200) }) }, async ({ params }) => {
  const invalid = page(404, linkInvalidPage());
  if (!looksLikeToken(params.token)) return invalid;
  const link = await findLink(hashToken(params.token));
  if (!link || Date.parse(link.tokenExpiresAt) < Date.now()) return invalid;
  const [dispatch, recipient] = await Promise.all([getDispatch(link.dispatchId), getRecipient(link.dispatchId, link.unitId)]);
  if (!dispatch || !recipient || dispatch.state !== 'issued') return invalid;
  await recordFirstOpen(dispatch.id, recipient.unitId, new Date().toISOString());
  return page(
    200,
    linkDispatchPage({
      unitName: recipient.unitName,
      symbol: dispatch.symbol!,
      issuedOn: dispatch.issuedOn!,
      issuerName: dispatch.content.issuer.name,
      subject: dispatch.content.subject,
      requirements: dispatch.content.requirements.map(({ n, text, dueDate }) => ({ n, text, ...(dueDate ? { dueDate } : {}) })),
    }),
  );
});
