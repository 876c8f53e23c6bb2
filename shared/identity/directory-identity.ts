import { roles, type Role } from '../roles';
import type { Person } from '../schemas/person';

/**
 * The sign-in accounts that mirror the people of the directory (Cognito in AWS). The directory record is
 * the truth; this port is what the `people-identity-sync` consumer (functions/events/people-identity-sync.ts)
 * drives to make an account match it. Username = person id; groups = roles (shared/roles.ts).
 */
export interface IdentityAccount {
  enabled: boolean;
  /** The account's attributes by name (`email`, `custom:agency`, …). */
  attributes: Readonly<Record<string, string>>;
}

export interface IdentityDirectory {
  /** The account, or undefined when there is none. */
  getAccount(username: string): Promise<IdentityAccount | undefined>;
  /** Creates the account and sends the invitation e-mail (a temporary password the person replaces). */
  createAccount(username: string, attributes: Record<string, string>): Promise<'created' | 'exists'>;
  setAttributes(username: string, attributes: Record<string, string>): Promise<void>;
  groupsOf(username: string): Promise<string[]>;
  addToGroup(username: string, group: string): Promise<void>;
  removeFromGroup(username: string, group: string): Promise<void>;
  enable(username: string): Promise<void>;
  disable(username: string): Promise<void>;
}

/** The custom attribute that carries a person's agency (declared on the user pool in infra/aws/auth.ts). */
export const AGENCY_ATTRIBUTE = 'custom:agency';

export type IdentityChange =
  | { op: 'create' }
  | { op: 'attributes'; names: string[] }
  | { op: 'addGroup' | 'removeGroup'; group: Role }
  | { op: 'enable' | 'disable' };

const wantedAttributes = (person: Pick<Person, 'email' | 'agencyCode'>): Record<string, string> => ({
  email: person.email,
  // An administrator set this address: the person is not asked to confirm it before signing in.
  email_verified: 'true',
  [AGENCY_ATTRIBUTE]: person.agencyCode,
});

/**
 * Makes the account of `person` match the record, and returns what it changed. Idempotent: it reads the
 * account first and changes only what differs, so a retry (or a second delivery of the same stream
 * record) changes nothing twice. Groups that are not roles are left alone (an operator's own groups).
 * A person who is not active and has no account gets none (no invitation for someone deactivated).
 */
export async function syncIdentity(port: IdentityDirectory, person: Pick<Person, 'id' | 'email' | 'agencyCode' | 'roles' | 'active'>): Promise<IdentityChange[]> {
  const changes: IdentityChange[] = [];
  const wanted = wantedAttributes(person);
  let account = await port.getAccount(person.id);
  if (!account) {
    if (!person.active) return changes;
    if ((await port.createAccount(person.id, wanted)) === 'created') changes.push({ op: 'create' });
    account = await port.getAccount(person.id);
    if (!account) throw new Error(`identity account ${person.id} was created but cannot be read back`);
  }

  const differing = Object.entries(wanted).filter(([name, value]) => account.attributes[name] !== value);
  if (differing.length) {
    await port.setAttributes(person.id, Object.fromEntries(differing));
    changes.push({ op: 'attributes', names: differing.map(([name]) => name) });
  }

  const current = new Set(await port.groupsOf(person.id));
  for (const role of roles) {
    const want = person.roles.includes(role);
    if (want && !current.has(role)) {
      await port.addToGroup(person.id, role);
      changes.push({ op: 'addGroup', group: role });
    } else if (!want && current.has(role)) {
      await port.removeFromGroup(person.id, role);
      changes.push({ op: 'removeGroup', group: role });
    }
  }

  if (person.active && !account.enabled) {
    await port.enable(person.id);
    changes.push({ op: 'enable' });
  } else if (!person.active && account.enabled) {
    await port.disable(person.id);
    changes.push({ op: 'disable' });
  }
  return changes;
}
