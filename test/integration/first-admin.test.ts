import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdmin, FirstAdminArgumentError, parseFirstAdminArgs } from '../../infra/aws/first-admin';
import { startTestStack, type TestStack } from '../support/local-stack';
import { memoryUserPool } from '../support/memory-user-pool';

/**
 * `npm run admin:bootstrap` (infra/aws/first-admin.ts) against DynamoDB Local: an empty directory gets its
 * first administrator (and their agency), audited as the operator; a second run changes nothing; a person
 * who exists without the role gets it. Cognito is the port the people-identity-sync consumer drives,
 * here in memory (the real client is shared/identity/cognito.ts).
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ seed: false });
}, 300_000);
afterAll(async () => {
  await stack?.stop();
});

const who = ['--id', 'u-quan-tri', '--name', 'Nguyễn Thị Quản Trị', '--email', 'quantri@thads.moj.gov.vn', '--position', 'Chuyên viên', '--agency', 'CNTT'];
const agency = ['--agency-name', 'Cục Công nghệ thông tin', '--agency-place', 'Hà Nội', '--agency-email', 'cntt@thads.moj.gov.vn', '--agency-head-title', 'Cục trưởng'];
const where = ['--table', 'ignored-here', '--user-pool-id', 'ap-southeast-1_test'];
const operator = { userId: 'cli:ops', name: 'ops (dòng lệnh / command line)', roles: ['admin' as const], sourceIp: 'cli', agencyCode: '' };
const now = () => new Date('2026-12-01T02:00:00.000Z');

describe('first administrator', () => {
  it('refuses an agency that does not exist unless the arguments describe it, writing nothing', async () => {
    const pool = memoryUserPool();
    const err = await ensureFirstAdmin(parseFirstAdminArgs([...where, ...who]), { identities: pool.port, actor: operator, now }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FirstAdminArgumentError);
    expect((err as FirstAdminArgumentError).argument).toBe('--agency');
    const { getPerson } = await import('../../shared/data/people-repo');
    expect(await getPerson('u-quan-tri')).toBeUndefined();
    expect(pool.calls).toEqual([]);
  });

  it('creates the agency, the person with the admin role and the account in the admin group; a second run changes nothing', async () => {
    const pool = memoryUserPool();
    const args = parseFirstAdminArgs([...where, ...who, ...agency]);
    const first = await ensureFirstAdmin(args, { identities: pool.port, actor: operator, now });
    expect(first).toMatchObject({ agency: 'created', person: 'created' });
    expect(first.account).toContainEqual({ op: 'create' });
    expect(first.account).toContainEqual({ op: 'addGroup', group: 'admin' });

    const { getPerson } = await import('../../shared/data/people-repo');
    const { getAgency } = await import('../../shared/data/agency-repo');
    expect(await getAgency('CNTT')).toMatchObject({ code: 'CNTT', name: 'Cục Công nghệ thông tin', version: 1 });
    expect(await getPerson('u-quan-tri')).toMatchObject({ id: 'u-quan-tri', roles: ['admin'], active: true, agencyCode: 'CNTT', version: 1 });
    const account = pool.accounts.get('u-quan-tri')!;
    expect(account.attributes).toMatchObject({ email: 'quantri@thads.moj.gov.vn', 'custom:agency': 'CNTT' });
    expect([...account.groups]).toEqual(['admin']);

    // The audit trail names the operator, as for any other change to the directory.
    const { listAudit } = await import('../../shared/data/audit');
    const { keys } = await import('../../shared/data/keys');
    const { items } = await listAudit(keys.person('u-quan-tri').PK);
    expect(items.map((e) => [e.action, e.actor])).toEqual([['person.create', 'cli:ops']]);

    const callsBefore = pool.calls.length;
    const second = await ensureFirstAdmin(args, { identities: pool.port, actor: operator, now });
    expect(second).toEqual({ agency: 'exists', person: 'unchanged', account: [] });
    expect(pool.calls.length).toBe(callsBefore);
    expect(await getPerson('u-quan-tri')).toMatchObject({ version: 1 });
  });

  it('the first administrator can use the API at once (the directory resolves them)', async () => {
    const token = await stack.tokenFor('u-quan-tri', ['admin']);
    const people = await stack.api('GET', '/people', { token });
    expect(people.status, people.text).toBe(200);
    expect(people.text).toContain('u-quan-tri');
  });

  it('gives an existing person the admin role (keeping their other roles) and reactivates them', async () => {
    const { getPerson, savePerson } = await import('../../shared/data/people-repo');
    const audit = { at: now().toISOString(), actor: 'test', action: 'person.create' } as Parameters<typeof savePerson>[3];
    await savePerson({ id: 'u-van-thu', name: 'Trần Văn Thư', position: 'Văn thư', agencyCode: 'CNTT', roles: ['clerk'], email: 'vanthu@thads.moj.gov.vn', active: false, signingForms: [], overdueDigest: false }, undefined, undefined, audit);
    const pool = memoryUserPool();
    const args = parseFirstAdminArgs([...where, '--id', 'u-van-thu', '--name', 'Tên khác', '--email', 'khac@thads.moj.gov.vn', '--position', 'Khác', '--agency', 'CNTT']);
    const result = await ensureFirstAdmin(args, { identities: pool.port, actor: operator, now });
    expect(result).toMatchObject({ agency: 'exists', person: 'promoted' });
    // The record keeps what it said (name, e-mail …): only the role and the activity change.
    expect(await getPerson('u-van-thu')).toMatchObject({ name: 'Trần Văn Thư', email: 'vanthu@thads.moj.gov.vn', roles: ['clerk', 'admin'], active: true, version: 2 });
    expect([...pool.accounts.get('u-van-thu')!.groups].sort()).toEqual(['admin', 'clerk']);
  });
});
