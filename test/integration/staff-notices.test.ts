import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import type { LocalEmail } from '../../infra/local/ses-local';
import { getDispatch } from '../../shared/data/dispatch-repo';
import { sesMailer, type Mailer } from '../../shared/mail/mailer';
import { staffCounts } from '../../shared/services/staff-counts';
import { staffNoticeMails } from '../../templates/email/staff-notices';
import { notifyDispatchEvent, notifyResetRequest, runOverdueDigest } from '../../shared/services/staff-notices';
import { getNotice } from '../../shared/data/notice-repo';
import { sendQueuedNotice } from '../../shared/services/queued-notices';
import { openLink, post, tokensBySymbol } from '../support/link-client';
import { startTestStack, type TestStack } from '../support/local-stack';

/**
 * §6 "Staff are told", end to end through the local stack: the lifecycle's stream records and a unit's
 * reset request reach the SES emulator's store as one e-mail per event and person; replays send nothing;
 * the leaders' digest goes out once per day when something is overdue.
 */
// Back-offs of a few seconds at most, so a notice held up by the SES outage goes out soon after it ends.
process.env['MAIL_BACKOFF_MAX_SECONDS'] = '3';
let stack: TestStack;
const clerk = () => stack.tokenFor('u-vanthu', ['clerk']);
const signer = () => stack.tokenFor('u-nguyen-van-luc', ['signer']);
const CLERK = 'vanthu@thads.moj.gov.vn';
const SIGNER = 'nvluc@thads.moj.gov.vn';
const ITDEPT = 'lvhai@moj.gov.vn';
const LEADERS = ['nqthai@thads.moj.gov.vn', 'mlkhoi@moj.gov.vn'];

const mailsTo = async (to: string, subjectStart?: string): Promise<LocalEmail[]> =>
  (await stack.sesStore()).filter((m) => m.to === to && (!subjectStart || m.subject.startsWith(subjectStart)));

/** Counts sends and sends nothing: proves a replay does not even try. */
const countingMailer = () => {
  const sent: string[] = [];
  const mailer: Mailer = { send: async ({ to }) => (sent.push(to), { messageId: `test-${sent.length}` }) };
  return { mailer, sent };
};

/** The stream record of the dispatch as it is now, as Lambda would (re)deliver it. */
async function streamRecordOf(id: string): Promise<DynamoDBStreamEvent> {
  const dispatch = await getDispatch(id);
  const image = marshall({ PK: `DISPATCH#${id}`, SK: 'META', type: 'Dispatch', ...dispatch }, { removeUndefinedValues: true }) as never;
  return { Records: [{ eventName: 'MODIFY', dynamodb: { NewImage: image, SequenceNumber: '1' } }] } as DynamoDBStreamEvent;
}

beforeAll(async () => {
  stack = await startTestStack();
});

/** Draft, submit, sign and issue the example (the dispatch API takes `signer.personId` now). */
async function issue(): Promise<{ id: string; symbol: string }> {
  const created = await stack.api('POST', '/dispatches', { token: await clerk(), body: exampleDispatchContent() });
  expect(created.status, created.text).toBe(201);
  const id = created.json.id as string;
  expect((await stack.api('POST', `/dispatches/${id}/submit`, { token: await clerk(), body: { version: 1 } })).status).toBe(200);
  expect((await stack.api('POST', `/dispatches/${id}/sign`, { token: await signer(), body: { version: 2 } })).status).toBe(200);
  const issued = await stack.api('POST', `/dispatches/${id}/issue`, { token: await clerk(), body: { version: 3 } });
  expect(issued.status, issued.text).toBe(200);
  await stack.whenIdle();
  return { id, symbol: issued.json.symbol };
}
afterAll(async () => {
  await stack?.stop();
});

describe('a letter through its signer', () => {
  let id: string;

  it('submit: one e-mail to the named signer, linking to the dispatch page', async () => {
    const created = await stack.api('POST', '/dispatches', { token: await clerk(), body: exampleDispatchContent() });
    expect(created.status, created.text).toBe(201);
    id = created.json.id;
    const submitted = await stack.api('POST', `/dispatches/${id}/submit`, { token: await clerk(), body: { version: 1 } });
    expect(submitted.status, submitted.text).toBe(200);
    await stack.whenIdle();
    const mails = await mailsTo(SIGNER, '[Công văn chờ ký]');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('Kính gửi: Nguyễn Văn Lực');
    expect(mails[0]!.text).toContain('Trần Thị Hương (Tổng cục Thi hành án dân sự) đã trình dự thảo công văn');
    expect(mails[0]!.text).toContain(`/app/dispatches/${id}`);
    expect(await mailsTo(CLERK)).toHaveLength(0);
    expect(await staffCounts({ userId: 'u-nguyen-van-luc', roles: ['signer'], agencyCode: 'TCTHADS' })).toEqual({ inbox: 1 });
  });

  it('return: one e-mail to the clerk with the signer\'s comment and a link to edit', async () => {
    const returned = await stack.api('POST', `/dispatches/${id}/return`, { token: await signer(), body: { version: 2, comment: 'Bổ sung thời hạn báo cáo.' } });
    expect(returned.status, returned.text).toBe(200);
    await stack.whenIdle();
    const mails = await mailsTo(CLERK, '[Công văn bị trả lại]');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('Nguyễn Văn Lực đã trả lại dự thảo công văn');
    expect(mails[0]!.text).toContain('Bổ sung thời hạn báo cáo.');
    expect(mails[0]!.text).toContain(`/app/dispatches/${id}/edit`);
    expect(await staffCounts({ userId: 'u-vanthu', roles: ['clerk'], agencyCode: 'TCTHADS' })).toEqual({ returned: 1 });
    expect(await staffCounts({ userId: 'u-nguyen-van-luc', roles: ['signer'], agencyCode: 'TCTHADS' })).toEqual({ inbox: 0 });
  });

  it('a replayed or retried record sends nothing again', async () => {
    const before = (await stack.sesStore()).length;
    const { handler } = await import('../../functions/events/staff-notifier');
    const event = await streamRecordOf(id);
    expect(await handler(event)).toEqual({ batchItemFailures: [] });
    expect(await handler(event)).toEqual({ batchItemFailures: [] });
    const { mailer, sent } = countingMailer();
    const dispatch = (await getDispatch(id))!;
    expect(await notifyDispatchEvent(dispatch, { mailer, clock: { now: () => new Date() }, mails: staffNoticeMails })).toBe('skipped');
    expect(sent).toEqual([]);
    await stack.whenIdle();
    expect((await stack.sesStore()).length).toBe(before);
  });

  it('resubmit and sign: a second e-mail to the signer (a new event), then one to the clerk that it is signed', async () => {
    expect((await stack.api('POST', `/dispatches/${id}/submit`, { token: await clerk(), body: { version: 3 } })).status).toBe(200);
    await stack.whenIdle();
    expect(await mailsTo(SIGNER, '[Công văn chờ ký]')).toHaveLength(2);
    const signed = await stack.api('POST', `/dispatches/${id}/sign`, { token: await signer(), body: { version: 4 } });
    expect(signed.status, signed.text).toBe(200);
    await stack.whenIdle();
    const mails = await mailsTo(CLERK, '[Công văn đã ký]');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain('Nguyễn Văn Lực đã ký công văn');
    expect(mails[0]!.text).toContain(`/app/dispatches/${id}`);
    // The record of the sign, redelivered: still one.
    const { handler } = await import('../../functions/events/staff-notifier');
    await handler(await streamRecordOf(id));
    await stack.whenIdle();
    expect(await mailsTo(CLERK, '[Công văn đã ký]')).toHaveLength(1);
    expect(await mailsTo(CLERK, '[Công văn bị trả lại]')).toHaveLength(1);
  });
});

describe('a unit\'s reset request and the overdue digest', () => {
  let dispatch: { id: string; symbol: string };

  beforeAll(async () => {
    dispatch = await issue();
  });

  it('a reset request through a unit\'s link: one e-mail to the IT Department, linking to its queue; a replay sends nothing', async () => {
    const tokens = await tokensBySymbol(stack, dispatch.symbol);
    const unitEmail = [...tokens.keys()].find((to) => to.startsWith('cucthads.hanoi')) ?? [...tokens.keys()][0]!;
    const browser = await openLink(stack, tokens.get(unitEmail)!);
    const sent = await post(stack, '/l/accounts', browser, {
      csrf: browser.csrf,
      reset: 'nguyenvana@thads.moj.gov.vn',
      revoke: 'nghihuu.c@thads.moj.gov.vn',
      name: 'Trần Thị Bình',
      position: 'Chánh Văn phòng',
    });
    expect(sent.status, sent.text).toBe(200);
    await stack.whenIdle();
    const mails = await mailsTo(ITDEPT, '[Đề nghị cấp lại tài khoản]');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain(dispatch.symbol);
    expect(mails[0]!.text).toContain('Kính gửi: Lê Văn Hải');
    expect(mails[0]!.text).toContain('người gửi: Trần Thị Bình, Chánh Văn phòng');
    expect(mails[0]!.text).toContain('/app/reset-requests');
    expect(await staffCounts({ userId: 'u-cntt', roles: ['itdept'], agencyCode: 'CNTT' })).toEqual({ queue: 1 });

    const queue = await stack.api('GET', `/reset-requests?status=open&dispatchId=${dispatch.id}`, { token: await stack.tokenFor('u-cntt', ['itdept']) });
    const { mailer, sent: again } = countingMailer();
    expect(await notifyResetRequest(queue.json.items[0].id, { mailer, clock: { now: () => new Date() }, mails: staffNoticeMails })).toBe('skipped');
    expect(again).toEqual([]);
  });

  it('the digest: nothing while nothing is overdue; once past the deadline one e-mail per opted-in leader, once a day', async () => {
    const today = { now: () => new Date() };
    expect(await runOverdueDigest({ mailer: sesMailer, clock: today, mails: staffNoticeMails })).toEqual({ leaders: 2, sent: 0 });
    const later = { now: () => new Date(Date.now() + 40 * 86_400_000) };
    expect(await runOverdueDigest({ mailer: sesMailer, clock: later, mails: staffNoticeMails })).toEqual({ leaders: 2, sent: 2 });
    expect(await runOverdueDigest({ mailer: sesMailer, clock: later, mails: staffNoticeMails })).toEqual({ leaders: 2, sent: 0 });
    for (const to of LEADERS) {
      const mails = await mailsTo(to, '[Tổng hợp quá hạn]');
      expect(mails, to).toHaveLength(1);
      expect(mails[0]!.text).toContain(`Công văn số ${dispatch.symbol}`);
      expect(mails[0]!.text).toContain('đơn vị quá hạn');
      expect(mails[0]!.text).toContain(`/app/dashboard/dispatches/${dispatch.id}`);
    }
    // A leader without the opt-in gets nothing.
    expect(await mailsTo('vtmai@moj.gov.vn', '[Tổng hợp quá hạn]')).toHaveLength(0);
  });
});

describe('staff notices go through the mail queue: paced and retried like every other e-mail', () => {
  it('a notice waits for a send slot (none free: not sent, the claim given back), then goes out once', async () => {
    const { mailer, sent } = countingMailer();
    const message = {
      kind: 'notice' as const,
      event: `TEST#${Date.now()}`,
      recipientId: 'u-nguyen-van-luc',
      noticeKind: 'awaiting-signature',
      to: SIGNER,
      mail: { subject: 'Thử', text: 'Thử', html: '<p>Thử</p>' },
      queuedAt: new Date().toISOString(),
      correlationId: 'test',
    };
    const clock = { now: () => new Date() };
    // The account's rate is used up this second: the pacer has no slot.
    expect(await sendQueuedNotice(message, { mailer, clock, sendSlot: async () => false })).toMatchObject({ reason: 'paced', retryAfterSeconds: expect.any(Number) });
    expect(sent).toEqual([]);
    expect(await getNotice(message.event, message.recipientId)).toMatchObject({ state: 'released' });
    expect(await sendQueuedNotice(message, { mailer, clock, sendSlot: async () => true })).toBe('sent');
    // A copy of the message (a replayed stream record queued it twice) sends nothing more.
    expect(await sendQueuedNotice(message, { mailer, clock, sendSlot: async () => true })).toBe('skipped');
    expect(sent).toEqual([SIGNER]);
  });

  it('during an SES outage a submission\'s notice stays queued (not lost, not failed), and arrives once when SES is back', async () => {
    const created = await stack.api('POST', '/dispatches', { token: await clerk(), body: exampleDispatchContent() });
    expect(created.status, created.text).toBe(201);
    const before = (await mailsTo(SIGNER, '[Công văn chờ ký]')).length;
    const refusedBefore = stack.stack.mail.faults().counts.outage;
    stack.stack.mail.setFaults({ outage: 'fail' });
    try {
      const submitted = await stack.api('POST', `/dispatches/${created.json.id}/submit`, { token: await clerk(), body: { version: 1 } });
      expect(submitted.status, submitted.text).toBe(200);
      // SES refused two attempts (the second after its back-off), both from the mail queue's consumer.
      const until = Date.now() + 120_000;
      while (stack.stack.mail.faults().counts.outage - refusedBefore < 2) {
        if (Date.now() > until) throw new Error('SES was not tried twice');
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(await mailsTo(SIGNER, '[Công văn chờ ký]')).toHaveLength(before);
      expect(await getNotice(`DISPATCH#${created.json.id}#v2`, 'u-nguyen-van-luc')).toMatchObject({ state: expect.stringMatching(/^(released|sending)$/) });
      // Nothing parked: the stream consumer only queued it, and the queue keeps it.
      expect(stack.stack.runner.deadLetters()).toEqual([]);
    } finally {
      stack.stack.mail.setFaults({ outage: null });
    }
    await stack.whenIdle();
    expect(await mailsTo(SIGNER, '[Công văn chờ ký]')).toHaveLength(before + 1);
    expect(await getNotice(`DISPATCH#${created.json.id}#v2`, 'u-nguyen-van-luc')).toMatchObject({ state: 'sent' });
  });
});
