import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { db, tableName } from '../../shared/data/client';
import { auditHeadKey } from '../../shared/data/audit';
import { keys, recipientChain } from '../../shared/data/keys';
import { verifyEntityAudit } from '../../shared/services/audit-verification';
import { linkUseGuard } from '../../shared/data/link-repo';
import { recordAcknowledged } from '../../shared/data/progress-repo';
import { GuardRefused } from '../../shared/data/transact';
import { currentCorrelationId } from '../../shared/correlation';
import { LINK_HINT_COOKIE, linkHintCookie } from '../../shared/domain/link-session';
import { hashToken } from '../../shared/domain/tokens';
import { startTestStack, type TestStack } from '../support/local-stack';
import { issue, openLink, post, tokensBySymbol, type LinkBrowser } from '../support/link-client';

/**
 * A form's post on the emailed link reads the link item with the dispatch, the recipient and the audit
 * chain head (keyed by the cookie's dispatch/unit hint) and counts the link's use in the step's own
 * transaction: two DynamoDB calls. The hint grants nothing (the link item read by the token's hash
 * decides), and every request is still counted once against the token's limit.
 */
const PER_TOKEN = 8;
let stack: TestStack;
let dispatch: { id: string; symbol: string };
let tokens: string[];
let emails: string[];
const clerk = () => stack.tokenFor('u-vanthu', ['clerk']);

/** DynamoDB commands made by the handler of the request with this id (its correlation id), in order. */
const callsByRequest = new Map<string, string[]>();

beforeAll(async () => {
  process.env['LINK_RATE_PER_TOKEN'] = String(PER_TOKEN);
  stack = await startTestStack();
  db().middlewareStack.add(
    (next, context) => async (args) => {
      const id = currentCorrelationId();
      if (id) callsByRequest.set(id, [...(callsByRequest.get(id) ?? []), (context.commandName ?? '?').replace(/Command$/, '')]);
      return next(args);
    },
    { step: 'initialize', name: 'linkPostCallCounter' },
  );
  dispatch = await issue(stack, exampleDispatchContent());
  const byEmail = await tokensBySymbol(stack, dispatch.symbol);
  emails = [...byEmail.keys()];
  tokens = [...byEmail.values()];
});
afterAll(async () => {
  await stack?.stop();
  delete process.env['LINK_RATE_PER_TOKEN'];
});

const callsOf = (res: { headers: Record<string, string> }) => callsByRequest.get(res.headers['apigw-requestid']!) ?? [];

/** The link item's count in the current minute (the window of shared/services/link-session.ts). */
async function linkCount(token: string): Promise<number> {
  const item = (await db().send(new GetCommand({ TableName: tableName(), Key: keys.link(hashToken(token)), ConsistentRead: true }))).Item ?? {};
  return Number(item[`rate${Math.floor(Date.now() / 60_000)}`] ?? 0);
}

async function recipientOf(email: string) {
  const table = await stack.api('GET', `/dispatches/${dispatch.id}/recipients`, { token: await clerk() });
  return table.json.items.find((r: { email: string }) => r.email === email);
}

/** Runs `work` early in a one-minute window (waiting for the next when less than 30 s are left), so the link counts it reads before and after fall in one window. */
async function inOneWindow<T>(work: () => Promise<T>): Promise<T> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 30_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
  return work();
}

const hintOf = (b: LinkBrowser) => b.cookie.split('; ').find((c) => c.startsWith(`${LINK_HINT_COOKIE}=`));
const tokenCookieOf = (b: LinkBrowser) => b.cookie.split('; ').find((c) => c.startsWith('cv_link='))!;

describe("a form's post", () => {
  it('sets the hint beside the token when the link is opened, scoped like it', async () => {
    const opened = await stack.api('GET', `/l/${tokens[0]}`);
    expect(opened.setCookies).toHaveLength(2);
    expect(opened.setCookies[1]).toMatch(new RegExp(`^${LINK_HINT_COOKIE}=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+; Path=/l; HttpOnly; SameSite=Lax; Max-Age=\\d+$`));
  });

  it('acknowledges in two DynamoDB calls, counting the use once in the step', async () => {
    const b = await openLink(stack, tokens[1]!);
    expect(hintOf(b)).toBeDefined();
    await inOneWindow(async () => {
      const before = await linkCount(tokens[1]!);
      const res = await post(stack, '/l/acknowledge', b, { csrf: b.csrf, name: 'Nguyễn Văn A', position: 'Văn thư' });
      expect(res.status, res.text).toBe(200);
      expect(callsOf(res)).toEqual(['BatchGetItem', 'TransactWriteItems']);
      expect(await linkCount(tokens[1]!)).toBe(before + 1);
    });
    expect((await recipientOf(emails[1]!)).acknowledgedBy).toEqual({ name: 'Nguyễn Văn A', position: 'Văn thư' });
  });

  it('reports in two calls too (the first version names no earlier one to read)', async () => {
    const b = await openLink(stack, tokens[2]!);
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const res = await post(stack, '/l/report', b, { csrf: b.csrf, 'status.1': 'done', 'doneOn.1': today, 'note.1': 'Xong.', 'status.2': 'partly', 'note.2': 'Đang làm.' });
    expect(res.status, res.text).toBe(200);
    expect(callsOf(res)).toEqual(['BatchGetItem', 'TransactWriteItems']);
  });

  it('counts a post that writes nothing (invalid form, stale CSRF value, a repeat) apart, once', async () => {
    const b = await openLink(stack, tokens[3]!);
    await inOneWindow(async () => {
      const before = await linkCount(tokens[3]!);
      const invalid = await post(stack, '/l/acknowledge', b, { csrf: b.csrf, name: '', position: 'Văn thư' });
      expect(invalid.status).toBe(400);
      expect(callsOf(invalid)).toEqual(['BatchGetItem', 'UpdateItem']);
      const stale = await post(stack, '/l/acknowledge', b, { csrf: 'x'.repeat(43), name: 'A', position: 'B' });
      expect(stale.status).toBe(403);
      expect(await linkCount(tokens[3]!)).toBe(before + 2);
    });
    expect((await recipientOf(emails[3]!)).acknowledgedAt).toBeUndefined();
  });

  it('grants nothing through the hint: another unit’s hint with one’s own token acts for the token’s unit only', async () => {
    const mine = await openLink(stack, tokens[4]!);
    const other = await openLink(stack, tokens[5]!);
    const crossed = { cookie: `${tokenCookieOf(mine)}; ${hintOf(other)}` };
    const res = await post(stack, '/l/acknowledge', crossed, { csrf: mine.csrf, name: 'Trần B', position: 'Chánh văn phòng' });
    expect(res.status, res.text).toBe(200);
    // The hint did not match the link item: the ordinary three calls after the wasted read.
    expect(callsOf(res)).toEqual(['BatchGetItem', 'UpdateItem', 'BatchGetItem', 'TransactWriteItems']);
    expect((await recipientOf(emails[4]!)).acknowledgedBy?.name).toBe('Trần B');
    expect((await recipientOf(emails[5]!)).acknowledgedAt).toBeUndefined();
    // A forged hint naming a dispatch and unit that do not exist changes nothing either.
    const forged = { cookie: `${tokenCookieOf(other)}; ${linkHintCookie({ dispatchId: 'nope', unitId: 'nope' }, 'http://localhost', 60).split(';')[0]}` };
    const garbled = { cookie: `${tokenCookieOf(other)}; ${LINK_HINT_COOKIE}=!!!` };
    for (const c of [forged, garbled]) expect((await post(stack, '/l/acknowledge', c, { csrf: other.csrf, name: '', position: '' })).status).toBe(400);
  });

  it('refuses a revoked link and a link over its limit, recording nothing', async () => {
    const revokedBrowser = await openLink(stack, tokens[6]!);
    const unitId = (await recipientOf(emails[6]!)).unitId;
    expect((await stack.api('POST', `/dispatches/${dispatch.id}/recipients/${unitId}/revoke-link`, { token: await clerk() })).status).toBe(200);
    expect((await post(stack, '/l/acknowledge', revokedBrowser, { csrf: revokedBrowser.csrf, name: 'A', position: 'B' })).status).toBe(404);
    expect((await recipientOf(emails[6]!)).acknowledgedAt).toBeUndefined();

    const b = await openLink(stack, tokens[7]!);
    await inOneWindow(async () => {
      // Up to the limit in this window, then the post.
      await db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.link(hashToken(tokens[7]!)),
          UpdateExpression: 'SET #w = :n',
          ExpressionAttributeNames: { '#w': `rate${Math.floor(Date.now() / 60_000)}` },
          ExpressionAttributeValues: { ':n': PER_TOKEN },
        }),
      );
      const res = await post(stack, '/l/acknowledge', b, { csrf: b.csrf, name: 'A', position: 'B' });
      expect(res.status).toBe(429);
      expect(res.text).toContain('Quá nhiều yêu cầu');
      expect(callsOf(res)).toEqual(['BatchGetItem']);
    });
    expect((await recipientOf(emails[7]!)).acknowledgedAt).toBeUndefined();
  });
});

describe("the step's guard", () => {
  it('cancels the whole step when the link is gone, and says so (GuardRefused), rather than "already done"', async () => {
    const unitId = (await recipientOf(emails[8]!)).unitId;
    const gone = linkUseGuard(hashToken('G'.repeat(43)), [], 60, PER_TOKEN, new Date());
    const step = recordAcknowledged({
      dispatchId: dispatch.id,
      unitId,
      by: { name: 'A', position: 'B' },
      at: new Date().toISOString(),
      completes: false,
      audit: { at: new Date().toISOString(), actor: `link:${unitId}`, action: 'link.acknowledged', details: { unitId } },
      guard: gone,
    });
    await expect(step).rejects.toBeInstanceOf(GuardRefused);
    expect((await recipientOf(emails[8]!)).acknowledgedAt).toBeUndefined();
  });
});

describe("the unit's audit chain head", () => {
  it('comes with the recipient item (a copy written by the steps that move the head): an edited copy is caught by the head item’s condition and never forks the chain', async () => {
    const unitId = (await recipientOf(emails[2]!)).unitId;
    const get = async (Key: Record<string, string>) => (await db().send(new GetCommand({ TableName: tableName(), Key, ConsistentRead: true }))).Item!;
    const recipientItem = () => get(keys.recipient(dispatch.id, unitId));
    const headItem = () => get(auditHeadKey(keys.dispatch(dispatch.id).PK, recipientChain(unitId)));
    // After its e-mail and its report (above), the copy is the head.
    const [before, head] = [await recipientItem(), await headItem()];
    expect({ seq: before['auditHeadSeq'], hash: before['auditHeadHash'] }).toEqual({ seq: head['seq'], hash: head['hash'] });
    // Not part of the recipient record staff see.
    expect(await recipientOf(emails[2]!)).not.toHaveProperty('auditHeadHash');

    // An edited copy (same seq, another hash): the step's head Put fails its condition, the head item is read, the step retried.
    await db().send(
      new UpdateCommand({ TableName: tableName(), Key: keys.recipient(dispatch.id, unitId), UpdateExpression: 'SET auditHeadHash = :x', ExpressionAttributeValues: { ':x': 'f'.repeat(64) } }),
    );
    const b = await openLink(stack, tokens[2]!);
    const res = await post(stack, '/l/acknowledge', b, { csrf: b.csrf, name: 'Lê Văn C', position: 'Văn thư' });
    expect(res.status, res.text).toBe(200);
    // …and the page then reads the unit's latest report version, which it shows.
    expect(callsOf(res)).toEqual(['BatchGetItem', 'TransactWriteItems', 'GetItem', 'TransactWriteItems', 'GetItem']);
    const [after, moved] = [await recipientItem(), await headItem()];
    expect(moved['seq']).toBe(head['seq'] + 1);
    expect({ seq: after['auditHeadSeq'], hash: after['auditHeadHash'] }).toEqual({ seq: moved['seq'], hash: moved['hash'] });
    expect(await verifyEntityAudit(keys.dispatch(dispatch.id).PK)).toMatchObject({ intact: true });
  });
});
