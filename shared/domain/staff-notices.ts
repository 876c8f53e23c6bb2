import type { Person } from '../schemas/person';
import type { DispatchAction } from './lifecycle';

/**
 * Who is told what (§6 "Staff are told"). Pure: the service loads the dispatch's image and the people,
 * these rules choose the addressees. Inactive people and people without an address are never written to.
 */
export type DispatchNoticeKind = 'awaiting-signature' | 'returned' | 'signed';

/** The lifecycle step a notice is about, and the state the dispatch is in right after it. */
export const dispatchNotices: Record<DispatchNoticeKind, { action: DispatchAction; state: string }> = {
  'awaiting-signature': { action: 'submit', state: 'pending_signature' },
  returned: { action: 'return', state: 'returned' },
  signed: { action: 'sign', state: 'signed' },
};

export function dispatchNoticeKind(image: { lastAction?: unknown; state?: unknown }): DispatchNoticeKind | undefined {
  return (Object.keys(dispatchNotices) as DispatchNoticeKind[]).find((k) => dispatchNotices[k].action === image.lastAction && dispatchNotices[k].state === image.state);
}

export interface DispatchParties {
  agencyCode: string;
  createdBy: string;
  drafters?: readonly string[] | undefined;
  signerUserId: string;
}

const reachable = (p: Person | undefined): p is Person => !!p && p.active && !!p.email;

/**
 * The people a dispatch notice goes to: the named signer when it awaits them; its clerks (who created,
 * drafted or submitted it, still clerks of its agency) when it is returned or signed. Each once.
 */
export function dispatchNoticeIds(kind: DispatchNoticeKind, d: DispatchParties): string[] {
  if (kind === 'awaiting-signature') return [d.signerUserId];
  return [...new Set([d.createdBy, ...(d.drafters ?? [])])].filter((id) => id !== d.signerUserId);
}

export function dispatchNoticeRecipients(kind: DispatchNoticeKind, d: DispatchParties, people: ReadonlyMap<string, Person>): Person[] {
  return dispatchNoticeIds(kind, d)
    .map((id) => people.get(id))
    .filter(reachable)
    .filter((p) => p.agencyCode === d.agencyCode)
    .filter((p) => (kind === 'awaiting-signature' ? p.roles.includes('signer') : p.roles.includes('clerk')));
}

/** A unit's reset request goes to the IT Department: every active person with the itdept role. */
export const itDepartmentRecipients = (people: readonly Person[]): Person[] => people.filter((p) => reachable(p) && p.roles.includes('itdept'));

/** The daily digest of overdue units: active leaders who opted in. */
export const digestRecipients = (people: readonly Person[]): Person[] => people.filter((p) => reachable(p) && p.roles.includes('leader') && p.overdueDigest);
