import { AppError, conflict, forbidden } from '../errors';
import type { Role } from '../roles';
import type { DispatchState } from '../schemas/dispatch';

/**
 * The dispatch lifecycle: draft → pending_signature → signed → issued, with returned (the signer
 * sends it back with a comment) and recalled. Pure: it decides; the repository applies the decision
 * with a write conditioned on the same state and version, so a stale or repeated call changes nothing.
 */
export type DispatchAction = 'edit' | 'submit' | 'withdraw' | 'sign' | 'return' | 'issue' | 'recall';

interface Rule {
  from: readonly DispatchState[];
  to: DispatchState;
  roles: readonly Role[];
  /** Only the signer named in the dispatch may take this action. */
  namedSignerOnly?: boolean;
}

/**
 * Every action is taken by a person of the dispatch's own agency: its clerks draft, submit, issue and
 * recall only its letters, under its register; its signers sign only its letters. The Ministry above
 * may read them, never act for them.
 */

export const lifecycle: Record<DispatchAction, Rule> = {
  // Editing a returned dispatch puts it back into draft, so it must be submitted again.
  edit: { from: ['draft', 'returned'], to: 'draft', roles: ['clerk'] },
  submit: { from: ['draft', 'returned'], to: 'pending_signature', roles: ['clerk'] },
  // Taking back a letter that awaits signature (wrong signer, signer away or gone) to draft, to fix and resubmit.
  withdraw: { from: ['pending_signature'], to: 'draft', roles: ['clerk'] },
  sign: { from: ['pending_signature'], to: 'signed', roles: ['signer'], namedSignerOnly: true },
  return: { from: ['pending_signature'], to: 'returned', roles: ['signer'], namedSignerOnly: true },
  // Numbering and issuing is the clerical office's (Văn thư) act under Nghị định 30: not an administrator's.
  issue: { from: ['signed'], to: 'issued', roles: ['clerk'] },
  recall: { from: ['pending_signature', 'signed', 'issued'], to: 'recalled', roles: ['clerk'] },
};

export const stateNames: Record<DispatchState, { vi: string; en: string }> = {
  draft: { vi: 'dự thảo', en: 'draft' },
  pending_signature: { vi: 'chờ ký', en: 'pending signature' },
  signed: { vi: 'đã ký', en: 'signed' },
  issued: { vi: 'đã ban hành', en: 'issued' },
  returned: { vi: 'bị trả lại', en: 'returned' },
  recalled: { vi: 'đã thu hồi', en: 'recalled' },
};

const actionNames: Record<DispatchAction, { vi: string; en: string }> = {
  edit: { vi: 'sửa', en: 'edit' },
  submit: { vi: 'trình ký', en: 'submit for signature' },
  withdraw: { vi: 'rút lại', en: 'withdraw' },
  sign: { vi: 'ký', en: 'sign' },
  return: { vi: 'trả lại', en: 'return' },
  issue: { vi: 'ban hành', en: 'issue' },
  recall: { vi: 'thu hồi', en: 'recall' },
};

export interface LifecycleView {
  state: DispatchState;
  version: number;
  signerUserId: string;
  /** The issuing agency: every action is its own people's. */
  agencyCode: string;
  /** Who drafted, edited or submitted it: none of them may sign it. */
  drafters: readonly string[];
  /** The last action applied, so an exact repeat can be recognised and answered without a change. */
  lastAction?: DispatchAction;
}

export interface Caller {
  userId: string;
  roles: readonly Role[];
  agencyCode: string;
}

export type Decision = { kind: 'apply'; to: DispatchState } | { kind: 'replay' };

/**
 * Decides whether `action` may be applied by `caller` to a dispatch the caller last saw at `seenVersion`.
 * - apply: the write goes ahead, conditioned on (state, version).
 * - replay: this exact action was already applied on top of `seenVersion` (a double click or a retry);
 *   answer with the current dispatch and change nothing.
 */
export function decide(action: DispatchAction, current: LifecycleView, caller: Caller, seenVersion: number): Decision {
  const rule = lifecycle[action];
  if (!caller.roles.some((r) => rule.roles.includes(r))) {
    throw forbidden({
      vi: `Vai trò của bạn không được ${actionNames[action].vi} công văn.`,
      en: `Your role may not ${actionNames[action].en} a dispatch.`,
    });
  }
  if (caller.agencyCode !== current.agencyCode) {
    throw forbidden({
      vi: `Công văn này của cơ quan ${current.agencyCode}; chỉ người của cơ quan đó mới được ${actionNames[action].vi}.`,
      en: `This dispatch belongs to ${current.agencyCode}; only its own people may ${actionNames[action].en} it.`,
    });
  }
  if (rule.namedSignerOnly && caller.userId !== current.signerUserId) {
    throw forbidden({
      vi: `Chỉ người ký được chỉ định mới được ${actionNames[action].vi} công văn này.`,
      en: `Only the signer named in this dispatch may ${actionNames[action].en} it.`,
    });
  }
  // Separation of duties: who drafts a letter does not sign it, and who signs it does not number and issue it.
  if (action === 'sign' && current.drafters.includes(caller.userId)) {
    throw forbidden({
      vi: 'Người soạn thảo hoặc trình công văn không được tự ký công văn đó.',
      en: 'The person who drafted or submitted a dispatch may not also sign it.',
    });
  }
  if (action === 'issue' && caller.userId === current.signerUserId) {
    throw forbidden({
      vi: 'Người ký công văn không được tự cấp số và ban hành công văn đó.',
      en: 'The signer of a dispatch may not also number and issue it.',
    });
  }
  if (current.state === rule.to && current.lastAction === action && current.version === seenVersion + 1) {
    return { kind: 'replay' };
  }
  if (current.version !== seenVersion) {
    throw conflict(
      {
        vi: `Công văn đã thay đổi (phiên bản hiện tại ${current.version}, bạn gửi ${seenVersion}). Hãy tải lại rồi thử lại.`,
        en: `The dispatch has changed (current version ${current.version}, you sent ${seenVersion}). Reload and try again.`,
      },
      { state: current.state, version: current.version },
    );
  }
  if (!rule.from.includes(current.state)) {
    throw conflict(
      {
        vi: `Không thể ${actionNames[action].vi} công văn ở trạng thái "${stateNames[current.state].vi}".`,
        en: `Cannot ${actionNames[action].en} a dispatch that is ${stateNames[current.state].en}.`,
      },
      { state: current.state, version: current.version },
    );
  }
  return { kind: 'apply', to: rule.to };
}

const lostRaces = new WeakSet<Error>();

/** Thrown by the repository when the conditional write lost a race: someone changed the dispatch meanwhile. */
export const raceLost = (): AppError => {
  const error = conflict({
    vi: 'Công văn vừa được người khác thay đổi. Hãy tải lại rồi thử lại.',
    en: 'Someone else changed the dispatch just now. Reload and try again.',
  });
  lostRaces.add(error);
  return error;
};

/**
 * A lost race is not yet an answer: the winner may have applied this very action (two identical calls
 * at once), which the caller must see as a replay. The use case re-reads and decides again.
 */
export const isRaceLost = (error: unknown): boolean => error instanceof Error && lostRaces.has(error);
