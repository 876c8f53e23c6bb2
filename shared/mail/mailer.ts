import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { config } from '../config';
import { traced } from '../tracer';
import { sdkTimeouts } from '../sdk-timeouts';

/** The port the mail-sending use case depends on; tests hand in their own. */
export interface Mailer {
  send(message: { to: string; subject: string; text: string; html: string }): Promise<{ messageId: string }>;
}

let client: SESClient | undefined;

function ses(): SESClient {
  if (!client) {
    const { AWS_REGION, SES_ENDPOINT } = config();
    // One attempt: when SES accepted an e-mail but its answer was lost, the SDK's own retry would send it
    // a second time. Retries are ours, through the mail queue, with back-off and a claim that remembers
    // what SES accepted. Timeouts so a hung call fails and is retried instead of holding the batch.
    client = traced(new SESClient({ region: AWS_REGION, maxAttempts: 1, ...sdkTimeouts(10_000), ...(SES_ENDPOINT ? { endpoint: SES_ENDPOINT } : {}) }));
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
