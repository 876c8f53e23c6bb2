import { deleteDraftRecord } from '../data/draft-delete-repo';
import type { DispatchRecord } from '../data/dispatch-repo';
import { checkDraftDelete } from '../domain/draft-rules';
import { signerChoiceOf, type DispatchInput } from '../schemas/dispatch';
import { auditOf, type UseCaseContext } from './context';
import { createDraft, requireDispatch } from './dispatches';

/**
 * A clerk's two housekeeping acts on drafts: start a new draft from any dispatch of their agency (its
 * content and recipients; a new id, no number, date, signature or file), and delete a draft.
 */

/** What a clerk would have typed for `source`: its content without the issuer (taken again from the agency's record). */
export function inputOf(source: DispatchRecord): DispatchInput {
  const { issuer: _issuer, signer: _signer, ...letter } = source.content;
  return { ...letter, signer: signerChoiceOf(source.content) };
}

/**
 * The copy is saved as a new draft with the same checks as one typed in (the signer still a signer,
 * every cited directive and addressed unit still there); its creation's audit event names the source.
 */
export async function copyToDraft(ctx: UseCaseContext, sourceId: string): Promise<DispatchRecord> {
  const source = await requireDispatch(sourceId);
  return createDraft(ctx, inputOf(source), { copiedFrom: source.id, ...(source.symbol ? { copiedFromSymbol: source.symbol } : {}) });
}

export async function deleteDraft(ctx: UseCaseContext, id: string, seenVersion: number): Promise<{ id: string; deleted: true }> {
  const current = await requireDispatch(id);
  checkDraftDelete(current, ctx.actor, seenVersion);
  await deleteDraftRecord(current, auditOf(ctx, 'delete', { documentHash: current.contentHash, details: { subject: current.content.subject } }));
  return { id, deleted: true };
}
