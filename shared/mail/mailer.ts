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

/**
 * Text bound for a mail header (the subject, the address): every line break, control, bidirectional or
 * zero-width character becomes a space, runs of spaces one space. Input is refused earlier
 * (shared/schemas/common.ts); this is the last line, for values stored before that or by other paths.
 */
export function headerSafe(value: string): string {
  return value.replace(HEADER_UNSAFE, ' ').replace(/ {2,}/g, ' ').trim();
}

const HEADER_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]/gu;

/** The mailer over any SES client (tests hand in a fake one); the one place mail leaves the system. */
export function sesMailerWith(client: () => Pick<SESClient, 'send'>): Mailer {
  return {
    async send({ to, subject, text, html }) {
      const out = await client().send(
        new SendEmailCommand({
          Source: headerSafe(config().MAIL_FROM),
          Destination: { ToAddresses: [headerSafe(to)] },
          Message: {
            Subject: { Data: headerSafe(subject), Charset: 'UTF-8' },
            Body: { Text: { Data: text, Charset: 'UTF-8' }, Html: { Data: html, Charset: 'UTF-8' } },
          },
        }),
      );
      return { messageId: out.MessageId ?? '' };
    },
  };
}

export const sesMailer: Mailer = sesMailerWith(ses);
