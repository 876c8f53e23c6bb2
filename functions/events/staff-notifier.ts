import { streamHandler } from '../../shared/events/stream';
import { sesMailer } from '../../shared/mail/mailer';
import { systemClock } from '../../shared/runtime';
import { staffNoticeMails } from '../../templates/email/staff-notices';
import type { DispatchRecord } from '../../shared/data/dispatch-repo';
import { notifyDispatchEvent } from '../../shared/services/staff-notices';

/** A dispatch submitted, returned or signed: email its signer or its clerks, once per event and person. */
export const handler = streamHandler('staff-notifier', (image) => notifyDispatchEvent(image as unknown as DispatchRecord, { mailer: sesMailer, clock: systemClock, mails: staffNoticeMails }));
