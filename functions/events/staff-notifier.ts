import { streamHandler } from '../../shared/events/stream';
import { enqueueNotice } from '../../shared/services/queued-notices';
import { systemClock } from '../../shared/runtime';
import { staffNoticeMails } from '../../templates/email/staff-notices';
import type { DispatchRecord } from '../../shared/data/dispatch-repo';
import { notifyDispatchEvent } from '../../shared/services/staff-notices';

/** A dispatch submitted, returned or signed: email its signer or its clerks, once per event and person. */
export const handler = streamHandler('staff-notifier', (image) => notifyDispatchEvent(image as unknown as DispatchRecord, { queue: enqueueNotice, clock: systemClock, mails: staffNoticeMails }));
