import type { QueueDef } from '../../shared/queue/queue-def';

/**
 * Timings of the local stack that the fan-out proofs shorten, so a crash or an outage is waited out in
 * seconds rather than minutes: the same code paths with smaller numbers. Unset, each is what AWS runs.
 * - MAIL_QUEUE_VISIBILITY_SECONDS: the mail queue's visibility timeout. The SQS stand-in's queue is
 *   created with it, and the handlers read the same variable (shared/config.ts) as their claims' lease,
 *   so queue and lease agree as they do in AWS.
 * - MAIL_SWEEP_INTERVAL_SECONDS: how often the mail sweeper runs (EventBridge: every five minutes;
 *   locally every minute by default).
 * The sweeper's grace (MAIL_SWEEP_GRACE_SECONDS) and the back-off cap (MAIL_BACKOFF_MAX_SECONDS) are
 * product configuration, read by the handlers themselves.
 */
export interface LocalTimings {
  mailVisibilitySeconds?: number;
  mailSweepIntervalMs?: number;
}

export function localTimingsFromEnv(env: NodeJS.ProcessEnv = process.env): LocalTimings {
  const out: LocalTimings = {};
  const visibility = wholeSeconds(env, 'MAIL_QUEUE_VISIBILITY_SECONDS', 10, 43_200);
  if (visibility !== undefined) out.mailVisibilitySeconds = visibility;
  const sweep = wholeSeconds(env, 'MAIL_SWEEP_INTERVAL_SECONDS', 1, 3600);
  if (sweep !== undefined) out.mailSweepIntervalMs = sweep * 1000;
  return out;
}

/** The queue table as the local stack runs it: the mail queue's visibility timeout as configured. */
export function localQueueDefs(defs: readonly QueueDef[], timings: LocalTimings): QueueDef[] {
  return defs.map((def) => (def.id === 'mail' && timings.mailVisibilitySeconds ? { ...def, visibilityTimeoutSeconds: timings.mailVisibilitySeconds } : def));
}

/**
 * A consumer's timeout locally: Lambda's minute, but always some seconds below the queue's visibility
 * timeout (as the CDK stack keeps it), so a live batch never sees its own messages handed out again.
 */
export const localHandlerTimeoutMs = (def: QueueDef) => Math.min(60_000, Math.max(5, def.visibilityTimeoutSeconds - 5) * 1000);

function wholeSeconds(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name}: cần số giây nguyên từ ${min} đến ${max} / must be whole seconds from ${min} to ${max}`);
  }
  return value;
}
