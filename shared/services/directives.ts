import { citingDispatchIds, createDirective, dispatchStillIn, getDirective, replaceDirective } from '../data/directive-repo';
import { getDispatch, type DispatchRecord } from '../data/dispatch-repo';
import { directiveDateProblems } from '../domain/date-rules';
import { lifecycle, stateNames } from '../domain/lifecycle';
import { vietnamDate } from '../domain/time';
import { conflict, invalid, notFound } from '../errors';
import type { Directive, DirectiveInput } from '../schemas/directive';
import { auditOf, sha256, type UseCaseContext } from './context';

const directiveWord = { vi: 'văn bản đến', en: 'Directive' };

/** issuedOn ≤ receivedOn ≤ today (in Vietnam, by the use case's clock) and deadline ≥ issuedOn, else a 400 naming each wrong field. */
function checkDates(ctx: UseCaseContext, input: DirectiveInput, prefix = ''): void {
  const problems = directiveDateProblems(input, vietnamDate(ctx.clock.now()), prefix);
  if (problems.length) throw invalid(problems);
}

export async function registerDirective(ctx: UseCaseContext, input: DirectiveInput): Promise<Directive> {
  checkDates(ctx, input);
  const audit = auditOf(ctx, 'directive.register');
  return createDirective({ ...input, id: ctx.ids(), createdAt: audit.at, createdBy: ctx.actor.userId }, audit);
}

/** A directive with the dispatches that cite it (number, subject, state), newest first. */
export async function directiveWithDispatches(id: string) {
  const directive = await getDirective(id);
  if (!directive) throw notFound({ vi: 'văn bản đến', en: 'Directive' });
  const dispatches = (await Promise.all((await citingDispatchIds(id)).map(getDispatch)))
    .filter((d) => d !== undefined)
    .map((d) => ({ id: d.id, state: d.state, symbol: d.symbol, issuedOn: d.issuedOn, subject: d.content.subject, createdAt: d.createdAt }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return { ...directive, dispatches };
}

async function requireDirective(id: string): Promise<Directive> {
  const directive = await getDirective(id);
  if (!directive) throw notFound(directiveWord);
  return directive;
}

function checkVersion(current: Directive, seenVersion: number): void {
  if (current.version !== seenVersion) {
    throw conflict(
      {
        vi: `Văn bản đến đã thay đổi (phiên bản hiện tại ${current.version}, bạn gửi ${seenVersion}). Hãy tải lại rồi thử lại.`,
        en: `The directive has changed (current version ${current.version}, you sent ${seenVersion}). Reload and try again.`,
      },
      { state: current.state ?? 'registered', version: current.version },
    );
  }
}

function refuseIfWithdrawn(current: Directive, what: { vi: string; en: string }): void {
  if (current.state === 'withdrawn') {
    throw conflict(
      { vi: `Không thể ${what.vi} văn bản đến đã thu hồi.`, en: `Cannot ${what.en} a withdrawn directive.` },
      { state: 'withdrawn', version: current.version },
    );
  }
}

/** The dispatches citing a directive, as read now (a citation whose dispatch is gone is skipped). */
async function citingDispatches(directiveId: string): Promise<DispatchRecord[]> {
  return (await Promise.all((await citingDispatchIds(directiveId)).map(getDispatch))).filter((d): d is DispatchRecord => d !== undefined);
}

/** "05/TCTHADS-CNTT (đã ban hành)" or, before a number, the subject: how a clerk recognises a dispatch. */
const describeDispatch = (d: DispatchRecord, lang: 'vi' | 'en') => `${d.symbol ?? `V/v ${d.content.subject}`} (${stateNames[d.state][lang]})`;

function citedConflict(blocking: DispatchRecord[], text: { vi: string; en: string }) {
  return conflict(
    {
      vi: `${text.vi} ${blocking.map((d) => describeDispatch(d, 'vi')).join('; ')}.`,
      en: `${text.en} ${blocking.map((d) => describeDispatch(d, 'en')).join('; ')}.`,
    },
    { dispatches: blocking.map((d) => ({ id: d.id, state: d.state, ...(d.symbol ? { symbol: d.symbol } : {}) })) },
  );
}

const inputFields = ['number', 'symbol', 'issuedOn', 'issuingBody', 'subject', 'receivedOn', 'deadline', 'text'] as const satisfies readonly (keyof DirectiveInput)[];
const hashOf = (text: string | undefined) => (text === undefined ? null : `sha256:${sha256(text)}`);

/** At most this many citing dispatches are re-checked inside the write's transaction (DynamoDB's limit is 100 items). */
const MAX_GUARDS = 90;

/** Fields a signed or issued letter prints in its citation ("Văn bản số 2647/VPCP-KSTT ngày 31/7/2023 của Văn phòng Chính phủ"). */
const citedFields = ['number', 'symbol', 'issuedOn', 'issuingBody'] as const;

/**
 * A clerk's correction of a wrongly registered directive, on the version they saw. What signed or issued
 * letters print of it (số, ký hiệu, date, issuing body) cannot change once a letter citing it has left
 * the draft (only drafts and returned dispatches can still be edited): 409 naming those dispatches.
 */
export async function correctDirective(ctx: UseCaseContext, id: string, seenVersion: number, input: DirectiveInput): Promise<Directive> {
  const current = await requireDirective(id);
  checkVersion(current, seenVersion);
  refuseIfWithdrawn(current, { vi: 'sửa', en: 'correct' });
  checkDates(ctx, input, 'directive.');

  const changed = citedFields.filter((f) => current[f] !== input[f]);
  const citing = changed.length ? await citingDispatches(id) : [];
  const editable: readonly string[] = lifecycle.edit.from;
  const printed = citing.filter((d) => !editable.includes(d.state));
  if (printed.length) {
    throw citedConflict(printed, {
      vi: `Không thể sửa ${changed.join(', ')} của văn bản đến: các công văn sau đã trình ký, ký hoặc ban hành có trích dẫn văn bản này:`,
      en: `Cannot change ${changed.join(', ')} of the directive: these dispatches citing it have been submitted, signed or issued:`,
    });
  }
  const at = ctx.clock.now().toISOString();
  const next: Directive = {
    ...input,
    id,
    createdAt: current.createdAt,
    createdBy: current.createdBy,
    version: current.version + 1,
    state: 'registered',
    updatedAt: at,
    updatedBy: ctx.actor.userId,
  };
  // What changed, from what to what (the full text only by its hash: it may be long).
  const changes = Object.fromEntries(
    inputFields
      .filter((f) => current[f] !== input[f])
      .map((f) => [f, f === 'text' ? { from: hashOf(current.text), to: hashOf(input.text) } : { from: current[f] ?? null, to: input[f] ?? null }]),
  );
  await replaceDirective({
    current,
    next,
    // The drafts citing it must still be drafts when the change is written (a submit meanwhile is a conflict).
    guards: citing.slice(0, MAX_GUARDS).map((d) => dispatchStillIn(d.id, d.state, d.version)),
    audit: auditOf(ctx, 'directive.correct', { at, details: { changes, version: next.version } }),
  });
  return next;
}

/**
 * Withdraws a directive registered by mistake: kept for the record and readable by id, off the lists and
 * the citation pickers. Refused (409, listing them) while any dispatch other than a recalled one cites it:
 * the clerk first removes the citation from the drafts. A repeat of the same withdrawal (double click,
 * retry) answers with the withdrawn directive and changes nothing.
 */
export async function withdrawDirective(ctx: UseCaseContext, id: string, seenVersion: number, reason: string): Promise<{ directive: Directive; replayed: boolean }> {
  const current = await requireDirective(id);
  if (current.state === 'withdrawn' && current.version === seenVersion + 1) return { directive: current, replayed: true };
  checkVersion(current, seenVersion);
  refuseIfWithdrawn(current, { vi: 'thu hồi', en: 'withdraw' });

  const citing = await citingDispatches(id);
  const blocking = citing.filter((d) => d.state !== 'recalled');
  if (blocking.length) {
    throw citedConflict(blocking, {
      vi: 'Không thể thu hồi văn bản đến đang được trích dẫn; hãy bỏ trích dẫn khỏi các dự thảo trước:',
      en: 'Cannot withdraw a directive that is cited; remove the citation from the drafts first:',
    });
  }
  const at = ctx.clock.now().toISOString();
  const next: Directive = {
    ...current,
    version: current.version + 1,
    state: 'withdrawn',
    updatedAt: at,
    updatedBy: ctx.actor.userId,
    withdrawnAt: at,
    withdrawnBy: ctx.actor.userId,
    withdrawReason: reason,
  };
  await replaceDirective({
    current,
    next,
    guards: citing.slice(0, MAX_GUARDS).map((d) => dispatchStillIn(d.id, d.state, d.version)),
    audit: auditOf(ctx, 'directive.withdraw', { at, details: { reason, version: next.version } }),
  });
  return { directive: next, replayed: false };
}
