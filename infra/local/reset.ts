import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { lockDataDir } from './data-lock';
import { defaultDataDir, vendorDir } from './paths';

/**
 * `npm run reset`: forget all local data (table, PDFs, identity keys, stream checkpoints, dead letters)
 * so the next `npm start` seeds the demo again. The downloaded DynamoDB Local in .data/vendor/ is kept.
 * Refused while `npm start` runs: its database files are in use.
 */
async function main(): Promise<void> {
  const list = () => readdir(defaultDataDir).catch(() => [] as string[]);
  // Refuses while `npm start` runs on this directory (our own lock is deleted with the rest below).
  if ((await list()).length) await lockDataDir(defaultDataDir);
  const entries = await list();
  const keep = path.basename(vendorDir);
  const removed = entries.filter((name) => name !== keep);
  for (const name of removed) await rm(path.join(defaultDataDir, name), { recursive: true, force: true });

  const rel = path.relative(process.cwd(), defaultDataDir) || '.data';
  if (removed.length) {
    console.log(`Đã xoá dữ liệu cục bộ trong ${rel}/ / Deleted the local data in ${rel}/: ${removed.join(', ')}`);
  } else {
    console.log(`Không có dữ liệu cục bộ để xoá / No local data to delete in ${rel}/`);
  }
  console.log(
    `Giữ lại ${rel}/${keep}/ (DynamoDB Local đã tải, khỏi tải lại) / Kept ${rel}/${keep}/ (the downloaded DynamoDB Local, so it is not fetched again).\n` +
      'Lần `npm start` tới sẽ nạp lại dữ liệu mẫu / The next `npm start` loads the demo data again.',
  );
}

main().catch((error: unknown) => {
  console.error(`✖ ${(error as Error).message ?? String(error)}`);
  process.exit(1);
});
