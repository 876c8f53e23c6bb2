import type { EventBridgeEvent } from 'aws-lambda';
import { handleSesEvent, type SesEventDetail } from '../../shared/services/mail-events';

/** SES delivery events from EventBridge (the configuration set's event destination); the local stack injects the same shape. */
export const handler = async (event: EventBridgeEvent<string, SesEventDetail>) => handleSesEvent(event.detail, new Date());
