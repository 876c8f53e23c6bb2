import { getDirectives } from '../data/directive-repo';
import { loadDirectory } from '../data/directory-repo';
import {
  applyTransition,
  createDispatch,
  editDraft,
  getDispatch,
  issueWithNextNumber,
  type DispatchRecord,
} from '../data/dispatch-repo';
import { dueDatesBeforeIssue } from '../domain/date-rules';
import { decide, type DispatchAction } from '../domain/lifecycle';
import { formatSymbolText } from '../domain/letter-format';
import { addresseeLine, expandRecipients } from '../domain/recipients';
import { vietnamDate, vietnamYear } from '../domain/time';
import { invalid, notFound, type FieldError } from '../errors';
import type { DispatchContent } from '../schemas/dispatch';
import { auditOf, sha256, type UseCaseContext } from './context';

/**
 * The signer's signature, made before a sign transition is written (signatures.ts provides it). Passed
 * in rather than imported so the other transitions' functions do not bundle the PDF renderer.
 */
export type SignStep = (current: DispatchRecord, at: Date) => Promise<{ signedPdfKey: string; signedPdfSha256: string }>;

const dispatchWord = { vi: 'công văn', en: 'Dispatch' };

export async function requireDispatch(id: string): Promise<DispatchRecord> {
  const dispatch = await getDispatch(id);
  if (!dispatch) throw notFound(dispatchWord);
  return dispatch;
}

/** Every id a dispatch refers to must exist: cited directives, addressed units and groups, copied units. */
async function checkReferences(content: DispatchContent, prefix: string): Promise<void> {
  const [directives, directory] = await Promise.all([getDirectives(content.citations), loadDirectory()]);
  // A withdrawn directive (registered by mistake) can no longer be cited.
  const found = new Set(directives.filter((d) => d.state !== 'withdrawn').map((d) => d.id));
  const fields: FieldError[] = content.citations
    .map((id, i) => ({ id, i }))
    .filter(({ id }) => !found.has(id))
    .map(({ id, i }) => ({
      field: `${prefix}citations.${i}`,
      vi: `${prefix}citations.${i}: không có văn bản đến "${id}"`,
      en: `${prefix}citations.${i}: no incoming directive "${id}"`,
    }));
  const { problems } = expandRecipients(content.addressees, content.copies, directory);
  for (const p of problems) {
    const what =
      p.missing === 'group'
        ? { vi: `không có nhóm "${p.id}"`, en: `no group "${p.id}"` }
        : p.missing === 'inactive'
          ? { vi: `đơn vị "${p.id}" đã ngừng hoạt động`, en: `unit "${p.id}" is inactive` }
          : { vi: `không có đơn vị "${p.id}"`, en: `no unit "${p.id}"` };
    fields.push({ field: `${prefix}${p.field}`, vi: `${prefix}${p.field}: ${what.vi}`, en: `${prefix}${p.field}: ${what.en}` });
  }
  if (fields.length) throw invalid(fields);
}

const contentHash = (content: DispatchContent) => sha256(JSON.stringify(content));

export async function createDraft(ctx: UseCaseContext, content: DispatchContent): Promise<DispatchRecord> {
  await checkReferences(content, '');
  const at = ctx.clock.now().toISOString();
  const hash = contentHash(content);
  const record: DispatchRecord = {
    id: ctx.ids(),
    state: 'draft',
    version: 1,
    content,
    contentHash: hash,
    createdAt: at,
    createdBy: ctx.actor.userId,
    updatedAt: at,
    stats: { recipients: 0, mailSent: 0, mailFailed: 0 },
  };
  await createDispatch(record, auditOf(ctx, 'create', { at, documentHash: hash }));
  return record;
}

export async function updateDraft(ctx: UseCaseContext, id: string, seenVersion: number, content: DispatchContent): Promise<DispatchRecord> {
  const current = await requireDispatch(id);
  if (decide('edit', viewOf(current), ctx.actor, seenVersion).kind === 'replay' && sameContent(current, content)) return current;
  await checkReferences(content, 'content.');
  const hash = contentHash(content);
  return editDraft(current, content, hash, auditOf(ctx, 'edit', { documentHash: hash }));
}

const sameContent = (d: DispatchRecord, content: DispatchContent) => d.contentHash === contentHash(content);

const viewOf = (d: DispatchRecord) => ({
  state: d.state,
  version: d.version,
  signerUserId: d.content.signer.userId,
  ...(d.lastAction ? { lastAction: d.lastAction } : {}),
});

/** submit / sign / return / recall: decide on the current record, then apply conditionally. */
export async function transition(
  ctx: UseCaseContext,
  id: string,
  action: Exclude<DispatchAction, 'edit' | 'issue'>,
  seenVersion: number,
  comment?: string,
  signStep?: SignStep,
): Promise<{ dispatch: DispatchRecord; replayed: boolean }> {
  if (action === 'sign' && !signStep) throw new Error('A sign transition needs its signing step');
  const current = await requireDispatch(id);
  const decision = decide(action, viewOf(current), ctx.actor, seenVersion);
  if (decision.kind === 'replay') return { dispatch: current, replayed: true };
  const now = ctx.clock.now();
  // A letter whose deadline has already passed does not go to the signer: it could only be issued today or later.
  if (action === 'submit') refuseDueDatesBefore(current.content, vietnamDate(now));
  const at = now.toISOString();
  // The signer's signature is applied here, with their own key, so approving and signing are one act.
  const signed = action === 'sign' ? await signStep!(current, now) : undefined;
  const set: Partial<DispatchRecord> =
    action === 'sign'
      ? { signedAt: at, signedBy: ctx.actor.userId, ...signed }
      : action === 'return'
        ? { returnComment: comment }
        : action === 'recall'
          ? { recallReason: comment }
          : {};
  const dispatch = await applyTransition({
    current,
    action,
    to: decision.to,
    set,
    audit: auditOf(ctx, action, {
      at,
      documentHash: signed?.signedPdfSha256 ?? current.pdfSha256 ?? current.contentHash,
      ...(comment ? { details: { comment } } : signed ? { details: { signedPdfKey: signed.signedPdfKey } } : {}),
    }),
  });
  return { dispatch, replayed: false };
}

function refuseDueDatesBefore(content: DispatchContent, issuedOn: string): void {
  const late = dueDatesBeforeIssue(content.requirements, issuedOn);
  if (late.length) throw invalid(late);
}

/**
 * Issue: the next number of the issuer's register for the current year in Vietnam, the issue date,
 * and the register row, all in one transaction. Rendering, storing the PDF and mailing the units
 * follow from the stream (functions/events), off the request path.
 */
export async function issue(ctx: UseCaseContext, id: string, seenVersion: number): Promise<{ dispatch: DispatchRecord; replayed: boolean }> {
  const current = await requireDispatch(id);
  const decision = decide('issue', viewOf(current), ctx.actor, seenVersion);
  if (decision.kind === 'replay') return { dispatch: current, replayed: true };

  const now = ctx.clock.now();
  const issuedOn = vietnamDate(now);
  const year = vietnamYear(now);
  const { content } = current;
  // Before anything is written: no number is taken for a letter due before the day it goes out.
  refuseDueDatesBefore(content, issuedOn);
  const directory = await loadDirectory();
  const recipientsText = [
    ...content.addressees.map((a) => addresseeLine(a, directory)),
    ...content.copies.map((c) => (c.purpose ? `${c.label} (${c.purpose})` : c.label)),
  ].join('; ');

  const dispatch = await issueWithNextNumber({
    current,
    year,
    issuedOn,
    symbolFor: (n) => formatSymbolText({ number: n, issuerCode: content.issuer.code, draftingUnit: content.draftingUnit }),
    registerEntry: (n, symbol) => ({
      issuerCode: content.issuer.code,
      year,
      number: n,
      symbol,
      issuedOn,
      documentType: 'Công văn',
      subject: `V/v ${content.subject}`,
      signer: content.signer.name,
      recipients: recipientsText,
      // The register's column is the units keeping the file copy; "Lưu:" is the letter's wording, not data.
      archive: content.archive.join(', '),
      copies: 1 + content.archive.length,
      dispatchId: current.id,
    }),
    audit: (n, symbol) => auditOf(ctx, 'issue', { at: now.toISOString(), documentHash: current.contentHash, details: { number: n, symbol } }),
  });
  return { dispatch, replayed: false };
}
