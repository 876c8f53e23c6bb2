import { jobHandler } from '../../shared/events/job';
import { BusinessMetric } from '../../shared/metrics';
import { sealAuditChains } from '../../shared/services/audit-verification';

/** Run by a schedule (EventBridge in AWS, the reminder timer locally): a signed seal of every audit chain head. */
export const handler = jobHandler('audit seal', () => sealAuditChains(new Date()), (r) => ({ [BusinessMetric.AuditChainsSealed]: r.heads }));
