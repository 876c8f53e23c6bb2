import path from 'node:path';
import { defaultDataDir } from './paths';
import { resetLocalData } from './reset-data';

/** `npm run reset`: forget all local data; the next `npm start` loads the demo data again. */
async function main(): Promise<void> {
  const { removed, kept } = await resetLocalData(defaultDataDir);
  const rel = path.relative(process.cwd(), defaultDataDir) || '.data';
  if (removed.length) {
    console.log(`Đã xoá dữ liệu cục bộ trong ${rel}/ / Deleted the local data in ${rel}/: ${removed.join(', ')}`);
  } else {
    console.log(`Không có dữ liệu cục bộ để xoá / No local data to delete in ${rel}/`);
  }
  console.log(
    `Giữ lại ${rel}/${kept}/ (DynamoDB Local đã tải, khỏi tải lại) / Kept ${rel}/${kept}/ (the downloaded DynamoDB Local, so it is not fetched again).\n` +
      'Lần `npm start` tới sẽ nạp lại dữ liệu mẫu / The next `npm start` loads the demo data again.',
  );
}

main().catch((error: unknown) => {
  console.error(`✖ ${(error as Error).message ?? String(error)}`);
  process.exit(1);
});
