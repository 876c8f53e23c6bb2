import { describe, expect, it } from 'vitest';
import { matchesFilter, consumers } from '../../../functions/consumers';
import { digestRecipients, dispatchNoticeKind, dispatchNoticeRecipients, itDepartmentRecipients } from '../../../shared/domain/staff-notices';
import type { Person } from '../../../shared/schemas/person';

const person = (id: string, p: Partial<Person> = {}): Person => ({
  id,
  name: `Name ${id}`,
  position: 'Chuyên viên',
  agencyCode: 'TCTHADS',
  roles: ['clerk'],
  email: `${id}@thads.moj.gov.vn`,
  active: true,
  signingForms: [],
  overdueDigest: false,
  version: 1,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
  ...p,
});

const people = new Map(
  [
    person('clerk-a'),
    person('clerk-b'),
    person('clerk-gone', { active: false }),
    person('clerk-elsewhere', { agencyCode: 'CNTT' }),
    person('signer', { roles: ['signer'] }),
    person('signer-gone', { roles: ['signer'], active: false }),
  ].map((p) => [p.id, p]),
);
const parties = { agencyCode: 'TCTHADS', createdBy: 'clerk-a', drafters: ['clerk-a', 'clerk-b', 'clerk-gone', 'clerk-elsewhere'], signerUserId: 'signer' };
const ids = (ps: Person[]) => ps.map((p) => p.id);

describe('which lifecycle step is told', () => {
  it('submit, return and sign, each with the state it leads to; anything else is not', () => {
    expect(dispatchNoticeKind({ lastAction: 'submit', state: 'pending_signature' })).toBe('awaiting-signature');
    expect(dispatchNoticeKind({ lastAction: 'return', state: 'returned' })).toBe('returned');
    expect(dispatchNoticeKind({ lastAction: 'sign', state: 'signed' })).toBe('signed');
    expect(dispatchNoticeKind({ lastAction: 'withdraw', state: 'draft' })).toBeUndefined();
    expect(dispatchNoticeKind({ lastAction: 'issue', state: 'issued' })).toBeUndefined();
    expect(dispatchNoticeKind({ lastAction: 'submit', state: 'signed' })).toBeUndefined();
  });

  it('the consumer filter lets exactly those stream records through', () => {
    const filter = consumers.find((c) => c.id === 'staff-notifier')!.filter;
    const record = (eventName: string, lastAction: string, state: string) => ({
      eventName,
      dynamodb: { NewImage: { type: { S: 'Dispatch' }, lastAction: { S: lastAction }, state: { S: state } } },
    });
    expect(matchesFilter(filter, record('MODIFY', 'submit', 'pending_signature'))).toBe(true);
    expect(matchesFilter(filter, record('MODIFY', 'return', 'returned'))).toBe(true);
    expect(matchesFilter(filter, record('MODIFY', 'sign', 'signed'))).toBe(true);
    expect(matchesFilter(filter, record('MODIFY', 'issue', 'issued'))).toBe(false);
    expect(matchesFilter(filter, record('INSERT', 'submit', 'pending_signature'))).toBe(false);
    const reset = consumers.find((c) => c.id === 'reset-request-notifier')!.filter;
    expect(matchesFilter(reset, { eventName: 'INSERT', dynamodb: { NewImage: { type: { S: 'ResetRequest' }, status: { S: 'open' } } } })).toBe(true);
    expect(matchesFilter(reset, { eventName: 'MODIFY', dynamodb: { NewImage: { type: { S: 'ResetRequest' }, status: { S: 'open' } } } })).toBe(false);
  });
});

describe('who is told', () => {
  it('a letter awaiting signature: the named signer only, if active', () => {
    expect(ids(dispatchNoticeRecipients('awaiting-signature', parties, people))).toEqual(['signer']);
    expect(dispatchNoticeRecipients('awaiting-signature', { ...parties, signerUserId: 'signer-gone' }, people)).toEqual([]);
    expect(dispatchNoticeRecipients('awaiting-signature', { ...parties, signerUserId: 'nobody' }, people)).toEqual([]);
  });

  it('returned or signed: the active clerks of its agency who created or drafted it, each once', () => {
    for (const kind of ['returned', 'signed'] as const) {
      expect(ids(dispatchNoticeRecipients(kind, parties, people))).toEqual(['clerk-a', 'clerk-b']);
    }
    expect(ids(dispatchNoticeRecipients('signed', { ...parties, drafters: undefined }, people))).toEqual(['clerk-a']);
  });

  it('a reset request: every active person with the itdept role', () => {
    const all = [person('it-1', { roles: ['itdept'], agencyCode: 'CNTT' }), person('it-2', { roles: ['itdept'], active: false }), person('admin', { roles: ['admin'] })];
    expect(ids(itDepartmentRecipients(all))).toEqual(['it-1']);
  });

  it('the digest: active leaders who opted in', () => {
    const all = [
      person('leader-in', { roles: ['leader'], overdueDigest: true }),
      person('leader-out', { roles: ['leader'] }),
      person('leader-gone', { roles: ['leader'], overdueDigest: true, active: false }),
      person('clerk-in', { overdueDigest: true }),
    ];
    expect(ids(digestRecipients(all))).toEqual(['leader-in']);
  });
});
