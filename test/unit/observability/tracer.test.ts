import { describe, expect, it } from 'vitest';
import { S3Client } from '@aws-sdk/client-s3';
import { traced, tracer } from '../../../shared/tracer';

/** Outside Lambda (tests, the local stack) tracing is off and the SDK clients are left as they are. */
describe('tracer', () => {
  it('is off outside Lambda and hands the client back untouched', () => {
    expect(tracer.isTracingEnabled()).toBe(false);
    const client = new S3Client({ region: 'ap-southeast-1' });
    const before = client.middlewareStack.identify().length;
    expect(traced(client)).toBe(client);
    expect(client.middlewareStack.identify().length).toBe(before);
  });
});
