/**
 * Pacing and back-off of the mail consumer, as pure functions with the clock, the randomness and the
 * slot store handed in (test/unit/mail/pacing.test.ts runs them with fakes).
 *
 * Pacing: the account's SES maximum send rate is shared by every concurrent batch of the mail queue
 * (and by every Lambda container), so it is counted where they all see it: one counter item per second
 * in DynamoDB, taken with a conditional ADD (shared/data/rate-limit-repo.ts `countWithin`, removed by
 * TTL). A send takes a slot in the current second (spread over the second, a tenth below the rate: see
 * `acquireSendSlot`); when the second is full it waits for the next one,
 * for at most `maxWaitMs`, and otherwise goes back to the queue with a short visibility delay. The same
 * code runs locally against DynamoDB Local, so the local stack is paced as AWS is.
 */
export interface SlotStore {
  /** Takes the next of `max` slots of the given epoch second: its number (1…max), or 0 when the second is full. */
  take(second: number, max: number): Promise<number>;
}

export interface PacingClock {
  nowMs(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * Slots per second for a configured rate: a tenth below it. A send reaches SES some milliseconds after
 * its slot, and that delay varies; the margin keeps SES's own count per second at or under the rate.
 */
export const slotsPerSecond = (ratePerSecond: number) => Math.max(1, Math.floor(ratePerSecond * 0.9));

/** The part of a second over which its slots are spread; a slot is used at most until SLOT_USABLE_MS into it. */
export const SEND_SPREAD_MS = 900;
export const SLOT_USABLE_MS = 950;

/**
 * Waits for a send slot. True: send now. False: none within `maxWaitMs`; put the message back.
 *
 * Slot k of a second is sent no earlier than k-1 intervals into that second (interval = SEND_SPREAD_MS /
 * slots: the slots are spread over the first 900 ms, so the last send has time to reach SES in its second),
 * so a second's sends are spread over it instead of leaving together when it opens, and a second's
 * sends never spill into the next one at the sender's side: a slot whose sender wakes later than
 * SLOT_USABLE_MS into its second is given up, never used late (after a stall, late slots would leave
 * in a burst together with the next second's).
 */
export async function acquireSendSlot(store: SlotStore, clock: PacingClock, ratePerSecond: number, maxWaitMs: number): Promise<boolean> {
  const slots = slotsPerSecond(ratePerSecond);
  const start = clock.nowMs();
  for (;;) {
    const now = clock.nowMs();
    const second = Math.floor(now / 1000);
    const next = (second + 1) * 1000;
    // Too late in this second for any of its slots to be used: wait for the next one.
    if (now < second * 1000 + SLOT_USABLE_MS) {
      const slot = await store.take(second, slots);
      if (slot > 0) {
        const at = second * 1000 + Math.floor(((slot - 1) * SEND_SPREAD_MS) / slots);
        const wait = at - clock.nowMs();
        if (wait > 0) await clock.sleep(wait);
        // A stalled process (a slow counter write, a busy event loop, a frozen container) can wake past
        // its slot's second. Sending then would add that second's sends to the next one's at SES: the
        // slot is given up unused and one of the current second taken instead.
        if (clock.nowMs() < second * 1000 + SLOT_USABLE_MS) return true;
        if (clock.nowMs() - start > maxWaitMs) return false;
        continue;
      }
    }
    if (next - start > maxWaitMs) return false;
    await clock.sleep(Math.max(0, next - clock.nowMs()));
  }
}

/** The visibility delay of a message that found no send slot: a second or two, spread so they do not return together. */
export const noSlotDelaySeconds = (random: () => number) => 1 + Math.floor(random() * 2);

/**
 * Exponential back-off with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * a uniformly random wait in [1, min(cap, base·2^(attempt-1))] seconds, whole seconds because
 * ChangeMessageVisibility takes whole seconds; never above SQS's 12-hour visibility limit.
 */
export function backoffSeconds(attempt: number, random: () => number, opts: { baseSeconds: number; maxSeconds: number }): number {
  const ceiling = Math.min(opts.maxSeconds, 43_200, opts.baseSeconds * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.ceil(random() * ceiling));
}

/**
 * What a failed send says about the recipient. `transient`: SES throttling, a timeout, a dropped
 * connection or an SES 5xx: nothing is wrong with the recipient, so it only delays and never counts
 * towards parking. `refused`: SES answered no for this message (e.g. MessageRejected): retried with
 * back-off too, and parked once the retry window has passed.
 */
export function classifySendError(error: unknown): 'transient' | 'refused' {
  const e = error as { name?: string; code?: string; $fault?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown } | null;
  const name = e?.name ?? '';
  if (/Throttl|TooManyRequests|LimitExceeded|RequestTimeout|TimeoutError|AbortError|ServiceUnavailable|InternalFailure|ServerError/i.test(name)) return 'transient';
  if (/ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|socket hang up/i.test(`${e?.code ?? ''} ${(error as Error)?.message ?? ''}`)) return 'transient';
  if (e?.$fault === 'server' || (e?.$metadata?.httpStatusCode ?? 0) >= 500) return 'transient';
  if (e?.$retryable) return 'transient';
  // No HTTP answer at all (a network failure the SDK did not name): the message may not have reached SES.
  if (!e?.$metadata?.httpStatusCode && !e?.$fault) return 'transient';
  return 'refused';
}

/** A refused recipient is parked once its first attempt at this step is older than the retry window. */
export const retryWindowPassed = (firstAttemptAt: string | undefined, now: Date, windowSeconds: number) =>
  !!firstAttemptAt && now.getTime() - Date.parse(firstAttemptAt) >= windowSeconds * 1000;
