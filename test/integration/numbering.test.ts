import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { db, tableName } from '../../shared/data/client';
import { startTestStack, type TestStack } from '../support/local-stack';

/**
 * Register numbers are unique and gap-free under concurrency, also when calls fail right after the
 * number was taken. The same checker is run against a plain atomic counter to show it catches the gaps
 * that such a counter leaves.
 */
let stack: TestStack;
const N = 50;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  db().middlewareStack.remove('lose-responses');
  await stack?.stop();
});

/** Numbers that are missing from 1..count, and numbers given out more than once. */
function registerProblems(numbers: number[], count: number) {
  const seen = new Map<number, number>();
  numbers.forEach((n) => seen.set(n, (seen.get(n) ?? 0) + 1));
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((n) => !seen.has(n));
  const duplicated = [...seen].filter(([, times]) => times > 1).map(([n]) => n);
  const outOfRange = numbers.filter((n) => n < 1 || n > count);
  return { missing, duplicated, outOfRange };
}

const clean = { missing: [], duplicated: [], outOfRange: [] };

/**
 * Each test numbers in a register of its own: an agency of its own (its code names the register), with
 * a clerk and a signer, registered by the administrator like any agency.
 */
async function agencyWithStaff(code: string): Promise<{ clerk: string; signer: string }> {
  const admin = await stack.tokenFor('u-admin', ['admin']);
  const slug = code.toLowerCase();
  const agency = { code, name: `Cơ quan thử ${code}`, parent: 'Bộ Tư pháp', parentCode: 'BTP', place: 'Hà Nội', email: `${slug}@moj.gov.vn`, headTitle: 'Cục trưởng' };
  expect((await stack.api('POST', '/agencies', { token: admin, body: agency })).status).toBe(201);
  const person = (id: string, roles: string[], extra = {}) => ({ id, name: `Người ${id}`, position: 'Chuyên viên', agencyCode: code, roles, email: `${id}@moj.gov.vn`, ...extra });
  for (const body of [person(`${slug}-clerk`, ['clerk']), person(`${slug}-signer`, ['signer'], { signingForms: [{ authority: null }] })]) {
    const created = await stack.api('POST', '/people', { token: admin, body });
    expect(created.status, created.text).toBe(201);
  }
  return { clerk: `${slug}-clerk`, signer: `${slug}-signer` };
}

async function signedDispatches(issuerCode: string, count: number): Promise<{ ids: string[]; clerk: string }> {
  const staff = await agencyWithStaff(issuerCode);
  const clerk = await stack.tokenFor(staff.clerk, ['clerk']);
  const signer = await stack.tokenFor(staff.signer, ['signer']);
  const base = { ...exampleDispatchContent(), signer: { personId: staff.signer, authority: null } };
  const ids: string[] = [];
  // Prepared a few at a time: the point of the test is the concurrency of issuing, not of drafting.
  for (let i = 0; i < count; i += 10) {
    ids.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(10, count - i) }, async () => {
          const created = await stack.api('POST', '/dispatches', { token: clerk, body: base });
          const id = created.json.id as string;
          await stack.api('POST', `/dispatches/${id}/submit`, { token: clerk, body: { version: 1 } });
          const signed = await stack.api('POST', `/dispatches/${id}/sign`, { token: signer, body: { version: 2 } });
          expect(signed.status, signed.text).toBe(200);
          return id;
        }),
      )),
    );
  }
  return { ids, clerk };
}

/** Issue with the client's retry: a failed call is simply sent again, as a person or a script would. */
async function issueWithRetry(id: string, token: string): Promise<{ number: number; failures: number }> {
  for (let failures = 0; failures < 10; failures++) {
    const res = await stack.api('POST', `/dispatches/${id}/issue`, { token, body: { version: 3 } });
    if (res.status === 200) return { number: res.json.number, failures };
    expect(res.status, res.text).toBe(500);
  }
  throw new Error(`issue of ${id} kept failing`);
}

describe('register numbering', () => {
  it(`gives ${N} concurrent issue calls the numbers 1..${N} exactly once`, async () => {
    const { ids, clerk } = await signedDispatches('SOCONC', N);
    const results = await Promise.all(ids.map((id) => issueWithRetry(id, clerk)));
    expect(registerProblems(results.map((r) => r.number), N)).toEqual(clean);

    const year = new Date().getUTCFullYear();
    const register = await stack.api('GET', `/register?issuer=SOCONC&year=${year}`, { token: clerk });
    const registerYear = register.json.items.length ? year : year + 1; // the test may straddle New Year in Vietnam
    const rows = registerYear === year ? register.json.items : (await stack.api('GET', `/register?issuer=SOCONC&year=${registerYear}`, { token: clerk })).json.items;
    expect(rows.map((r: { number: number }) => r.number)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
  });

  it('stays gap-free when calls fail right after taking a number (the response is lost)', async () => {
    const { ids, clerk } = await signedDispatches('SOFAIL', N);
    let committed = 0;
    // Every third issue transaction commits in DynamoDB, then the caller sees an error, as if the
    // Lambda died right after taking the number.
    db().middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'TransactWriteItemsCommand' && JSON.stringify(args.input).includes('REGISTER#SOFAIL#')) {
          if (++committed % 3 === 0) throw new Error('injected: response lost after commit');
        }
        return result;
      },
      { step: 'build', name: 'lose-responses' },
    );
    try {
      const results = await Promise.all(ids.map((id) => issueWithRetry(id, clerk)));
      expect(results.some((r) => r.failures > 0)).toBe(true);
      expect(registerProblems(results.map((r) => r.number), N)).toEqual(clean);
    } finally {
      db().middlewareStack.remove('lose-responses');
    }
  });

  it('catches the gaps a plain atomic counter leaves when calls fail after taking a number', async () => {
    // The naive allocator: ADD 1 to a counter, then record the dispatch; a call that fails in between
    // has consumed a number nobody gets, and its retry takes a new one.
    const counterKey = { PK: `NAIVE#${Date.now()}`, SK: 'COUNTER' };
    const takeNumber = async () => {
      const out = await db().send(
        new UpdateCommand({ TableName: tableName(), Key: counterKey, UpdateExpression: 'ADD #last :one', ExpressionAttributeNames: { '#last': 'last' }, ExpressionAttributeValues: { ':one': 1 }, ReturnValues: 'UPDATED_NEW' }),
      );
      return Number(out.Attributes!['last']);
    };
    let calls = 0;
    const naiveIssue = async (): Promise<number> => {
      for (;;) {
        const n = await takeNumber();
        if (++calls % 3 !== 0) return n; // every third call fails after taking its number, then retries
      }
    };
    const numbers = await Promise.all(Array.from({ length: N }, naiveIssue));
    const problems = registerProblems(numbers, N);
    expect(problems.missing.length).toBeGreaterThan(0);
    expect(problems.outOfRange.length).toBeGreaterThan(0);
  });
});
