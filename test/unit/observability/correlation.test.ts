import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { z } from 'zod';
import { marshall } from '@aws-sdk/util-dynamodb';
import { correlationIdOf, withCurrentCorrelation } from '../../../shared/correlation';
import { streamHandler } from '../../../shared/events/stream';
import { logger } from '../../../shared/logger';
import { queueHandler } from '../../../shared/queue/queue-handler';

/**
 * The correlation id that follows a dispatch (shared/correlation.ts): a stream record of an item that
 * carries one, and a queue message whose body carries one, are worked under it, so every log line of
 * their work has `correlation_id`, and every message sent from there carries it on. Records of one
 * batch are worked side by side, each under its own id.
 */
let lines: Record<string, unknown>[] = [];
beforeEach(() => {
  lines = [];
  logger.setLogLevel('INFO');
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    for (const l of String(chunk).split('\n')) if (l.startsWith('{')) lines.push(JSON.parse(l) as Record<string, unknown>);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

const streamEvent = (items: Record<string, unknown>[]): DynamoDBStreamEvent => ({
  Records: items.map((item, i) => ({
    eventName: 'MODIFY',
    dynamodb: { NewImage: marshall(item) as never, SequenceNumber: String(i + 1) },
  })),
});

const sqsEvent = (bodies: unknown[]): SQSEvent => ({
  Records: bodies.map((body, i) => ({
    messageId: `m-${i}`,
    receiptHandle: `r-${i}`,
    body: JSON.stringify(body),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:ap-southeast-1:000000000000:mail',
    awsRegion: 'ap-southeast-1',
  })),
});

describe('correlation id', () => {
  it('a stream record is worked under the id its item carries; what it sends on carries the id too', async () => {
    const sent: unknown[] = [];
    // The first record waits until the second has logged: their work interleaves, each under its own id.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const handler = streamHandler('test-stream', async (image) => {
      if (image['id'] === 'd-1') await gate;
      logger.info('worked', { dispatchId: image['id'] });
      if (image['id'] === 'd-2') open();
      sent.push(withCurrentCorrelation({ kind: 'issue', dispatchId: image['id'] }));
    });
    await handler(streamEvent([{ id: 'd-1', correlationId: 'req-A' }, { id: 'd-2', correlationId: 'req-B' }, { id: 'd-3' }]));
    const worked = lines.filter((l) => l['message'] === 'worked');
    expect(worked.map((l) => [l['dispatchId'], l['correlation_id']])).toEqual([
      ['d-2', 'req-B'],
      ['d-3', undefined],
      ['d-1', 'req-A'],
    ]);
    expect(sent.map(correlationIdOf).sort()).toEqual(['req-A', 'req-B', undefined].sort());
  });

  it('a queue message is worked under the id its body carries, and the id ends there after the message', async () => {
    const handler = queueHandler('mail', z.object({ kind: z.string(), dispatchId: z.string() }), async (message) => {
      logger.info('mail sent', { dispatchId: message.dispatchId });
      return 'done';
    });
    await handler(sqsEvent([{ kind: 'issue', dispatchId: 'd-1', correlationId: 'req-A' }, { kind: 'issue', dispatchId: 'd-2' }]));
    logger.info('after');
    expect(lines.filter((l) => l['message'] === 'mail sent').map((l) => [l['dispatchId'], l['correlation_id']])).toEqual([
      ['d-1', 'req-A'],
      ['d-2', undefined],
    ]);
    expect(lines.find((l) => l['message'] === 'after')?.['correlation_id']).toBeUndefined();
  });

  it('ignores a correlation id that is not a short string', () => {
    expect(correlationIdOf({ correlationId: 42 })).toBeUndefined();
    expect(correlationIdOf({ correlationId: 'x'.repeat(200) })).toBeUndefined();
    expect(correlationIdOf(null)).toBeUndefined();
  });
});
