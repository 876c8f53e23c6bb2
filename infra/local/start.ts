import { performance } from 'node:perf_hooks';
import { consoleLog } from './log';
import { PortInUseError } from './net';
import { defaultDataDir } from './paths';
import { demoPeople } from './demo-data';
import { seedIfEmpty } from './seed';
import { faultsFromEnv } from './ses-faults';
import { startLocalStack, type LocalStack } from './stack';

/**
 * `npm start`: the whole system on this machine, with the demo data on first start. Data persists in
 * `.data/` (`npm run reset` wipes it). Ports: API_PORT, DYNAMODB_PORT, SES_PORT, S3_PORT, SQS_PORT.
 */
const log = consoleLog('[local]');

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name}=${raw}: cần số cổng 0–65535 / must be a port number 0–65535`);
  }
  return port;
}

async function main(): Promise<void> {
  const started = performance.now();
  let seeded = false;
  const stack = await startLocalStack({
    dataDir: defaultDataDir,
    ports: {
      api: portFromEnv('API_PORT', 3000),
      dynamodb: portFromEnv('DYNAMODB_PORT', 8000),
      ses: portFromEnv('SES_PORT', 8005),
      s3: portFromEnv('S3_PORT', 4568),
      sqs: portFromEnv('SQS_PORT', 9324),
    },
    // SES_LOCAL_RATE, SES_LOCAL_TRANSIENT_SHARE, SES_LOCAL_SEED, SES_LOCAL_OUTAGE: unset, no faults.
    sesFaults: faultsFromEnv(),
    log,
    seed: async () => {
      ({ seeded } = await seedIfEmpty());
    },
  });
  const seconds = (performance.now() - started) / 1000;
  printWelcome(stack, seconds, seeded);
  stopOnSignals(stack);
}

function printWelcome(stack: LocalStack, seconds: number, seeded: boolean): void {
  const api = stack.urls.api;
  const clerk = demoPeople.find((u) => u.roles.includes('clerk'))?.id ?? 'u-vanthu';
  const time = { vi: seconds.toFixed(1).replace('.', ','), en: seconds.toFixed(1) };
  const data = seeded
    ? 'Đã nạp dữ liệu mẫu / Demo data loaded'
    : 'Giữ dữ liệu đã có trong .data/ (npm run reset để làm lại từ đầu) / Kept the existing data in .data/ (npm run reset starts over)';
  console.log(`
✔ Hệ thống cục bộ sẵn sàng sau ${time.vi} giây / Local stack ready in ${time.en} s
  ${data}

  Giao diện web / Web pages             ${api}/app/home
  API                                   ${api}
  Tài liệu API (OpenAPI)                ${api}/openapi.json
  Hộp thư SES / SES inbox               ${stack.urls.sesInbox}
  Giả lập sự cố SES / SES fault switch  ${stack.urls.sesInbox}/_faults   (curl -X POST -d '{"outage":"fail"}' …; '{"outage":null}')
  Người dùng mẫu / Demo users           ${api}/dev/users
  Thư lỗi bị gác lại / Dead letters     ${api}/dev/dead-letters
  DynamoDB Local                        ${stack.urls.dynamodb}
  S3 (s3rver)                           ${stack.urls.s3}
  SQS (local-aws-sqs)                   ${stack.urls.sqs}

  Đăng nhập thử (chỉ ở máy cục bộ) / Dev sign-in (local only):
    curl -s -X POST ${api}/dev/sign-in -H 'content-type: application/json' -d '{"userId":"${clerk}"}'
  Lấy token cho một vai trò / Get a token for a role:
    TOKEN=$(npm run --silent token -- --role clerk --user ${clerk})
    curl -H "Authorization: Bearer $TOKEN" ${api}/me

  Dừng: Ctrl-C / Stop: Ctrl-C
`);
}

function stopOnSignals(stack: LocalStack): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn('Buộc thoát / Forced exit');
      process.exit(1);
    }
    stopping = true;
    log.info(`${signal}: đang dừng... / stopping...`);
    stack
      .stop()
      .then(() => {
        log.info('Đã dừng / Stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        log.error('Dừng không sạch / Stop failed', error);
        process.exit(1);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // Expected problems (taken port, no Java) get their message only; anything else its stack too.
  const expected = error instanceof PortInUseError || /Java|npm pack|tar|data directory|SES_LOCAL_/.test((error as Error)?.message ?? '');
  if (expected) console.error(`\n✖ ${(error as Error).message}\n`);
  else log.error('Không khởi động được / Could not start', error);
  process.exit(1);
});
