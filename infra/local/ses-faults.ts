/**
 * What the local SES stand-in does wrong on purpose, so the mail path meets locally what it meets in AWS:
 * - `rate`: SES's maximum send rate, counted per second of the wall clock (`Date.now()`, the clock the
 *   send log stamps with): at most ⌊rate⌋ sends are accepted in any one calendar second (below 1 a
 *   second: one per ⌈1/rate⌉ s window); a send call finding its window full gets `Throttling` "Maximum
 *   sending rate exceeded.", as SES answers. 0: no throttle (the default).
 *   Why windows and not a token bucket: a bucket holding one second's worth lets up to twice the rate
 *   through within one calendar second (the full bucket, then its refill), and the proofs count the log
 *   per calendar second. Counting in the windows the log is read in makes "never above the rate at SES"
 *   hold by construction: an accepted send is stamped with the instant it was admitted (`at`), in the
 *   window that counted it, not when the emulator behind answered.
 * - `transientShare`: the share of send calls (0–1) rejected with a transient `ServiceUnavailable`,
 *   chosen by a seeded generator (`seed`), so a run with the same calls rejects the same ones.
 * - `outage`: every SES API call fails: `fail` answers 503 ServiceUnavailable, `reset` drops the
 *   connection (an unreachable SES), `hang` never answers (a call caught in it stays unanswered after the
 *   outage ends, as on a dead connection: only the caller's request timeout frees it). null: no outage.
 * Pure state and decisions; ses-local.ts applies them to HTTP.
 */
export type SesOutage = 'fail' | 'reset' | 'hang';
export const sesOutages: readonly SesOutage[] = ['fail', 'reset', 'hang'];

export interface SesFaultSettings {
  rate: number;
  transientShare: number;
  seed: number;
  outage: SesOutage | null;
}

export const noFaults: SesFaultSettings = { rate: 0, transientShare: 0, seed: 1, outage: null };

export interface SesFaultCounts {
  accepted: number;
  throttled: number;
  transient: number;
  outage: number;
}

/** What to do with one call: forward it, or answer with SES's error / fail the connection. */
export type SesDecision =
  /** `at`: for a send, the instant it was admitted (epoch ms), which the send log records. */
  | { kind: 'forward'; at?: number }
  | { kind: 'error'; status: number; code: 'Throttling' | 'ServiceUnavailable'; message: string; type: 'Sender' | 'Receiver' }
  | { kind: 'reset' }
  | { kind: 'hang' };

export interface FieldError {
  field: string;
  vi: string;
  en: string;
}

export class SesFaults {
  private settings: SesFaultSettings;
  /** The rate window being counted (its index: ⌊now / windowMs⌋) and the sends accepted in it. */
  private window = -1;
  private inWindow = 0;
  private random: () => number;
  readonly counts: SesFaultCounts = { accepted: 0, throttled: 0, transient: 0, outage: 0 };

  constructor(
    initial: Partial<SesFaultSettings> = {},
    private readonly now: () => number = () => Date.now(),
  ) {
    this.settings = { ...noFaults, ...initial };
    this.random = mulberry32(this.settings.seed);
  }

  get current(): SesFaultSettings {
    return { ...this.settings };
  }

  /** Changes some settings; a new rate counts from the next call, a new seed restarts the sequence. */
  update(change: Partial<SesFaultSettings>): SesFaultSettings {
    this.settings = { ...this.settings, ...change };
    if (change.rate !== undefined) this.window = -1;
    if (change.seed !== undefined) this.random = mulberry32(change.seed);
    return this.current;
  }

  /** Any SES API call: only an outage applies. */
  decideCall(): SesDecision {
    const { outage } = this.settings;
    if (!outage) return { kind: 'forward' };
    this.counts.outage++;
    if (outage === 'fail') return unavailable;
    return { kind: outage };
  }

  /** A send call (SendEmail, SendRawEmail, v2 outbound e-mails): outage, then the rate, then the transient share. */
  decideSend(): SesDecision {
    const call = this.decideCall();
    if (call.kind !== 'forward') return call;
    const at = this.now();
    if (this.settings.rate > 0 && !this.takeInWindow(at)) {
      this.counts.throttled++;
      return { kind: 'error', status: 400, type: 'Sender', code: 'Throttling', message: 'Maximum sending rate exceeded.' };
    }
    // Drawn for every call that reaches this point, so the sequence depends only on the calls made.
    if (this.settings.transientShare > 0 && this.random() < this.settings.transientShare) {
      this.counts.transient++;
      return unavailable;
    }
    return { kind: 'forward', at };
  }

  /**
   * Counts a send in its window, or false when the window is full. A send let through here and then
   * rejected (the transient share) still counts: SES meters calls, not deliveries.
   */
  private takeInWindow(at: number): boolean {
    const { windowMs, capacity } = rateWindow(this.settings.rate);
    const window = Math.floor(at / windowMs);
    if (window !== this.window) {
      this.window = window;
      this.inWindow = 0;
    }
    if (this.inWindow >= capacity) return false;
    this.inWindow++;
    return true;
  }
}

/** The window a rate is counted in: one second holding ⌊rate⌋ sends, or for a rate below 1, one send per ⌈1/rate⌉ s. */
export const rateWindow = (rate: number): { windowMs: number; capacity: number } =>
  rate >= 1 ? { windowMs: 1000, capacity: Math.floor(rate) } : { windowMs: Math.ceil(1 / rate) * 1000, capacity: 1 };

const unavailable: SesDecision = { kind: 'error', status: 503, type: 'Receiver', code: 'ServiceUnavailable', message: 'Service is unavailable. Please try again later.' };

/** Small, fast, seeded PRNG (public domain): the same seed gives the same sequence on every machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A change of settings as sent to `POST /_faults` (JSON) or given in the environment: every field
 * optional, unknown fields refused, each wrong field named in both languages.
 */
export function parseFaultChange(input: unknown): { change: Partial<SesFaultSettings> } | { errors: FieldError[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { errors: [{ field: '(body)', vi: 'Cần một đối tượng JSON', en: 'A JSON object is required' }] };
  }
  const errors: FieldError[] = [];
  const change: Partial<SesFaultSettings> = {};
  for (const [key, value] of Object.entries(input)) {
    switch (key) {
      case 'rate':
        if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100_000) change.rate = value;
        else errors.push({ field: 'rate', vi: 'Cần số thư mỗi giây từ 0 đến 100000 (0: không giới hạn)', en: 'Must be messages per second, 0–100000 (0: no limit)' });
        break;
      case 'transientShare':
        if (typeof value === 'number' && value >= 0 && value <= 1) change.transientShare = value;
        else errors.push({ field: 'transientShare', vi: 'Cần một tỉ lệ từ 0 đến 1', en: 'Must be a share from 0 to 1' });
        break;
      case 'seed':
        if (Number.isSafeInteger(value)) change.seed = value as number;
        else errors.push({ field: 'seed', vi: 'Cần một số nguyên', en: 'Must be an integer' });
        break;
      case 'outage':
        if (value === null || sesOutages.includes(value as SesOutage)) change.outage = value as SesOutage | null;
        else errors.push({ field: 'outage', vi: `Cần một trong ${sesOutages.join(', ')} hoặc null`, en: `Must be one of ${sesOutages.join(', ')} or null` });
        break;
      default:
        errors.push({ field: key, vi: 'Trường không được hỗ trợ', en: 'Unknown field' });
    }
  }
  return errors.length ? { errors } : { change };
}

/**
 * The stand-in's settings from the environment (`npm start` and the crash harness):
 * SES_LOCAL_RATE, SES_LOCAL_TRANSIENT_SHARE, SES_LOCAL_SEED, SES_LOCAL_OUTAGE. Unset: no faults.
 */
export function faultsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<SesFaultSettings> {
  const raw: Record<string, unknown> = {};
  const number = (name: string, field: string) => {
    const value = env[name];
    if (value !== undefined && value !== '') raw[field] = Number(value);
  };
  number('SES_LOCAL_RATE', 'rate');
  number('SES_LOCAL_TRANSIENT_SHARE', 'transientShare');
  number('SES_LOCAL_SEED', 'seed');
  const outage = env['SES_LOCAL_OUTAGE'];
  if (outage !== undefined && outage !== '') raw['outage'] = outage === 'none' ? null : outage;
  const parsed = parseFaultChange(raw);
  if ('errors' in parsed) {
    const names: Record<string, string> = { rate: 'SES_LOCAL_RATE', transientShare: 'SES_LOCAL_TRANSIENT_SHARE', seed: 'SES_LOCAL_SEED', outage: 'SES_LOCAL_OUTAGE' };
    throw new Error(parsed.errors.map((e) => `${names[e.field] ?? e.field}: ${e.vi} / ${e.en}`).join('\n'));
  }
  return parsed.change;
}
