import { consoleLog, quietLog } from '../../infra/local/log';
import { seedIfEmpty } from '../../infra/local/seed';
import { faultsFromEnv } from '../../infra/local/ses-faults';
import { startLocalStack } from '../../infra/local/stack';

/**
 * The local stack as a process of its own, for the crash tests (test/support/stack-process.ts starts
 * it): DynamoDB on disk as `npm start` keeps it (in memory only when asked, CRASH_STACK_IN_MEMORY), the
 * demo data on first start, fixed ports and data directory from the environment, SES faults from
 * SES_LOCAL_*. Prints one line
 * `READY {urls}` on stdout once the API answers. Everything else the product reads (SES_MAX_SEND_RATE,
 * MAIL_RETRY_WINDOW, …) comes with the environment the harness gives it, as Lambda's configuration would.
 */
const dataDir = process.env['CRASH_STACK_DATA_DIR'];
const ports = JSON.parse(process.env['CRASH_STACK_PORTS'] ?? 'null') as { api: number; dynamodb: number; ses: number; s3: number } | null;
if (!dataDir || !ports) throw new Error('CRASH_STACK_DATA_DIR and CRASH_STACK_PORTS are required');
process.env['POWERTOOLS_LOG_LEVEL'] ??= 'WARN';

const log = process.env['LOCAL_STACK_VERBOSE'] ? consoleLog('[crash-stack]') : quietLog('[crash-stack]');
const stack = await startLocalStack({
  dataDir,
  ports,
  // A proof that never restarts the stack may keep the table in memory (stack-process.ts, inMemory).
  inMemory: process.env['CRASH_STACK_IN_MEMORY'] === '1',
  sesFaults: faultsFromEnv(),
  log,
  // Printed so a crash test can tell a restart that found its data from one that seeded an empty table.
  seed: async () => void process.stdout.write(`SEED ${JSON.stringify(await seedIfEmpty())}\n`),
});
process.stdout.write(`READY ${JSON.stringify(stack.urls)}\n`);

const stop = () => {
  stack.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
