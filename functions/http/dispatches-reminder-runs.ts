import { route } from '../routes';
import { httpHandler } from '../../shared/http/handler';
import { dispatchIdParams } from '../../shared/schemas/dispatch';
import { reminderRuns } from '../../shared/services/reminders';

/** The dispatch's latest reminder runs (queued, sent, failed, skipped, done), newest first. */
export const handler = httpHandler(route('dispatches-reminder-runs'), { params: dispatchIdParams }, async ({ params }) => ({
  body: await reminderRuns(params.dispatchId),
}));
