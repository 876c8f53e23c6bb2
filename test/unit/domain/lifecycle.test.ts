import { describe, expect, it } from 'vitest';
import { decide, type LifecycleView } from '../../../shared/domain/lifecycle';
import { AppError } from '../../../shared/errors';

const clerk = { userId: 'u-clerk', roles: ['clerk'] as const, agencyCode: 'TCTHADS' };
const signer = { userId: 'u-signer', roles: ['signer'] as const, agencyCode: 'TCTHADS' };
const otherSigner = { userId: 'u-other', roles: ['signer'] as const, agencyCode: 'TCTHADS' };
const otherAgencyClerk = { userId: 'u-clerk-cntt', roles: ['clerk'] as const, agencyCode: 'CNTT' };
const view = (state: LifecycleView['state'], version: number, lastAction?: LifecycleView['lastAction']): LifecycleView => ({
  state,
  version,
  signerUserId: 'u-signer',
  agencyCode: 'TCTHADS',
  drafters: ['u-clerk'],
  ...(lastAction ? { lastAction } : {}),
});

const errorOf = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected an error');
};

describe('dispatch lifecycle', () => {
  it('walks draft → pending_signature → signed → issued', () => {
    expect(decide('submit', view('draft', 1), clerk, 1)).toEqual({ kind: 'apply', to: 'pending_signature' });
    expect(decide('sign', view('pending_signature', 2), signer, 2)).toEqual({ kind: 'apply', to: 'signed' });
    expect(decide('issue', view('signed', 3), clerk, 3)).toEqual({ kind: 'apply', to: 'issued' });
  });

  it('lets the named signer return a dispatch, and a returned one be edited back to draft', () => {
    expect(decide('return', view('pending_signature', 2), signer, 2)).toEqual({ kind: 'apply', to: 'returned' });
    expect(decide('edit', view('returned', 3), clerk, 3)).toEqual({ kind: 'apply', to: 'draft' });
  });

  it('refuses a signer who is not the one named in the dispatch', () => {
    const e = errorOf(() => decide('sign', view('pending_signature', 2), otherSigner, 2));
    expect(e.code).toBe('forbidden');
    expect(e.text.vi).toContain('người ký được chỉ định');
  });

  it('refuses roles that may not take the action', () => {
    expect(errorOf(() => decide('issue', view('signed', 3), signer, 3)).code).toBe('forbidden');
    // Only the clerical office numbers and issues; an administrator may not.
    expect(errorOf(() => decide('issue', view('signed', 3), { userId: 'u-admin', roles: ['admin'] as const, agencyCode: 'TCTHADS' }, 3)).code).toBe('forbidden');
    expect(errorOf(() => decide('sign', view('pending_signature', 2), clerk, 2)).code).toBe('forbidden');
  });

  it('refuses a stale version with the current state and version', () => {
    const e = errorOf(() => decide('submit', view('draft', 4), clerk, 3));
    expect(e.code).toBe('conflict');
    expect(e.details).toEqual({ state: 'draft', version: 4 });
  });

  it('refuses a transition from the wrong state and says which state it is in', () => {
    const e = errorOf(() => decide('issue', view('draft', 1), clerk, 1));
    expect(e.code).toBe('conflict');
    expect(e.text.vi).toContain('dự thảo');
    expect(e.text.en).toContain('draft');
  });

  it('recognises an exact repeat of the last action as a replay that changes nothing', () => {
    expect(decide('issue', view('issued', 4, 'issue'), clerk, 3)).toEqual({ kind: 'replay' });
    expect(decide('sign', view('signed', 3, 'sign'), signer, 2)).toEqual({ kind: 'replay' });
    // The same action seen at an older version is not a replay: it is stale.
    expect(errorOf(() => decide('issue', view('issued', 4, 'issue'), clerk, 2)).code).toBe('conflict');
  });

  it('allows recall of an issued dispatch but never of a draft', () => {
    expect(decide('recall', view('issued', 4), clerk, 4)).toEqual({ kind: 'apply', to: 'recalled' });
    expect(errorOf(() => decide('recall', view('draft', 1), clerk, 1)).code).toBe('conflict');
  });

  it('lets a clerk take a dispatch awaiting signature back to draft, and nothing else', () => {
    expect(decide('withdraw', view('pending_signature', 2), clerk, 2)).toEqual({ kind: 'apply', to: 'draft' });
    expect(errorOf(() => decide('withdraw', view('signed', 3), clerk, 3)).code).toBe('conflict');
    expect(errorOf(() => decide('withdraw', view('pending_signature', 2), signer, 2)).code).toBe('forbidden');
  });

  it("refuses every action to another agency's people, whatever their role", () => {
    for (const [action, state, version] of [
      ['edit', 'draft', 1],
      ['submit', 'draft', 1],
      ['withdraw', 'pending_signature', 2],
      ['issue', 'signed', 3],
      ['recall', 'issued', 4],
    ] as const) {
      const e = errorOf(() => decide(action, view(state, version), otherAgencyClerk, version));
      expect(e.code, action).toBe('forbidden');
      expect(e.text.vi).toContain('TCTHADS');
    }
    const foreignSigner = { userId: 'u-signer', roles: ['signer'] as const, agencyCode: 'CNTT' };
    expect(errorOf(() => decide('sign', view('pending_signature', 2), foreignSigner, 2)).code).toBe('forbidden');
  });

  it('keeps duties apart: who drafted does not sign, who signed does not issue', () => {
    const drafterSigner = { userId: 'u-clerk', roles: ['clerk', 'signer'] as const, agencyCode: 'TCTHADS' };
    const drafted = { ...view('pending_signature', 2), signerUserId: 'u-clerk' };
    expect(errorOf(() => decide('sign', drafted, drafterSigner, 2)).text.en).toContain('may not also sign');
    const signerClerk = { userId: 'u-signer', roles: ['clerk', 'signer'] as const, agencyCode: 'TCTHADS' };
    expect(errorOf(() => decide('issue', view('signed', 3), signerClerk, 3)).text.en).toContain('may not also number and issue');
  });
});
