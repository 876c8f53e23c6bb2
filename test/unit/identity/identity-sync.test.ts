import { describe, expect, it } from 'vitest';
import { AGENCY_ATTRIBUTE, syncIdentity, type IdentityDirectory } from '../../../shared/identity/directory-identity';
import type { Person } from '../../../shared/schemas/person';
import { memoryUserPool } from '../../support/memory-user-pool';

/** The in-memory user pool of test/support: enough to check what the sync asks Cognito to do. */
const fakeDirectory = memoryUserPool;

const person = (over: Partial<Person> = {}) => ({ id: 'u-a', email: 'a@thads.moj.gov.vn', agencyCode: 'TCTHADS', roles: ['clerk'] as Person['roles'], active: true, ...over });

describe('syncIdentity', () => {
  it('creates a missing account with the invitation, agency attribute and role groups', async () => {
    const { port, calls, accounts } = fakeDirectory();
    const changes = await syncIdentity(port, person({ roles: ['clerk', 'leader'] }));
    expect(calls).toEqual(['create u-a', 'add u-a clerk', 'add u-a leader']);
    expect(changes.map((c) => c.op)).toEqual(['create', 'addGroup', 'addGroup']);
    expect(accounts.get('u-a')!.attributes).toEqual({ email: 'a@thads.moj.gov.vn', email_verified: 'true', [AGENCY_ATTRIBUTE]: 'TCTHADS' });
  });

  it('is idempotent: a second run (a retried stream record) changes nothing', async () => {
    const { port, calls } = fakeDirectory();
    await syncIdentity(port, person());
    calls.length = 0;
    expect(await syncIdentity(port, person())).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('moves groups to the roles, updates agency and e-mail, and leaves non-role groups alone', async () => {
    const { port, calls } = fakeDirectory({
      'u-a': { enabled: true, attributes: { email: 'old@x.vn', email_verified: 'true', [AGENCY_ATTRIBUTE]: 'CNTT' }, groups: ['clerk', 'ops-breakglass'] },
    });
    await syncIdentity(port, person({ roles: ['signer'] }));
    expect(calls).toEqual([`attributes u-a email,${AGENCY_ATTRIBUTE}`, 'remove u-a clerk', 'add u-a signer']);
  });

  it('disables a deactivated person and enables them again, once', async () => {
    const { port, calls } = fakeDirectory();
    await syncIdentity(port, person());
    calls.length = 0;
    await syncIdentity(port, person({ active: false }));
    await syncIdentity(port, person({ active: false }));
    await syncIdentity(port, person());
    expect(calls).toEqual(['disable u-a', 'enable u-a']);
  });

  it('does not invite someone who is not active', async () => {
    const { port, calls } = fakeDirectory();
    expect(await syncIdentity(port, person({ active: false }))).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('treats an account created concurrently as existing', async () => {
    const { port } = fakeDirectory();
    let first = true;
    const racing: IdentityDirectory = {
      ...port,
      getAccount: async (u) => (first ? ((first = false), undefined) : port.getAccount(u)),
      createAccount: async (u, a) => (await port.createAccount(u, a), 'exists'),
    };
    const changes = await syncIdentity(racing, person());
    expect(changes.map((c) => c.op)).toEqual(['addGroup']);
  });
});
