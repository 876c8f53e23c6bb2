import { jobHandler } from '../../shared/events/job';
import { enqueueNotice } from '../../shared/services/queued-notices';
import { BusinessMetric } from '../../shared/metrics';
import { systemClock } from '../../shared/runtime';
import { staffNoticeMails } from '../../templates/email/staff-notices';
import { runOverdueDigest } from '../../shared/services/staff-notices';

/** Run by a schedule (EventBridge in AWS, a timer in the local stack): today's overdue digests to leaders who opted in. */
export const handler = jobHandler('overdue-digest', () => runOverdueDigest({ queue: enqueueNotice, clock: systemClock, mails: staffNoticeMails }), (r) => ({ [BusinessMetric.DigestsSent]: r.sent }));
