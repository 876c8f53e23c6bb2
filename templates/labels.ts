import type { DispatchState, ResponseKind, Role, SigningAuthority } from '../shared/domain/views/validated';
import type { TextKey } from './i18n';

/**
 * The label of each value the pages offer, in the order they offer them. Typed by the domain's names
 * for the values, so a value added to a schema or to the roles fails to compile here until it has a
 * label (and a label for a value that no longer exists fails too): the pages list what the kernel
 * accepts without importing it (templates import only domain types).
 */
export const stateLabels: Readonly<Record<DispatchState, TextKey>> = {
  draft: 'state_draft',
  pending_signature: 'state_pending_signature',
  signed: 'state_signed',
  issued: 'state_issued',
  returned: 'state_returned',
  recalled: 'state_recalled',
};

export const roleLabels: Readonly<Record<Role, TextKey>> = {
  clerk: 'role_clerk',
  signer: 'role_signer',
  leader: 'role_leader',
  itdept: 'role_itdept',
  admin: 'role_admin',
};

export const responseLabels: Readonly<Record<ResponseKind, TextKey>> = {
  acknowledge: 'response_acknowledge',
  report: 'response_report',
  accounts: 'response_accounts',
};

/** The signing forms as printed before the signer's title ("KT.", "TL.", …, Nghị định 30/2020). */
export const authorityLabels: Readonly<Record<SigningAuthority, string>> = { KT: 'KT.', TL: 'TL.', TUQ: 'TUQ.', Q: 'Q.', TM: 'TM.' };

/** A record's keys in its order, typed as the values they are. */
export const valuesOf = <K extends string>(labels: Readonly<Record<K, unknown>>): K[] => Object.keys(labels) as K[];
