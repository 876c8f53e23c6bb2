import { BatchGetCommand, BatchWriteCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { loadavg } from 'node:os';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { db, tableName } from '../../shared/data/client';
import { getDispatch } from '../../shared/data/dispatch-repo';
import { auditHeadKey } from '../../shared/data/audit';
import { keys, recipientChain } from '../../shared/data/keys';
import { addToStats } from '../../shared/data/stats-repo';
import { hashToken } from '../../shared/domain/tokens';
import { issue, openLink, pool, post, seedUnitGroup, tokensBySymbol } from '../support/link-client';
import { startTestStack, type TestStack } from '../support/local-stack';
import { meterDynamo, type Meter } from './dynamo-meter';
import { ms, percentile, timeIt } from './stats';
import { benchCounters } from './counters-store';
import { transactRetries } from '../../shared/data/transact';
import { cpuNow, cpuPer } from './cpu-meter';
import { leanPoster } from './lean-client';

/**
 * The emailed link under load on the local stack: one dispatch to 1,000 units, every unit
 * acknowledging at concurrency 50, beside raw UpdateItems of the same recipient items at the same
 * concurrency in the same run (the ratio is what compares across machines); the DynamoDB calls and
 * write units of one acknowledgment (every call asks for ReturnConsumedCapacity); and the read units
 * of the summary at 10 and at 10,000 recipients (the 10,000 written directly, not mailed).
 */
const UNITS = Number(process.env['BENCH_UNITS'] ?? 1000);
const CONCURRENCY = 50;
const BIG = 10_000;

async function summaryRead(stack: TestStack, meter: Meter, dispatchId: string) {
  const leader = await stack.tokenFor('u-mai-luong-khoi', ['leader']);
  meter.reset();
  const summary = await stack.api('GET', `/dispatches/${dispatchId}/summary`, { token: leader });
  if (summary.status !== 200) throw new Error(`summary failed: ${summary.status}`);
  const route = { rcu: meter.rcu, calls: meter.calls };
  // The read that carries the counters, alone (the route also reads the caller's directory record, …).
  meter.reset();
  await getDispatch(dispatchId);
  return { ...route, countersRcu: meter.rcu, summary: summary.json.summary };
}

/** Raw DynamoDB Local writes of the same recipient items, at the same concurrency: the ceiling. */
async function rawWrites(items: readonly { dispatchId: string; unitId: string }[], round: number) {
  const cpuStart = cpuNow();
  const run = await timeIt(() =>
    pool(items, CONCURRENCY, (r, i) =>
      db().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keys.recipient(r.dispatchId, r.unitId),
          UpdateExpression: 'SET benchTouched = :n',
          ExpressionAttributeValues: { ':n': round * 1_000_000 + i },
        }),
      ),
    ),
  );
  return { rate: (items.length / run.ms) * 1000, cpu: cpuPer(cpuStart, cpuNow(), items.length) };
}

/**
 * The items an acknowledgment's transaction writes, each touched on a bench attribute only: recipient,
 * counter shard, an audit-sized new item (a key no query of the product reads), chain head, link.
 */
function ackWrites(r: { dispatchId: string; unitId: string; token: string }, round: number, i: number) {
  const touch = (Key: Record<string, unknown>) => ({
    Update: { TableName: tableName(), Key, UpdateExpression: 'SET benchTouched = :n', ExpressionAttributeValues: { ':n': round * 1_000_000 + i } },
  });
  return [
    touch(keys.recipient(r.dispatchId, r.unitId)),
    touch(addToStats(r.dispatchId, r.unitId, { benchTouched: 1 }).Update!.Key!),
    { Put: { TableName: tableName(), Item: { PK: keys.dispatch(r.dispatchId).PK, SK: `BENCH#${round}#${r.unitId}`, type: 'BenchItem', padding: 'x'.repeat(700) } } },
    touch(auditHeadKey(keys.dispatch(r.dispatchId).PK, recipientChain(r.unitId))),
    touch(keys.link(hashToken(r.token))),
  ];
}

/**
 * A second baseline, beside the issue's: the DynamoDB calls of one acknowledgment alone, made raw at the
 * same concurrency (no HTTP, gateway, handler or page): the strongly consistent BatchGet of the items a post
 * reads (link, dispatch, recipient: the unit's audit chain head comes with the recipient) and one
 * TransactWriteItems of the items it writes (`ackWrites`). The floor of what an acknowledgment costs
 * DynamoDB Local; what the route spends above it is the HTTP and handler side.
 */
async function rawAckCalls(items: readonly { dispatchId: string; unitId: string; token: string }[], round: number) {
  const cpuStart = cpuNow();
  const run = await timeIt(() =>
    pool(items, CONCURRENCY, async (r, i) => {
      await db().send(
        new BatchGetCommand({
          RequestItems: { [tableName()]: { Keys: [keys.link(hashToken(r.token)), keys.dispatch(r.dispatchId), keys.recipient(r.dispatchId, r.unitId)], ConsistentRead: true } },
        }),
      );
      await db().send(new TransactWriteCommand({ TransactItems: ackWrites(r, round, i) }));
    }),
  );
  return { rate: (items.length / run.ms) * 1000, cpu: cpuPer(cpuStart, cpuNow(), items.length) };
}

/**
 * The transaction alone, without the read, with the first `size` of its items: 1 (the recipient, as a
 * transaction), 2 (the step and its count, the least that keeps counts exact under retries), 3, 5 (all).
 * What DynamoDB Local makes any design pay that records a step atomically with its count.
 */
async function rawTransactions(items: readonly { dispatchId: string; unitId: string; token: string }[], round: number, size: number) {
  const run = await timeIt(() =>
    pool(items, CONCURRENCY, (r, i) => db().send(new TransactWriteCommand({ TransactItems: ackWrites(r, round, i).slice(0, size) }))),
  );
  return (items.length / run.ms) * 1000;
}

/** 10,000 recipients written straight into a dispatch's partition (already mailed, so no consumer acts). */
async function writeRecipients(dispatchId: string, n: number) {
  const at = new Date().toISOString();
  const batches = Array.from({ length: Math.ceil(n / 25) }, (_, b) => b);
  await pool(batches, 8, async (b) => {
    const items = Array.from({ length: Math.min(25, n - b * 25) }, (_, i) => {
      const unitId = `bulk-${String(b * 25 + i).padStart(5, '0')}`;
      return {
        PutRequest: {
          Item: {
            ...keys.recipient(dispatchId, unitId),
            type: 'Recipient',
            dispatchId,
            unitId,
            unitName: `Đơn vị ${unitId}`,
            email: `${unitId}@thads.moj.gov.vn`,
            role: 'action',
            createdAt: at,
            mailStatus: 'sent',
            mailAttempts: 1,
            mailSentAt: at,
          },
        },
      };
    });
    let request: Record<string, (typeof items)[number][]> | undefined = { [tableName()]: items };
    while (request && Object.keys(request).length) {
      const out = await db().send(new BatchWriteCommand({ RequestItems: request }));
      request = out.UnprocessedItems as typeof request;
    }
  });
}

/** BENCH_PROFILE=<file.cpuprofile>: a CPU profile of this process during the acknowledgments (open it in Chrome's DevTools). */
async function startProfile() {
  const file = process.env['BENCH_PROFILE'];
  if (!file) return undefined;
  const { Session } = await import('node:inspector/promises');
  const { writeFile } = await import('node:fs/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

export async function benchAcknowledge(): Promise<void> {
  process.env['LINK_RATE_PER_IP'] = '100000000';
  const stack = await startTestStack();
  const meter = meterDynamo(db());
  try {
    const small = await seedUnitGroup(stack, 'bs', 10);
    const big = await seedUnitGroup(stack, 'bb', UNITS);
    const content = { ...exampleDispatchContent(), citations: [] };
    const ten = await issue(stack, { ...content, addressees: [{ kind: 'group', groupId: small }] });
    const bulk = await issue(stack, { ...content, addressees: [{ kind: 'group', groupId: small }] });
    const issued = await timeIt(() => issue(stack, { ...content, addressees: [{ kind: 'group', groupId: big }] }));
    const thousand = issued.value;
    const tokenByEmail = await tokensBySymbol(stack, thousand.symbol);
    const tokens = [...tokenByEmail.values()];
    const browsers = await pool(tokens, CONCURRENCY, (token) => openLink(stack, token));
    const unitIds = Array.from({ length: UNITS }, (_, i) => ({ dispatchId: thousand.id, unitId: `bb-${String(i + 1).padStart(4, '0')}` }));
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const reportForm = { 'status.1': 'done', 'doneOn.1': today, 'note.1': 'Đã quán triệt.', 'status.2': 'partly', 'note.2': 'Đang rà soát.' };

    // Warm-up, reported apart and not counted: the ten units of the small dispatch acknowledge and report
    // first, so the two routes' modules are loaded and their code compiled before the measured run, as in
    // the warm containers Lambda keeps. Without it the first requests of the run (all 50 at once) wait for
    // the handler's first import, and that wait is most of the run's p99.
    const warmBrowsers = await pool([...(await tokensBySymbol(stack, ten.symbol)).values()], 10, (token) => openLink(stack, token));
    const warmAck = await timeIt(() => pool(warmBrowsers, 10, (b, i) => post(stack, '/l/acknowledge', b, { csrf: b.csrf, name: `Khởi động ${i}`, position: 'Văn thư' })));
    const warmReport = await timeIt(() => pool(warmBrowsers, 10, (b) => post(stack, '/l/report', b, { csrf: b.csrf, ...reportForm })));
    if ([...warmAck.value, ...warmReport.value].some((r) => r.status !== 200)) throw new Error('warm-up failed');

    const { rate: rawBefore, cpu: rawCpu } = await rawWrites(unitIds, 1);
    const client = leanPoster(stack.stack.urls.api, CONCURRENCY);
    const latencies: number[] = [];
    await new Promise((resolve) => setTimeout(resolve, 500));
    const load = loadavg()[0]!;
    meter.reset();
    const retriesBefore = transactRetries.count;
    const profiler = await startProfile();
    const ackCpuStart = cpuNow();
    const run = await timeIt(() =>
      pool(browsers, CONCURRENCY, async (b, i) => {
        const start = performance.now();
        const res = await client.post('/l/acknowledge', b.cookie, { csrf: b.csrf, name: `Người nhận ${i}`, position: 'Văn thư' });
        latencies.push(performance.now() - start);
        if (res.status !== 200) throw new Error(`acknowledge failed: ${res.status}`);
      }),
    );
    const ackCpu = cpuPer(ackCpuStart, cpuNow(), tokens.length);
    await profiler?.stop();
    const ackRetries = transactRetries.count - retriesBefore;
    const ackMeter = { calls: meter.describe(tokens.length), wcu: (meter.tableWcu + meter.indexWcu) / tokens.length, indexWcu: meter.indexWcu / tokens.length, rcu: meter.rcu / tokens.length };
    // The same units then send their first report: the other step of the link that counts.
    const reportLatencies: number[] = [];
    meter.reset();
    const reportRetriesBefore = transactRetries.count;
    const reportCpuStart = cpuNow();
    const reports = await timeIt(() =>
      pool(browsers, CONCURRENCY, async (b) => {
        const start = performance.now();
        const res = await client.post('/l/report', b.cookie, { csrf: b.csrf, ...reportForm });
        reportLatencies.push(performance.now() - start);
        if (res.status !== 200) throw new Error(`report failed: ${res.status}`);
      }),
    );
    const reportCpu = cpuPer(reportCpuStart, cpuNow(), tokens.length);
    const reportRetries = transactRetries.count - reportRetriesBefore;
    reportLatencies.sort((a, b) => a - b);
    const reportMeter = { calls: meter.describe(tokens.length), wcu: (meter.tableWcu + meter.indexWcu) / tokens.length, indexWcu: meter.indexWcu / tokens.length };
    client.close();
    const { rate: rawAfter } = await rawWrites(unitIds, 2);
    meter.reset();
    const withTokens = unitIds.map((u) => ({ ...u, token: tokenByEmail.get(`${u.unitId}@thads.moj.gov.vn`)! }));
    const rawAck = await rawAckCalls(withTokens, 3);
    const TRANSACTION_SIZES = [1, 2, 3, 5];
    const transactionRates: number[] = [];
    for (const [k, size] of TRANSACTION_SIZES.entries()) transactionRates.push(await rawTransactions(withTokens, 4 + k, size));
    latencies.sort((a, b) => a - b);
    const acks = (tokens.length / run.ms) * 1000;
    const raw = (rawBefore + rawAfter) / 2;

    await writeRecipients(bulk.id, BIG);
    // One counter step on its own (outside a transaction, which doubles it): what the counters' item costs to move.
    meter.reset();
    await benchCounters.add(bulk.id, { recipients: BIG, mailSent: BIG });
    const step = { wcu: meter.tableWcu + meter.indexWcu, indexWcu: meter.indexWcu };
    const at10 = await summaryRead(stack, meter, ten.id);
    const atBig = await summaryRead(stack, meter, bulk.id);
    const at1000 = await summaryRead(stack, meter, thousand.id);

    console.log(`\n# Emailed link on the local stack: ${tokens.length} recipients, acknowledgments at concurrency ${CONCURRENCY}`);
    console.log(`load average (1 min)     ${load.toFixed(2)} at the start of the acknowledgments, ${loadavg()[0]!.toFixed(2)} at the end`);
    console.log(`issue → all ${tokens.length} emails      ${ms(issued.ms)}`);
    console.log(`acknowledgments          ${tokens.length} in ${ms(run.ms)} = ${acks.toFixed(1)} /s`);
    console.log(`raw UpdateItem, same items ${raw.toFixed(1)} /s (${rawBefore.toFixed(1)} before the acknowledgments, ${rawAfter.toFixed(1)} after the reports)`);
    console.log(`ratio                    ${((acks / raw) * 100).toFixed(1)} % of raw`);
    console.log(`second baseline          ${rawAck.rate.toFixed(1)} /s: an ack's own DynamoDB calls made raw (BatchGet of its 3 items, TransactWrite of 5), ${rawAck.cpu.text} each; acknowledgments reach ${((acks / rawAck.rate) * 100).toFixed(1)} % of it`);
    console.log(
      `transaction floor        TransactWriteItems of ${TRANSACTION_SIZES.join(' / ')} of those items, raw, no read: ` +
        `${transactionRates.map((r) => r.toFixed(1)).join(' / ')} /s = ${transactionRates.map((r) => ((r / raw) * 100).toFixed(1)).join(' / ')} % of raw UpdateItem`,
    );
    console.log(`warm-up (not counted)    10 acknowledgments in ${ms(warmAck.ms)}, 10 reports in ${ms(warmReport.ms)} (another dispatch, before the run: the routes' first import)`);
    console.log(`acknowledge latency      p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}`);
    console.log(`DynamoDB per ack         ${ackMeter.calls}`);
    console.log(`CPU per ack              ${ackCpu.text} (per raw UpdateItem: ${rawCpu.text}; the node process also runs the bench's client and the stream runner)`);
    console.log(`contended transactions   ${ackRetries} retries in ${tokens.length} acknowledgments, ${reportRetries} in ${tokens.length} reports (TransactionConflict on a shared item)`);
    console.log(`capacity per ack         ${ackMeter.wcu.toFixed(2)} WCU (${ackMeter.indexWcu.toFixed(2)} of them on indexes), ${ackMeter.rcu.toFixed(2)} RCU`);
    console.log(`reports (first version)  ${tokens.length} in ${ms(reports.ms)} = ${((tokens.length / reports.ms) * 1000).toFixed(1)} /s, p50 ${ms(percentile(reportLatencies, 50))}, p99 ${ms(percentile(reportLatencies, 99))}`);
    console.log(`DynamoDB per report      ${reportMeter.calls}; ${reportMeter.wcu.toFixed(2)} WCU (${reportMeter.indexWcu.toFixed(2)} on indexes)`);
    console.log(`CPU per report           ${reportCpu.text}`);
    console.log(`one counter step         ${step.wcu.toFixed(2)} WCU (${step.indexWcu.toFixed(2)} of them on indexes), a single UpdateItem ADD on the counters' item`);
    console.log(`summary route            ${at10.rcu} RCU in ${at10.calls} calls at ${at10.summary.recipients} recipients, ${atBig.rcu} RCU in ${atBig.calls} calls at ${atBig.summary.recipients} recipients`);
    console.log(`its counters' read       ${at10.countersRcu} RCU at ${at10.summary.recipients} recipients, ${atBig.countersRcu} RCU at ${atBig.summary.recipients} recipients (getDispatch)`);
    console.log(`counters after the run   acknowledged ${at1000.summary.acknowledged}, reported ${at1000.summary.reported} of ${at1000.summary.recipients}`);
  } finally {
    await stack.stop();
  }
}
