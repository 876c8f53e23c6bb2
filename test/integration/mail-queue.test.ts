import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { db, tableName } from '../../shared/data/client';
import { keys } from '../../shared/data/keys';
import { addToStats } from '../../shared/data/stats-repo';
import { getRecipient } from '../../shared/data/recipient-repo';
import { issue, openLink, TOKEN_IN_MAIL } from '../support/link-client';
import { startTestStack, type TestStack } from '../support/local-stack';

/**
 * Issue mail through the mail queue on the local stack (SQS stand-in, local event source mapping):
 * every unit of a 72-unit dispatch e-mailed exactly once, never faster than SES_MAX_SEND_RATE; and a
 * send whose SES answer was lost (the attempt died after SES accepted, before anything was recorded,
 * and its queue message is gone with it) is found by the sweeper, not by the queue: sent again with a
 * link of its own, while the first copy's link keeps working.
 */
const RATE = 20;
process.env['SES_MAX_SEND_RATE'] = String(RATE);

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

let dispatch: { id: string; symbol: string };

describe('issue mail through the queue', () => {
  it('e-mails every unit exactly once, never above the configured send rate', async () => {
    dispatch = await issue(stack, exampleDispatchContent());
    const clerk = await stack.tokenFor('u-vanthu', ['clerk']);
    const { stats, items } = (await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: clerk })).json;
    const mails = (await stack.sesStore()).filter((m) => m.subject.includes(dispatch.symbol));
    const perAddress = new Map<string, number>();
    for (const m of mails) perAddress.set(m.to, (perAddress.get(m.to) ?? 0) + 1);
    expect(items.length).toBeGreaterThan(60);
    expect([...perAddress.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(mails).toHaveLength(items.length);
    expect(stats).toMatchObject({ recipients: items.length, mailSent: items.length });
    expect(items.filter((r: { mailStatus: string }) => r.mailStatus !== 'sent')).toEqual([]);
    // Paced: every send took a slot of its second, at most the configured rate per second (the slot
    // counters in the table), so 72 units at 20/s took at least four seconds of slots. (At the SES
    // stand-in's side a send can land in the next second when the machine is loaded: SES would answer
    // such a burst with throttling, which only delays.)
    const slots = await db().send(
      new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'RATE#send#ses' }, ConsistentRead: true }),
    );
    const perSecond = (slots.Items ?? []).map((i) => Number(i['hits']));
    expect(Math.max(...perSecond)).toBeLessThanOrEqual(RATE);
    expect(perSecond.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(items.length);
    expect(perSecond.length).toBeGreaterThanOrEqual(Math.ceil(items.length / RATE));
    // The queue runner did the sending, in batches.
    expect(stack.stack.queueRunner.invocations()['mail']).toBeGreaterThan(0);
    expect(stack.stack.runner.deadLetters()).toEqual([]);
  });

  it('re-sends, through the sweeper, a step whose SES answer was lost; both copies carry a working link', async () => {
    const clerk = await stack.tokenFor('u-vanthu', ['clerk']);
    const { items } = (await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: clerk })).json;
    const unit = items[0] as { unitId: string; email: string };
    const firstMail = (await stack.sesStore()).find((m) => m.subject.includes(dispatch.symbol) && m.to === unit.email)!;
    const firstToken = TOKEN_IN_MAIL.exec(firstMail.text)![1]!;

    // As if the attempt died after SES accepted, before it remembered anything: the recipient is still
    // "sending" under a claim whose lease has run out, and its queue message is gone (e.g. a kill -9 of
    // the local stack, whose SQS stand-in is in memory). Only the pending-mail index still knows.
    const past = new Date(Date.now() - 10 * 60_000).toISOString();
    // Links minted so far (an attempt that found no send slot and gave its claim back minted one too).
    const linksBefore = (await getRecipient(dispatch.id, unit.unitId))!.linkHashes?.size ?? 0;
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.recipient(dispatch.id, unit.unitId),
        UpdateExpression: 'SET mailStatus = :sending, mailClaim = :claim, leaseUntil = :past, GSI2PK = :pk, GSI2SK = :sk REMOVE mailSentAt, mailMessageId',
        ExpressionAttributeValues: { ':sending': 'sending', ':claim': 'crashed-attempt', ':past': past, ':pk': 'MAILDUE#0', ':sk': `${past}#${dispatch.id}#${unit.unitId}` },
      }),
    );
    // The counters live on their own shard items (shared/data/stats-repo.ts).
    await db().send(new UpdateCommand({ ...addToStats(dispatch.id, unit.unitId, { mailSent: -1 }).Update! }));

    const { handler } = await import('../../functions/jobs/mail-sweep');
    expect((await handler()).enqueued).toBeGreaterThanOrEqual(1);
    await stack.whenIdle();

    const after = await getRecipient(dispatch.id, unit.unitId);
    expect(after).toMatchObject({ mailStatus: 'sent' });
    expect(after!.linkHashes?.size).toBe(linksBefore + 1);
    const mails = (await stack.sesStore()).filter((m) => m.subject.includes(dispatch.symbol) && m.to === unit.email);
    expect(mails).toHaveLength(2);
    const secondToken = TOKEN_IN_MAIL.exec(mails[1]!.text)![1]!;
    expect(secondToken).not.toBe(firstToken);
    // Both copies open the unit's page.
    await openLink(stack, firstToken);
    await openLink(stack, secondToken);
    const summary = (await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: clerk })).json;
    expect(summary.stats).toMatchObject({ mailSent: items.length });
    // Nothing else was overdue: the sweep found only this unit, so nobody else got a second e-mail.
    const all = (await stack.sesStore()).filter((m) => m.subject.includes(dispatch.symbol));
    expect(all).toHaveLength(items.length + 1);
  });
});

describe('POST /queues/{queueId}/replay', () => {
  it('is for administrators only, answers 404 for an unknown queue and 400 for a malformed id, and runs a move task (nothing parked here)', async () => {
    const admin = await stack.tokenFor('u-admin', ['admin']);
    const clerk = await stack.tokenFor('u-vanthu', ['clerk']);
    expect((await stack.api('POST', '/queues/mail/replay', { token: clerk })).status).toBe(403);
    const unknown = await stack.api('POST', '/queues/no-such-queue/replay', { token: admin });
    expect(unknown.status, unknown.text).toBe(404);
    const bad = await stack.api('POST', '/queues/bad%20id/replay', { token: admin });
    expect(bad.status, bad.text).toBe(400);
    expect(bad.text).toContain('queueId');

    const replayed = await stack.api('POST', '/queues/mail/replay', { token: admin });
    expect(replayed.status, replayed.text).toBe(200);
    expect(replayed.json).toMatchObject({ queueId: 'mail', moved: 0 });
  });
});
