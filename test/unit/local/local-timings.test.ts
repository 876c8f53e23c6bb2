import { describe, expect, it } from 'vitest';
import { MAIL_QUEUE, queues } from '../../../functions/queues';
import { localHandlerTimeoutMs, localQueueDefs, localTimingsFromEnv } from '../../../infra/local/local-timings';

describe('the local stack timings the fan-out proofs shorten', () => {
  it('are AWS\'s own when unset', () => {
    const timings = localTimingsFromEnv({});
    expect(timings).toEqual({});
    expect(localQueueDefs(queues, timings)).toEqual(queues);
    expect(localHandlerTimeoutMs(MAIL_QUEUE)).toBe(60_000);
  });

  it('shorten the mail queue\'s visibility timeout and keep the consumer\'s timeout below it', () => {
    const timings = localTimingsFromEnv({ MAIL_QUEUE_VISIBILITY_SECONDS: '30', MAIL_SWEEP_INTERVAL_SECONDS: '10' });
    expect(timings).toEqual({ mailVisibilitySeconds: 30, mailSweepIntervalMs: 10_000 });
    const mail = localQueueDefs(queues, timings).find((q) => q.id === 'mail')!;
    expect(mail.visibilityTimeoutSeconds).toBe(30);
    expect(localHandlerTimeoutMs(mail)).toBe(25_000);
    expect(MAIL_QUEUE.visibilityTimeoutSeconds).toBe(180); // the table itself is untouched
  });

  it('refuse a wrong value naming the variable, in both languages', () => {
    expect(() => localTimingsFromEnv({ MAIL_QUEUE_VISIBILITY_SECONDS: '5' })).toThrow(/MAIL_QUEUE_VISIBILITY_SECONDS: cần số giây nguyên từ 10 đến 43200 \/ must be whole seconds/);
    expect(() => localTimingsFromEnv({ MAIL_SWEEP_INTERVAL_SECONDS: 'soon' })).toThrow(/MAIL_SWEEP_INTERVAL_SECONDS/);
  });
});
