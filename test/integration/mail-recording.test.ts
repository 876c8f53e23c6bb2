import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { db } from '../../shared/data/client';
import { issue } from '../support/link-client';
import { startTestStack, type TestStack } from '../support/local-stack';

/**
 * Recording a sent email fails after SES has accepted it: with TransactionConflict, as DynamoDB answers
 * when every recipient of a dispatch adds to the same counters at once, and with a hard error, as if
 * the function died between sending and recording. Either way each unit gets exactly one email and
 * every counter matches the recipient records: the send is recorded again, never sent again.
 */
let stack: TestStack;
/** How recording a send fails on each recipient's first try, while the one dispatch of a test is issued. */
let fault: 'conflict' | 'crash' | undefined;
const failedOnce = new Set<string>();
let injected = 0;

beforeAll(async () => {
  stack = await startTestStack({ testOnly: { retryBaseDelayMs: 20 } });
  db().middlewareStack.add(
    (next, context) => async (args) => {
      const input = JSON.stringify(args.input);
      if (context.commandName === 'TransactWriteItemsCommand' && input.includes('"mailSent"') /* the counter the send adds to */) {
        const once = `${fault} ${/RECIPIENT#[^"]+/.exec(input)![0]}`;
        if (fault && !failedOnce.has(once)) {
          failedOnce.add(once);
          injected++;
          if (fault === 'conflict') {
            throw new TransactionCanceledException({
              message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict, None]',
              $metadata: {},
              CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }, { Code: 'None' }],
            });
          }
          throw new Error('injected: the function died after SES accepted the email');
        }
      }
      return next(args);
    },
    { step: 'build', name: 'fail-mail-recording' },
  );
});
afterAll(async () => {
  await stack?.stop();
});

async function issueExample(kind: 'conflict' | 'crash') {
  fault = kind;
  const dispatch = await issue(stack, exampleDispatchContent()).finally(() => (fault = undefined));
  const clerk = await stack.tokenFor('u-vanthu', ['clerk']);
  const { stats, items } = (await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: clerk })).json;
  const mails = (await stack.sesStore()).filter((m) => m.subject.includes(dispatch.symbol));
  const audit = (await stack.api('GET', `/dispatches/${dispatch.id}/audit`, { token: clerk })).json.items as { action: string }[];
  return { stats, items: items as { unitId: string; email: string; mailStatus: string }[], mails, audit };
}

function expectEachUnitMailedOnce(result: Awaited<ReturnType<typeof issueExample>>) {
  const { stats, items, mails, audit } = result;
  const perAddress = new Map<string, number>();
  for (const m of mails) perAddress.set(m.to, (perAddress.get(m.to) ?? 0) + 1);
  expect([...perAddress.entries()].filter(([, n]) => n !== 1), 'addresses with other than one email').toEqual([]);
  expect(mails).toHaveLength(items.length);
  expect(items.filter((r) => r.mailStatus !== 'sent').map((r) => `${r.unitId}: ${r.mailStatus}`)).toEqual([]);
  expect(stats).toMatchObject({ recipients: items.length, mailSent: items.length });
  expect(audit.filter((e) => e.action === 'mail.sent')).toHaveLength(items.length);
  expect(stack.stack.runner.deadLetters()).toEqual([]);
}

describe('recording a sent email', () => {
  it('retries a transaction conflict on the counters: every unit recorded once', async () => {
    const before = injected;
    const result = await issueExample('conflict');
    expect(injected - before).toBe(result.items.length);
    expectEachUnitMailedOnce(result);
  });

  it('records on the next attempt when the first died after SES accepted: no second email', async () => {
    const before = injected;
    const result = await issueExample('crash');
    expect(injected - before).toBe(result.items.length);
    expectEachUnitMailedOnce(result);
  });
});
