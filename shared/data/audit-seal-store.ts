import { GetObjectCommand, ListObjectsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from './s3-client';
import { config } from '../config';

/**
 * The audit seals: one JSON object per seal, never overwritten (in AWS the bucket has Object Lock in
 * compliance mode, so not even the account's root can delete or change one before it expires).
 * Keys sort newest first (`audit-seals/<inverted milliseconds>-<time>.json`), so the latest is the first listed.
 */

const bucket = () => config().AUDIT_SEAL_BUCKET ?? config().PDF_BUCKET;
const PREFIX = 'audit-seals/';
const MAX_MS = 9_999_999_999_999;

export const sealKey = (sealedAt: string) => `${PREFIX}${String(MAX_MS - Date.parse(sealedAt)).padStart(13, '0')}-${sealedAt.replace(/[^0-9TZ]/g, '')}.json`;

export async function putSeal(sealedAt: string, body: string): Promise<string> {
  const key = sealKey(sealedAt);
  await s3().send(new PutObjectCommand({ Bucket: bucket(), Key: key, Body: body, ContentType: 'application/json' }));
  return key;
}

/** The latest seal's JSON, if any seal was written. */
export async function latestSeal(): Promise<string | undefined> {
  // ListObjects (v1): s3rver answers a truncated v2 listing with a DES continuation token, which Node 24's OpenSSL refuses.
  const list = await s3().send(new ListObjectsCommand({ Bucket: bucket(), Prefix: PREFIX, MaxKeys: 1 }));
  const key = list.Contents?.[0]?.Key;
  if (!key) return undefined;
  const out = await s3().send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
  return out.Body!.transformToString('utf8');
}
