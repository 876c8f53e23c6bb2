import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { config } from '../config';

/** The port the mail-sending use case depends on; tests hand in their own. */
export interface Mailer {
  send(message: { to: string; subject: string; text: string; html: string }): Promise<{ messageId: string }>;
}

let client: SESClient | undefined;

function ses(): SESClient {
  if (!client) {
    const { AWS_REGION, SES_ENDPOINT } = config();
    // The SDK's standard retry (with backoff) absorbs short SES throttling before our own attempts count.
    client = new SESClient({ region: AWS_REGION, maxAttempts: 4, ...(SES_ENDPOINT ? { endpoint: SES_ENDPOINT } : {}) });
  }
  return client;
}

export const sesMailer: Mailer = {
  async send({ to, subject, text, html }) {
    const out = await ses().send(
      new SendEmailCommand({
        Source: config().MAIL_FROM,
        Destination: { ToAddresses: [to] },
        Message: {
          Subject: { Data: subject, Charset: 'UTF-8' },
          Body: { Text: { Data: text, Charset: 'UTF-8' }, Html: { Data: html, Charset: 'UTF-8' } },
        },
      }),
    );
    return { messageId: out.MessageId ?? '' };
  },
};
