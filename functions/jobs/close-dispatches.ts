import { jobHandler } from '../../shared/events/job';
import { BusinessMetric } from '../../shared/metrics';
import { closeDueDispatches } from '../../shared/services/open-dispatches';

/** Run by a schedule (EventBridge in AWS, the reminder timer locally): closes the dispatches whose links expired. */
export const handler = jobHandler('close dispatches', () => closeDueDispatches(new Date()), (r) => ({ [BusinessMetric.DispatchesClosed]: r.closed }));
