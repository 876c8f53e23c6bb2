import { beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * transactWrite's decision on a cancelled transaction (issue 13): a lost chain-head race (only a head's
 * condition failed) is retried with the head read again; a failure of the change's own condition is the
 * caller's, with its cancellation reasons in the caller's item order.
 */
const sent: { TransactItems: Record<string, any>[] }[] = [];
let head: { seq: number; hash: string } | undefined;
let failures: (string[] | undefined)[] = [];
let headReads = 0;

vi.mock('../../../shared/data/client', async (original) => ({
  ...(await original<typeof import('../../../shared/data/client')>()),
  tableName: () => 'T',
  db: () => ({
    send: async (command: { constructor: { name: string }; input: any }) => {
      const name = command.constructor.name;
      if (name === 'GetCommand') {
        headReads++;
        return { Item: head ? { ...head } : undefined };
      }
      if (name === 'QueryCommand') return { Count: 0 };
      if (name === 'TransactWriteCommand') {
        sent.push(command.input);
        const codes = failures.shift();
        if (codes) throw Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: codes.map((Code) => ({ Code })) });
        return {};
      }
      throw new Error(`unexpected ${name}`);
    },
  }),
}));

const { auditPut, headHintOf, transactWrite } = await import('../../../shared/data/audit');
const { transactOnce } = await import('../../../shared/data/transact');

const change = { Update: { TableName: 'T', Key: { PK: 'DISPATCH#d', SK: 'RECIPIENT#u' }, UpdateExpression: 'SET a = :a', ConditionExpression: 'attribute_not_exists(a)', ExpressionAttributeValues: { ':a': 1 } } };
const event = { at: '2026-01-01T00:00:00.000Z', actor: 'u-1', action: 'acknowledge' };

beforeEach(() => {
  sent.length = 0;
  head = { seq: 4, hash: 'h4' };
  failures = [];
  headReads = 0;
});

describe('transactWrite', () => {
  it('links the event after the head it read and appends the head, conditioned on that seq, after the caller’s items', async () => {
    await transactWrite([change, auditPut('DISPATCH#d', event, 'RECIPIENT#u')]);
    const [items] = sent.map((s) => s.TransactItems);
    expect(items).toHaveLength(3);
    expect(items![1]!.Put.Item).toMatchObject({ chain: 'RECIPIENT#u', seq: 5, prevHash: 'h4' });
    expect(items![2]!.Put).toMatchObject({ Item: { SK: 'AUDITHEAD#RECIPIENT#u', seq: 5, hash: items![1]!.Put.Item.hash }, ConditionExpression: 'seq = :seen AND #hash = :seenHash', ExpressionAttributeNames: { '#hash': 'hash' }, ExpressionAttributeValues: { ':seen': 4, ':seenHash': 'h4' } });
  });

  it('retries a lost head race with the new head, and transactOnce answers applied (never "refused")', async () => {
    failures = [['None', 'None', 'ConditionalCheckFailed']];
    const racing = transactOnce([change, auditPut('DISPATCH#d', event, 'RECIPIENT#u')]);
    head = { seq: 5, hash: 'h5' };
    expect(await racing).toBe('applied');
    expect(sent).toHaveLength(2);
    expect(sent[1]!.TransactItems[1]!.Put.Item).toMatchObject({ seq: 6, prevHash: 'h5' });
  });

  it('passes the change’s own refusal through, even when the head failed too', async () => {
    failures = [['ConditionalCheckFailed', 'None', 'ConditionalCheckFailed']];
    expect(await transactOnce([change, auditPut('DISPATCH#d', event, 'RECIPIENT#u')])).toBe('refused');
    expect(sent).toHaveLength(1);
  });

  it('gives up on an endlessly contended head as a TransactionConflict, which callers treat as contention', async () => {
    failures = Array.from({ length: 3 }, () => ['None', 'ConditionalCheckFailed']);
    await expect(transactWrite([auditPut('DISPATCH#d', event)], 3)).rejects.toMatchObject({ name: 'TransactionConflictException' });
  });

  it('starts a chain with a head that must not exist yet', async () => {
    head = undefined;
    await transactWrite([auditPut('UNIT#x', event)]);
    expect(sent[0]!.TransactItems[0]!.Put.Item).toMatchObject({ seq: 1, prevHash: '0'.repeat(64) });
    expect(sent[0]!.TransactItems[1]!.Put).toMatchObject({ Item: { SK: 'AUDITHEAD', seq: 1 }, ConditionExpression: 'attribute_not_exists(PK)' });
  });
});

describe('a chain head the caller has just read (issue 10: one read fewer an acknowledgment)', () => {
  const known = (found: { seq: number; hash: string } | undefined) => [{ entity: 'DISPATCH#d', chain: 'RECIPIENT#u', found }];

  it('is used instead of reading the head again', async () => {
    await transactWrite([change, auditPut('DISPATCH#d', event, 'RECIPIENT#u')], 40, known({ seq: 4, hash: 'h4' }));
    expect(headReads).toBe(0);
    expect(sent[0]!.TransactItems[1]!.Put.Item).toMatchObject({ seq: 5, prevHash: 'h4' });
    expect(sent[0]!.TransactItems[2]!.Put).toMatchObject({ ConditionExpression: 'seq = :seen AND #hash = :seenHash', ExpressionAttributeNames: { '#hash': 'hash' }, ExpressionAttributeValues: { ':seen': 4, ':seenHash': 'h4' } });
  });

  it('that has moved since loses the head race and is read again: the chain stays linked', async () => {
    head = { seq: 7, hash: 'h7' };
    failures = [['None', 'None', 'ConditionalCheckFailed']];
    expect(await transactOnce([change, auditPut('DISPATCH#d', event, 'RECIPIENT#u')], 12, known({ seq: 4, hash: 'h4' }))).toBe('applied');
    expect(headReads).toBe(1);
    expect(sent[1]!.TransactItems[1]!.Put.Item).toMatchObject({ seq: 8, prevHash: 'h7' });
  });

  it('found missing starts the chain on the condition that no head exists', async () => {
    await transactWrite([change, auditPut('DISPATCH#d', event, 'RECIPIENT#u')], 40, known(undefined));
    expect(headReads).toBe(0);
    expect(sent[0]!.TransactItems[2]!.Put).toMatchObject({ ConditionExpression: 'attribute_not_exists(PK)' });
  });
});

describe("a recipient chain's head copied on the recipient item (issue 10: the post reads no head item)", () => {
  it('is set by the transaction that already updates the recipient, with no item or condition added, and the caller’s item left as it was', async () => {
    await transactWrite([change, auditPut('DISPATCH#d', event, 'RECIPIENT#u')]);
    const [items] = sent.map((s) => s.TransactItems);
    expect(items).toHaveLength(3);
    const hash = items![1]!.Put.Item.hash;
    expect(items![0]!.Update).toMatchObject({
      UpdateExpression: 'SET auditHeadSeq = :auditHeadSeq, auditHeadHash = :auditHeadHash, a = :a',
      ConditionExpression: 'attribute_not_exists(a)',
      ExpressionAttributeValues: { ':a': 1, ':auditHeadSeq': 5, ':auditHeadHash': hash },
    });
    expect(change.Update.UpdateExpression).toBe('SET a = :a');
    expect(items![2]!.Put.Item).toMatchObject({ SK: 'AUDITHEAD#RECIPIENT#u', seq: 5, hash });
  });

  it('is added as a SET clause to an expression without one, and set again on a retry from the new head (not twice)', async () => {
    const add = { Update: { TableName: 'T', Key: { PK: 'DISPATCH#d', SK: 'RECIPIENT#u' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } } };
    failures = [['None', 'None', 'ConditionalCheckFailed']];
    const racing = transactOnce([add, auditPut('DISPATCH#d', event, 'RECIPIENT#u')]);
    head = { seq: 5, hash: 'h5' };
    expect(await racing).toBe('applied');
    expect(sent[0]!.TransactItems[0]!.Update.UpdateExpression).toBe('ADD n :one SET auditHeadSeq = :auditHeadSeq, auditHeadHash = :auditHeadHash');
    expect(sent[1]!.TransactItems[0]!.Update).toMatchObject({
      UpdateExpression: 'ADD n :one SET auditHeadSeq = :auditHeadSeq, auditHeadHash = :auditHeadHash',
      ExpressionAttributeValues: { ':auditHeadSeq': 6 },
    });
  });

  it('is not written for the dispatch’s own chain, nor on another unit’s recipient', async () => {
    const other = { Update: { ...change.Update, Key: { PK: 'DISPATCH#d', SK: 'RECIPIENT#v' } } };
    await transactWrite([other, auditPut('DISPATCH#d', event, 'RECIPIENT#u'), auditPut('DISPATCH#d', event)]);
    expect(sent[0]!.TransactItems[0]!.Update.UpdateExpression).toBe('SET a = :a');
  });

  it('read back as a hint only when both seq and hash are there; a hint that disagrees with the head loses the race and the head is read', async () => {
    expect(headHintOf('DISPATCH#d', 'RECIPIENT#u', { auditHeadSeq: 4 })).toBeUndefined();
    expect(headHintOf('DISPATCH#d', 'RECIPIENT#u', undefined)).toBeUndefined();
    const hint = headHintOf('DISPATCH#d', 'RECIPIENT#u', { auditHeadSeq: 4, auditHeadHash: 'forged' })!;
    expect(hint).toEqual({ entity: 'DISPATCH#d', chain: 'RECIPIENT#u', found: { seq: 4, hash: 'forged' } });
    // The head item is at seq 4 with another hash: the head Put's condition (seq and hash) fails, the head is read, the chain follows it.
    failures = [['None', 'None', 'ConditionalCheckFailed']];
    expect(await transactOnce([change, auditPut('DISPATCH#d', event, 'RECIPIENT#u')], 12, [hint])).toBe('applied');
    expect(sent[0]!.TransactItems[1]!.Put.Item).toMatchObject({ seq: 5, prevHash: 'forged' });
    expect(headReads).toBe(1);
    expect(sent[1]!.TransactItems[1]!.Put.Item).toMatchObject({ seq: 5, prevHash: 'h4' });
  });
});
