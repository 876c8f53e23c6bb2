import { findMessage, recordMailEvent, type MailEventKind } from '../data/mail-event-repo';
import { logger } from '../logger';
import { BusinessMetric, countBusiness, type BusinessMetricName } from '../metrics';

/**
 * SES delivery events (bounce, complaint, delivery) as SES publishes them to EventBridge (or, with
 * the same `detail`, to SNS). A bounce or complaint marks the recipient, so a clerk sees a unit
 * whose mailbox is broken; unknown message ids (e.g. other mail) are ignored.
 */
export interface SesEventDetail {
  eventType?: string;
  notificationType?: string;
  mail?: { messageId?: string; timestamp?: string };
  bounce?: { bounceType?: string; bounceSubType?: string; timestamp?: string };
  complaint?: { complaintFeedbackType?: string; timestamp?: string };
  delivery?: { timestamp?: string };
}

const kindOf: Record<string, MailEventKind> = { Bounce: 'bounced', Complaint: 'complained', Delivery: 'delivered' };
const metricOf: Record<MailEventKind, BusinessMetricName> = {
  bounced: BusinessMetric.EmailsBounced,
  complained: BusinessMetric.EmailsComplained,
  delivered: BusinessMetric.EmailsDelivered,
};

export async function handleSesEvent(detail: SesEventDetail, now: Date): Promise<'recorded' | 'ignored'> {
  const kind = kindOf[detail.eventType ?? detail.notificationType ?? ''];
  const messageId = detail.mail?.messageId;
  if (!kind || !messageId) return 'ignored';
  const sent = await findMessage(messageId);
  if (!sent) {
    logger.info('SES event for an unknown message', { messageId, kind });
    return 'ignored';
  }
  const at = detail.bounce?.timestamp ?? detail.complaint?.timestamp ?? detail.delivery?.timestamp ?? now.toISOString();
  const facts: Record<string, string> = {};
  if (detail.bounce?.bounceType) facts['bounceType'] = `${detail.bounce.bounceType}${detail.bounce.bounceSubType ? `/${detail.bounce.bounceSubType}` : ''}`;
  if (detail.complaint?.complaintFeedbackType) facts['complaintType'] = detail.complaint.complaintFeedbackType;
  const recorded = await recordMailEvent(sent, kind, at, facts, {
    at: now.toISOString(),
    actor: 'system:ses-events',
    action: `mail.${kind}`,
    details: { unitId: sent.unitId, messageId, ...facts },
  });
  // Counted when recorded, once per recipient and kind: an event SES delivers twice is not counted twice.
  if (recorded) countBusiness(metricOf[kind]);
  return recorded ? 'recorded' : 'ignored';
}
