import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { db, tableName } from '../../shared/data/client';
import { keys } from '../../shared/data/keys';
import { issue, openLink, pool, post, seedUnitGroup, tokensBySymbol } from '../support/link-client';
import { startTestStack, type TestStack } from '../support/local-stack';
import { ms, percentile, timeIt } from './stats';

/**
 * The emailed link under load on the local stack: one dispatch to 1,000 units, every unit
 * acknowledging at concurrency 50 (throughput, p50/p99 of the acknowledgment route), and the
 * DynamoDB capacity the summary read consumes at 10 and at 1,000 recipients (it should not grow).
 */
const UNITS = Number(process.env['BENCH_UNITS'] ?? 1000);
const CONCURRENCY = 50;

async function summaryCapacity(stack: TestStack, dispatchId: string) {
  // The same read the summary route makes: the dispatch item with its counters, strongly consistent.
  const out = await db().send(
    new GetCommand({ TableName: tableName(), Key: keys.dispatch(dispatchId), ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }),
  );
  const leader = await stack.tokenFor('u-mai-luong-khoi', ['leader']);
  const summary = await stack.api('GET', `/dispatches/${dispatchId}/summary`, { token: leader });
  return { capacity: out.ConsumedCapacity?.CapacityUnits, summary: summary.json.summary };
}

export async function benchAcknowledge(): Promise<void> {
  process.env['LINK_RATE_PER_IP'] = '100000000';
  const stack = await startTestStack();
  try {
    const small = await seedUnitGroup(stack, 'bs', 10);
    const big = await seedUnitGroup(stack, 'bb', UNITS);
    const content = { ...exampleDispatchContent(), citations: [] };
    const ten = await issue(stack, { ...content, addressees: [{ kind: 'group', groupId: small }] });
    const issued = await timeIt(() => issue(stack, { ...content, addressees: [{ kind: 'group', groupId: big }] }));
    const thousand = issued.value;
    const tokens = [...(await tokensBySymbol(stack, thousand.symbol)).values()];
    const browsers = await pool(tokens, CONCURRENCY, (token) => openLink(stack, token));

    const latencies: number[] = [];
    const run = await timeIt(() =>
      pool(browsers, CONCURRENCY, async (b, i) => {
        const start = performance.now();
        const res = await post(stack, '/l/acknowledge', b, { csrf: b.csrf, name: `Người nhận ${i}`, position: 'Văn thư' });
        latencies.push(performance.now() - start);
        if (res.status !== 200) throw new Error(`acknowledge failed: ${res.status}`);
      }),
    );
    latencies.sort((a, b) => a - b);
    const at10 = await summaryCapacity(stack, ten.id);
    const at1000 = await summaryCapacity(stack, thousand.id);

    console.log(`\n# Emailed link on the local stack: ${tokens.length} recipients, acknowledgments at concurrency ${CONCURRENCY}`);
    console.log(`issue → all ${tokens.length} emails      ${ms(issued.ms)}`);
    console.log(`acknowledgments          ${tokens.length} in ${ms(run.ms)} = ${((tokens.length / run.ms) * 1000).toFixed(1)} /s`);
    console.log(`acknowledge latency      p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}`);
    console.log(`summary read capacity    ${at10.capacity} RCU at ${at10.summary.recipients} recipients, ${at1000.capacity} RCU at ${at1000.summary.recipients} recipients`);
    console.log(`counters after the run   acknowledged ${at1000.summary.acknowledged} of ${at1000.summary.recipients}`);
  } finally {
    await stack.stop();
  }
}
