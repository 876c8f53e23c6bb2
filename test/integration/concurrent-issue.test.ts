import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { startTestStack, type TestStack } from '../support/local-stack';

/**
 * Issue 10: two identical `POST /dispatches/{id}/issue` sent at the same moment (a double click that
 * reaches two Lambdas) both answer as the README documents for a repeated issue: one 200, the other
 * 200 with `x-idempotent-replay: true`, and one number taken, never a 409.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

async function signedDispatch(clerk: string): Promise<string> {
  const signer = await stack.tokenFor('u-nguyen-van-luc', ['signer']);
  const created = await stack.api('POST', '/dispatches', { token: clerk, body: exampleDispatchContent() });
  expect(created.status, created.text).toBe(201);
  const id = created.json.id as string;
  expect((await stack.api('POST', `/dispatches/${id}/submit`, { token: clerk, body: { version: 1 } })).status).toBe(200);
  expect((await stack.api('POST', `/dispatches/${id}/sign`, { token: signer, body: { version: 2 } })).status).toBe(200);
  return id;
}

describe('two identical issue calls at once', () => {
  it('both answer 200 (one a replay) and take one number', async () => {
    const clerk = await stack.tokenFor('u-vanthu', ['clerk']);
    // Several rounds: whichever way the race falls, the answer is the same.
    for (let round = 0; round < 3; round++) {
      const id = await signedDispatch(clerk);
      const calls = await Promise.all(
        [0, 1, 2].map(() => stack.api('POST', `/dispatches/${id}/issue`, { token: clerk, body: { version: 3 } })),
      );
      expect(calls.map((c) => c.status), calls.map((c) => c.text).join('\n')).toEqual([200, 200, 200]);
      expect(calls.filter((c) => c.headers['x-idempotent-replay'] === 'true')).toHaveLength(2);
      expect(new Set(calls.map((c) => c.json.number)).size).toBe(1);
      const dispatch = await stack.api('GET', `/dispatches/${id}`, { token: clerk });
      expect(dispatch.json).toMatchObject({ state: 'issued', version: 4, number: calls[0]!.json.number });
      const year = dispatch.json.registerYear as number;
      const register = await stack.api('GET', `/register?issuer=${dispatch.json.agencyCode}&year=${year}`, { token: clerk });
      expect(register.json.items.filter((r: { dispatchId: string }) => r.dispatchId === id)).toHaveLength(1);
    }
    await stack.whenIdle();
  });
});
