import { S3Client } from '@aws-sdk/client-s3';
import { config } from '../config';
import { traced } from '../tracer';

/** The one S3 client of a process (PDFs and audit seals alike), made on first use. */
let client: S3Client | undefined;

export function s3(): S3Client {
  if (!client) {
    const { AWS_REGION, S3_ENDPOINT } = config();
    client = traced(new S3Client({ region: AWS_REGION, ...(S3_ENDPOINT ? { endpoint: S3_ENDPOINT, forcePathStyle: true } : {}) }));
  }
  return client;
}
