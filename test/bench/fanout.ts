import { exampleDispatchContent } from '../../infra/local/demo-data';
import { importUnitGroup, issueMails, issueToGroup, perAddress, type Outside } from '../support/fanout';
import { startTestStack } from '../support/local-stack';
import { ms } from './stats';

/**
 * Time to all sent, with an unthrottled SES stand-in: from the issue call until every recipient's
 * e-mail is in the stand-in's send log (counted at SES's side), for 72 recipients (the example
 * dispatch to the demo groups), 770 (a whole system's units) and 10,000 (five groups of 2,000, a
 * group's limit). Printed, not asserted. `BENCH_FANOUT_SIZES=72,770` runs some of them; the units are
 * imported through the API first (not timed).
 */
const SIZES = (process.env['BENCH_FANOUT_SIZES'] ?? '72,770,10000').split(',').map(Number).filter((n) => n > 0);
/** Past this, the row says "not all sent" with how many were. */
const GIVE_UP_MS = Number(process.env['BENCH_FANOUT_GIVE_UP_MS'] ?? 30 * 60_000);
/**
 * The product's pacer rate (SES_MAX_SEND_RATE) for this bench: by default far above what the stack can
 * send, so the figures are the stack's own (at the default 14/s, 10,000 e-mails take 12 minutes whatever
 * the code does). `BENCH_FANOUT_RATE=14` shows an account at SES's starting quota.
 */
const RATE = process.env['BENCH_FANOUT_RATE'] ?? '1000';

export async function benchFanOut(): Promise<void> {
  process.env['SES_MAX_SEND_RATE'] = RATE;
  const stack = await startTestStack();
  const outside: Outside = { api: stack.api, tokenFor: stack.tokenFor, sent: () => stack.stack.mail.sent() };
  const rows: string[] = [];
  try {
    for (const size of SIZES) rows.push(await oneSize(outside, size));
  } finally {
    await stack.stop();
  }
  console.log(`\n# Time to all sent, unthrottled SES stand-in, pacer at SES_MAX_SEND_RATE=${RATE}/s (issue call → every recipient in the send log)`);
  for (const row of rows) console.log(row);
}

async function oneSize(outside: Outside, size: number): Promise<string> {
  let groupIds: string[];
  if (size === 72) {
    groupIds = exampleDispatchContent().addressees.flatMap((a) => (a.kind === 'group' ? [a.groupId] : []));
  } else {
    const prefix = `f${size}`;
    groupIds = [];
    for (let left = size, g = 1; left > 0; left -= 2000, g++) groupIds.push((await importUnitGroup(outside, `${prefix}g${g}`, Math.min(2000, left), 3, 50)).groupId);
  }
  const started = performance.now();
  const dispatch = await issueToGroup(outside, groupIds);
  let reached = 0;
  for (;;) {
    reached = perAddress(issueMails(await outside.sent(), dispatch.symbol)).size;
    if (reached >= size || performance.now() - started > GIVE_UP_MS) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const elapsed = performance.now() - started;
  const rate = reached / (elapsed / 1000);
  return reached >= size
    ? `${String(size).padStart(6)} recipients  ${ms(elapsed).padStart(12)}  (${rate.toFixed(1)} e-mails/s)`
    : `${String(size).padStart(6)} recipients  not all sent after ${ms(elapsed)}: ${reached}`;
}
