import { describe, expect, it } from 'vitest';
import { acquireSendSlot, backoffSeconds, slotsPerSecond, SLOT_USABLE_MS, classifySendError, noSlotDelaySeconds, retryWindowPassed, type PacingClock, type SlotStore } from '../../../shared/mail/pacing';

/** A clock that only moves when someone sleeps: deterministic, and it records every wait. */
function fakeClock(startMs: number): PacingClock & { waits: number[] } {
  let now = startMs;
  const waits: number[] = [];
  return { waits, nowMs: () => now, sleep: async (ms) => void (waits.push(ms), (now += ms)) };
}

/** The DynamoDB counter's rule: a second takes at most `max` slots, numbered in the order taken. */
function memoryStore(): SlotStore & { taken: Map<number, number> } {
  const taken = new Map<number, number>();
  return {
    taken,
    async take(second, max) {
      const n = taken.get(second) ?? 0;
      if (n >= max) return 0;
      taken.set(second, n + 1);
      return n + 1;
    },
  };
}

describe('send pacing', () => {
  it('takes a tenth less than the rate, so delays on the way to SES do not push its count over', () => {
    expect(slotsPerSecond(14)).toBe(12);
    expect(slotsPerSecond(50)).toBe(45);
    expect(slotsPerSecond(1)).toBe(1);
  });

  it('never lets more than the slots through in any second, spread evenly over it, across any number of senders', async () => {
    const store = memoryStore();
    const clock = fakeClock(1_000_000_250);
    const sentAt: number[] = [];
    // 50 sends one after another on one clock: each waits for its place in the second, or the next second.
    for (let i = 0; i < 50; i++) {
      expect(await acquireSendSlot(store, clock, 14, 10_000)).toBe(true);
      sentAt.push(clock.nowMs());
    }
    expect([...store.taken.values()].every((n) => n <= 12)).toBe(true);
    expect([...store.taken.values()].reduce((a, b) => a + b, 0)).toBe(50);
    const perSecond = new Map<number, number[]>();
    for (const t of sentAt) perSecond.set(Math.floor(t / 1000), [...(perSecond.get(Math.floor(t / 1000)) ?? []), t]);
    for (const [second, times] of perSecond) {
      expect(times.length).toBeLessThanOrEqual(12);
      // Slot k leaves no earlier than k-1 intervals (900/12 ms) into its second (the first second began
      // 250 ms in, so its first slots leave at once), and in the first 950 ms of the second it was taken in.
      times.forEach((t, k) => expect(t).toBeGreaterThanOrEqual(second * 1000 + Math.floor((k * 900) / 12)));
      expect(Math.max(...times)).toBeLessThan(second * 1000 + SLOT_USABLE_MS);
    }
    expect(perSecond.size).toBe(5);
  });

  it('gives up after the longest wait allowed, so the message goes back to the queue instead', async () => {
    const store = memoryStore();
    const clock = fakeClock(5_000_000_000);
    // Rate 3: two slots a second, at +0 and +450 ms.
    for (let i = 0; i < 2; i++) expect(await acquireSendSlot(store, clock, 3, 0)).toBe(true);
    expect(clock.nowMs()).toBe(5_000_000_450);
    expect(await acquireSendSlot(store, clock, 3, 400)).toBe(false);
    expect(await acquireSendSlot(store, clock, 3, 1000)).toBe(true);
    expect(clock.nowMs()).toBe(5_000_001_000);
  });

  it('never uses a slot late: a sender stalled past its second gives the slot up and takes one of the next', async () => {
    const clock = fakeClock(7_000_000_100);
    const inner = memoryStore();
    // The counter write stalls 1.2 s once (a busy machine): the slot it took belongs to a second already over.
    let stall = 1200;
    const store: SlotStore = {
      async take(second, max) {
        const slot = await inner.take(second, max);
        await clock.sleep(stall);
        stall = 0;
        return slot;
      },
    };
    expect(await acquireSendSlot(store, clock, 14, 10_000)).toBe(true);
    expect(clock.nowMs()).toBe(7_000_001_300);
    expect(inner.taken.get(7_000_000)).toBe(1); // given up unused
    expect(inner.taken.get(7_000_001)).toBe(1);
    // Arriving in the last 50 ms of a second, it takes nothing there and waits for the next one.
    const late = fakeClock(8_000_000_960);
    const fresh = memoryStore();
    expect(await acquireSendSlot(fresh, late, 14, 10_000)).toBe(true);
    expect(late.nowMs()).toBe(8_000_001_000);
    expect([...fresh.taken.keys()]).toEqual([8_000_001]);
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
