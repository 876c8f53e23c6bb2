import type { EventBridgeEvent } from 'aws-lambda';
import { jobHandler } from '../../shared/events/job';
import { handleSesEvent, type SesEventDetail } from '../../shared/services/mail-events';

/**
 * SES delivery events from EventBridge (the configuration set's event destination); the local stack injects
 * the same shape. The service counts what it records (EmailsDelivered / Bounced / Complained); one event
 * per invocation, so its outcome is not logged.
 */
export const handler = jobHandler(
  'ses-events',
  (event: EventBridgeEvent<string, SesEventDetail> | undefined) => handleSesEvent(event?.detail ?? {}, new Date()),
  () => ({}),
  () => true,
);
