import { streamHandler } from '../../shared/events/stream';
import { enqueueNotice } from '../../shared/services/queued-notices';
import { systemClock } from '../../shared/runtime';
import { staffNoticeMails } from '../../templates/email/staff-notices';
import { notifyResetRequest } from '../../shared/services/staff-notices';

/** A unit's new reset request: email the IT Department's people, once each. */
export const handler = streamHandler('reset-request-notifier', (image) => notifyResetRequest(String(image['id']), { queue: enqueueNotice, clock: systemClock, mails: staffNoticeMails }));
