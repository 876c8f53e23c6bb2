import { getAgency, listAgencies } from '../data/agency-repo';
import { getDirectives } from '../data/directive-repo';
import { loadDirectory } from '../data/directory-repo';
import { getPeople, getPerson } from '../data/people-repo';
import {
  applyTransition,
  createDispatch,
  editDraft,
  getDispatch,
  issueWithNextNumber,
  type DispatchRecord,
} from '../data/dispatch-repo';
import { issuerOf, readableAgencies, signatureFor } from '../domain/authority';
import { dueDatesBeforeIssue } from '../domain/date-rules';
import { decide, isRaceLost, type DispatchAction } from '../domain/lifecycle';
import { formatSymbolText } from '../domain/letter-format';
import { addresseeLine, expandRecipients } from '../domain/recipients';
import { vietnamDate, vietnamYear } from '../domain/time';
import { forbidden, invalid, notFound, type FieldError } from '../errors';
import type { Actor } from '../domain/actor';
import { signerChoiceOf, type DispatchContent, type DispatchInput } from '../schemas/dispatch';
import { auditOf, sha256, type UseCaseContext } from './context';
import { agenciesReadableBy, requireDispatch } from './dispatch-access';
import { linkExpiry } from './mailing';
import { openDispatchDelete } from '../data/open-dispatch-repo';
import { BusinessMetric, countBusiness } from '../metrics';
import { currentCorrelationId } from '../correlation';
import { logger } from '../logger';

/**
 * The signer's signature, made before a sign transition is written (signatures.ts provides it). Passed
 * in rather than imported so the other transitions' functions do not bundle the PDF renderer.
 */
export type SignStep = (current: DispatchRecord, at: Date) => Promise<{ signedPdfKey: string; signedPdfSha256: string }>;

// The gates (who may read or act on a dispatch) live in dispatch-access.ts, which every route's handler
// imports: kept apart so routes that never touch a dispatch do not bundle this module (issue 11).
export { agenciesReadableBy, guardDispatch, guardRegister, readableDispatch, requireDispatch } from './dispatch-access';

/**
 * Marks the letters awaiting a signer who is no longer active (or no longer a signer): they are stuck
 * until a clerk withdraws them to draft and chooses another signer, so lists and pages say so.
 */
export async function withSignerState<T extends DispatchRecord>(items: readonly T[]): Promise<(T & { signerInactive?: boolean })[]> {
  const waiting = items.filter((d) => d.state === 'pending_signature');
  if (!waiting.length) return [...items];
  const people = await getPeople(waiting.map((d) => d.content.signer.userId));
  return items.map((d) => {
    if (d.state !== 'pending_signature') return d;
    const signer = people.get(d.content.signer.userId);
    return signer?.active && signer.roles.includes('signer') ? d : { ...d, signerInactive: true };
  });
}

/** The caller's agency, which must be active: the issuer of everything they draft. */
async function ownAgency(ctx: UseCaseContext) {
  const agency = await getAgency(ctx.actor.agencyCode);
  if (!agency?.active) {
    throw forbidden({ vi: `Cơ quan ${ctx.actor.agencyCode} không ban hành văn bản.`, en: `Agency ${ctx.actor.agencyCode} does not issue letters.` });
  }
  return agency;
}

/**
 * The stored content for a clerk's input: the issuer from the agency's record, the signature block from
 * the chosen signer's record, refused (400 naming the signer) when that person may not sign it.
 */
async function contentOf(input: DispatchInput, agencyCode: string, drafters: readonly string[], prefix: string): Promise<DispatchContent> {
  const agency = await getAgency(agencyCode);
  if (!agency) throw notFound({ vi: `cơ quan ${agencyCode}`, en: `Agency ${agencyCode}` });
  const { signer: choice, ...letter } = input;
  const chosen = signatureFor(choice, await getPerson(choice.personId), agencyCode, drafters, `${prefix}signer`);
  if ('problem' in chosen) throw invalid([chosen.problem]);
  return { ...letter, issuer: issuerOf(agency), signer: chosen.signer };
}

/**
 * Before the letter goes to (or is signed by) its signer: the person must still be an active signer of
 * the agency in the chosen form, and not one of its drafters.
 */
async function checkSigner(d: DispatchRecord, drafters: readonly string[]): Promise<void> {
  const chosen = signatureFor(signerChoiceOf(d.content), await getPerson(d.content.signer.userId), d.agencyCode, drafters);
  if ('problem' in chosen) throw invalid([chosen.problem]);
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

/** The content a draft would be saved with (the preview shows it without saving). */
export async function draftContent(ctx: UseCaseContext, input: DispatchInput): Promise<DispatchContent> {
  const agency = await ownAgency(ctx);
  return contentOf(input, agency.code, [ctx.actor.userId], '');
}

/** `details`: what the creation's audit event records besides the content's hash (e.g. the dispatch it was copied from). */
export async function createDraft(ctx: UseCaseContext, input: DispatchInput, details?: Record<string, unknown>): Promise<DispatchRecord> {
  const agency = await ownAgency(ctx);
  const drafters = [ctx.actor.userId];
  const content = await contentOf(input, agency.code, drafters, '');
  await checkReferences(content, '');
  const at = ctx.clock.now().toISOString();
  const hash = contentHash(content);
  const record: DispatchRecord = {
    id: ctx.ids(),
    state: 'draft',
    version: 1,
    agencyCode: agency.code,
    content,
    contentHash: hash,
    createdAt: at,
    createdBy: ctx.actor.userId,
    createdByName: ctx.actor.name,
    drafters,
    updatedAt: at,
    stats: { recipients: 0, mailSent: 0, mailFailed: 0 },
  };
  await createDispatch(record, auditOf(ctx, 'create', { at, documentHash: hash, ...(details ? { details } : {}) }));
  return record;
}

export async function updateDraft(ctx: UseCaseContext, id: string, seenVersion: number, input: DispatchInput): Promise<DispatchRecord> {
  const current = await requireDispatch(id);
  const decision = decide('edit', viewOf(current), ctx.actor, seenVersion);
  const drafters = withDrafter(current, ctx.actor.userId);
  const content = await contentOf(input, current.agencyCode, drafters, 'content.');
  if (decision.kind === 'replay' && sameContent(current, content)) return current;
  await checkReferences(content, 'content.');
  const hash = contentHash(content);
  return editDraft(current, content, hash, drafters, auditOf(ctx, 'edit', { documentHash: hash }));
}

const withDrafter = (d: DispatchRecord, userId: string) => [...new Set([...draftersOf(d), userId])];
const draftersOf = (d: DispatchRecord) => d.drafters ?? [d.createdBy];

const sameContent = (d: DispatchRecord, content: DispatchContent) => d.contentHash === contentHash(content);

const viewOf = (d: DispatchRecord) => ({
  state: d.state,
  version: d.version,
  signerUserId: d.content.signer.userId,
  agencyCode: d.agencyCode,
  drafters: draftersOf(d),
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
  return replayIfRaceLostTo(ctx, id, action, seenVersion, () => applyAction(ctx, id, action, seenVersion, comment, signStep));
}

/**
 * Two identical calls at the same moment both decide "apply"; one write wins and the other's condition
 * fails. The loser reads the dispatch again: if the winner applied this same action on the version the
 * caller saw, the loser's answer is the documented replay (200, `x-idempotent-replay`), not a 409.
 */
async function replayIfRaceLostTo(
  ctx: UseCaseContext,
  id: string,
  action: Exclude<DispatchAction, 'edit'>,
  seenVersion: number,
  attempt: () => Promise<{ dispatch: DispatchRecord; replayed: boolean }>,
): Promise<{ dispatch: DispatchRecord; replayed: boolean }> {
  try {
    return await attempt();
  } catch (error) {
    if (!isRaceLost(error)) throw error;
    const now = await requireDispatch(id);
    if (decide(action, viewOf(now), ctx.actor, seenVersion).kind === 'replay') return { dispatch: now, replayed: true };
    throw error;
  }
}

async function applyAction(
  ctx: UseCaseContext,
  id: string,
  action: Exclude<DispatchAction, 'edit' | 'issue'>,
  seenVersion: number,
  comment?: string,
  signStep?: SignStep,
): Promise<{ dispatch: DispatchRecord; replayed: boolean }> {
  const current = await requireDispatch(id);
  const decision = decide(action, viewOf(current), ctx.actor, seenVersion);
  if (decision.kind === 'replay') return { dispatch: current, replayed: true };
  const drafters = action === 'submit' ? withDrafter(current, ctx.actor.userId) : draftersOf(current);
  // The chosen signer must still be able to sign when the letter reaches them, and when they sign it.
  if (action === 'submit' || action === 'sign') await checkSigner(current, drafters);
  const now = ctx.clock.now();
  // A letter whose deadline has already passed does not go to the signer: it could only be issued today or later.
  if (action === 'submit') refuseDueDatesBefore(current.content, vietnamDate(now));
  const at = now.toISOString();
  // The signer's signature is applied here, with their own key, so approving and signing are one act.
  const signed = action === 'sign' ? await signStep!(current, now) : undefined;
  const set: Partial<DispatchRecord> =
    action === 'sign'
      ? { signedAt: at, signedBy: ctx.actor.userId, signedByName: ctx.actor.name, ...signed }
      : action === 'return'
        ? { returnComment: comment }
        : action === 'recall'
          ? { recallReason: comment }
          : action === 'withdraw'
            ? { withdrawComment: comment }
            : action === 'submit'
              ? { drafters }
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
    // A recalled letter leaves the open set with the recall: no reminder walk or closing sees it again.
    ...(action === 'recall' && current.state === 'issued' ? { extra: [openDispatchDelete(current.id)] } : {}),
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
  return replayIfRaceLostTo(ctx, id, 'issue', seenVersion, () => issueOnce(ctx, id, seenVersion));
}

async function issueOnce(ctx: UseCaseContext, id: string, seenVersion: number): Promise<{ dispatch: DispatchRecord; replayed: boolean }> {
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
    issuedBy: { userId: ctx.actor.userId, name: ctx.actor.name },
    closesAt: linkExpiry({ ...current, issuedOn }).toISOString(),
    correlationId: currentCorrelationId(),
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
  countBusiness(BusinessMetric.DispatchesIssued);
  // The first line of the dispatch's trail: its stream consumers and mail log under the same correlation id.
  logger.info('dispatch issued', { dispatchId: dispatch.id, symbol: dispatch.symbol });
  return { dispatch, replayed: false };
}
