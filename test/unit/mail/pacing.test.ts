import { describe, expect, it } from 'vitest';
import { acquireSendSlot, backoffSeconds, classifySendError, noSlotDelaySeconds, retryWindowPassed, type PacingClock, type SlotStore } from '../../../shared/mail/pacing';

/** A clock that only moves when someone sleeps: deterministic, and it records every wait. */
function fakeClock(startMs: number): PacingClock & { waits: number[] } {
  let now = startMs;
  const waits: number[] = [];
  return { waits, nowMs: () => now, sleep: async (ms) => void (waits.push(ms), (now += ms)) };
}

/** The DynamoDB counter's rule: a second takes at most `max` slots. */
function memoryStore(): SlotStore & { taken: Map<number, number> } {
  const taken = new Map<number, number>();
  return {
    taken,
    async take(second, max) {
      const n = taken.get(second) ?? 0;
      if (n >= max) return false;
      taken.set(second, n + 1);
      return true;
    },
  };
}

describe('send pacing', () => {
  it('never lets more than the rate through in any second, across any number of senders', async () => {
    const store = memoryStore();
    const clock = fakeClock(1_000_000_250);
    const results: boolean[] = [];
    // 50 sends one after another on one clock: each waits for the next second once its own is full.
    for (let i = 0; i < 50; i++) results.push(await acquireSendSlot(store, clock, 14, 10_000));
    expect(results.every(Boolean)).toBe(true);
    expect([...store.taken.values()].every((n) => n <= 14)).toBe(true);
    expect([...store.taken.values()].reduce((a, b) => a + b, 0)).toBe(50);
    // 50 at 14/s: the first second (already started) and three more.
    expect(store.taken.size).toBe(4);
    // It waited only to the start of the next second, never longer.
    expect(clock.waits).toEqual([750, 1000, 1000]);
  });

  it('gives up after the longest wait allowed, so the message goes back to the queue instead', async () => {
    const store = memoryStore();
    const clock = fakeClock(5_000_000_000);
    for (let i = 0; i < 3; i++) await acquireSendSlot(store, clock, 3, 0);
    expect(await acquireSendSlot(store, clock, 3, 500)).toBe(false);
    expect(clock.waits).toEqual([]);
    expect(await acquireSendSlot(store, clock, 3, 1000)).toBe(true);
    expect(clock.waits).toEqual([1000]);
  });

  it('sends a message that found no slot back for one or two seconds', () => {
    expect(noSlotDelaySeconds(() => 0)).toBe(1);
    expect(noSlotDelaySeconds(() => 0.999)).toBe(2);
  });
});

describe('back-off with full jitter', () => {
  const opts = { baseSeconds: 2, maxSeconds: 900 };

  it('draws uniformly below base·2^(attempt-1), at least one second', () => {
    expect(backoffSeconds(1, () => 0, opts)).toBe(1);
    expect(backoffSeconds(1, () => 0.999, opts)).toBe(2);
    expect(backoffSeconds(4, () => 0.5, opts)).toBe(8);
    expect(backoffSeconds(4, () => 0.999, opts)).toBe(16);
  });

  it('is capped, and never above SQS\'s 12-hour visibility limit', () => {
    expect(backoffSeconds(30, () => 1, opts)).toBe(900);
    expect(backoffSeconds(60, () => 1, { baseSeconds: 2, maxSeconds: 100_000 })).toBe(43_200);
  });

  it('spreads an hour of retries: the sum of the ceilings reaches the retry window in a few attempts', () => {
    let total = 0;
    let attempts = 0;
    while (total < 3600) total += backoffSeconds(++attempts, () => 1, opts);
    expect(attempts).toBeLessThanOrEqual(13);
  });
});

describe('what a failed send says about the recipient', () => {
  const sesError = (name: string, status: number, fault: 'client' | 'server') => Object.assign(new Error(name), { name, $fault: fault, $metadata: { httpStatusCode: status } });

  it('throttling, timeouts, dropped connections and SES 5xx only delay', () => {
    expect(classifySendError(sesError('Throttling', 400, 'client'))).toBe('transient');
    expect(classifySendError(sesError('ServiceUnavailable', 503, 'server'))).toBe('transient');
    expect(classifySendError(sesError('InternalFailure', 500, 'server'))).toBe('transient');
    expect(classifySendError(Object.assign(new Error('timed out'), { name: 'TimeoutError' }))).toBe('transient');
    expect(classifySendError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe('transient');
  });

  it('a refusal counts towards parking', () => {
    expect(classifySendError(sesError('MessageRejected', 400, 'client'))).toBe('refused');
    expect(classifySendError(sesError('MailFromDomainNotVerifiedException', 400, 'client'))).toBe('refused');
  });

  it('parks only once the first attempt is older than the window', () => {
    const first = '2026-01-01T00:00:00.000Z';
    expect(retryWindowPassed(first, new Date('2026-01-01T00:59:59.000Z'), 3600)).toBe(false);
    expect(retryWindowPassed(first, new Date('2026-01-01T01:00:00.000Z'), 3600)).toBe(true);
    expect(retryWindowPassed(undefined, new Date('2030-01-01T00:00:00.000Z'), 3600)).toBe(false);
  });
});
