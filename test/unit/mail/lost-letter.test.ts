import { describe, expect, it } from 'vitest';
import type { RecipientRecord } from '../../../shared/data/recipient-repo';
import type { ReminderRun } from '../../../shared/data/reminder-run-repo';
import { letterLost } from '../../../shared/services/reminder-sweep';

/**
 * Which of a stalled reminder run's units the sweeper queues a letter for again
 * (shared/services/reminder-sweep.ts): only those with no outcome on the run, no attempt holding them
 * and no back-off still running, each with the grace.
 */
const now = new Date('2026-12-02T03:00:00.000Z');
const grace = 120_000;
const at = (secondsFromNow: number) => new Date(now.getTime() + secondsFromNow * 1000).toISOString();
const step = 'manual:2026-12-02T02:50';
const run: ReminderRun = { dispatchId: 'd-1', step, actor: 'u-vanthu', createdAt: at(-600), fannedOut: true, queued: 3, sent: 1, failed: 0, skipped: 0 };
const unit = (extra: Partial<RecipientRecord> = {}): RecipientRecord =>
  ({ dispatchId: 'd-1', unitId: 'u-1', unitName: 'Đơn vị 1', email: 'u1@thads.moj.gov.vn', role: 'to', createdAt: at(-3600), mailStatus: 'sent', mailAttempts: 1, ...extra }) as RecipientRecord;

describe('a letter lost from the queue', () => {
  it('is one with no outcome on the run and nothing at work on it', () => {
    expect(letterLost(unit(), run, now, grace)).toBe(true);
  });

  it('is not one the run counted (sent, failed or skipped)', () => {
    expect(letterLost(unit({ remindCountedSteps: new Set([step]) }), run, now, grace)).toBe(false);
  });

  it('is not one an attempt holds, until its lease ran out a grace ago', () => {
    expect(letterLost(unit({ remindClaim: 'c', remindLeaseUntil: at(30) }), run, now, grace)).toBe(false);
    expect(letterLost(unit({ remindClaim: 'c', remindLeaseUntil: at(-60) }), run, now, grace)).toBe(false);
    expect(letterLost(unit({ remindClaim: 'c', remindLeaseUntil: at(-121) }), run, now, grace)).toBe(true);
  });

  it('is not one waiting out its back-off, until that ended a grace ago; another step\'s back-off does not count', () => {
    expect(letterLost(unit({ remindRetryStep: step, remindRetryAt: at(600) }), run, now, grace)).toBe(false);
    expect(letterLost(unit({ remindRetryStep: step, remindRetryAt: at(-60) }), run, now, grace)).toBe(false);
    expect(letterLost(unit({ remindRetryStep: step, remindRetryAt: at(-121) }), run, now, grace)).toBe(true);
    expect(letterLost(unit({ remindRetryStep: 'resend:2026-12-02T02:40', remindRetryAt: at(600) }), run, now, grace)).toBe(true);
  });

  it('on a unit\'s run of one letter, is lost while the run has no outcome', () => {
    const unitRun: ReminderRun = { ...run, unitId: 'u-1', queued: 1, sent: 0 };
    expect(letterLost(unit(), unitRun, now, grace)).toBe(true);
    expect(letterLost(unit(), { ...unitRun, skipped: 1 }, now, grace)).toBe(false);
  });
});
