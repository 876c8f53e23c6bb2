import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where things live on disk for the local stack. Computed from this file, so any working directory works. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Persistent data of `npm start` (DynamoDB files, S3 objects, identity keys, stream checkpoints). */
export const defaultDataDir = path.join(repoRoot, '.data');

/**
 * Downloaded third-party binaries. Kept by `npm run reset` and shared by every test run on the machine,
 * so the DynamoDB Local jar is fetched once, not once per run.
 */
export const vendorDir = path.join(defaultDataDir, 'vendor');
export const dynamoDbLocalCacheDir = path.join(vendorDir, 'dynamodb-local');

/** The local stack's table (infra/local/stack.ts creates it; tools such as `npm run token` read it). */
export const LOCAL_TABLE_NAME = 'cong-van-local';
