import type { Server } from 'node:http';
import type { StackLog } from './log';
import { closeServer, LOOPBACK, PortInUseError } from './net';

/**
 * SES stand-in: `aws-ses-v2-local`, run in-process through its programmatic API (an Express server).
 * It speaks SES v1 (`SendEmail`, `SendRawEmail`) and v2, shows an inbox page at `/` and lists what it
 * received as JSON at `/store`. Mail is kept in memory only: a restart of `npm start` empties the inbox.
 */
export interface SesLocal {
  /** SES endpoint and inbox page. */
  readonly url: string;
  readonly port: number;
  /** What the emulator received, in arrival order, flattened for assertions. */
  messages(): Promise<LocalEmail[]>;
  stop(): Promise<void>;
}

export interface LocalEmail {
  messageId: string;
  from: string;
  /** Addresses joined with ", " (one address for our mails: one per recipient unit). */
  to: string;
  cc: string[];
  subject: string;
  text: string;
  html: string;
  /** Epoch seconds. */
  at: number;
}

/** The shape `/store` answers with (see aws-ses-v2-local's store.d.ts). */
interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  at: number;
}

type StartSesServer = (config?: { host?: string; port?: number }) => Promise<Server>;

export async function startSesLocal(options: { port: number; log: StackLog }): Promise<SesLocal> {
  const start = await loadServer();
  // Express 5 hands a listen error to the callback, which the package takes as success: the promise
  // resolves with a server that is not listening. That is how a taken port shows up.
  const server = await start({ host: LOOPBACK, port: options.port });
  const address = server.address();
  if (!server.listening || !address || typeof address === 'string') {
    await closeServer(server).catch(() => {});
    throw new PortInUseError(options.port, 'SES', 'SES_PORT');
  }
  const url = `http://${LOOPBACK}:${address.port}`;
  options.log.info(`SES (aws-ses-v2-local): ${url}`);

  return {
    url,
    port: address.port,
    async messages() {
      const res = await fetch(`${url}/store`);
      if (!res.ok) throw new Error(`SES emulator /store answered ${res.status}`);
      const { emails } = (await res.json()) as { emails: StoredEmail[] };
      return emails.map(flatten);
    },
    stop: () => closeServer(server),
  };
}

const flatten = (email: StoredEmail): LocalEmail => ({
  messageId: email.messageId,
  from: email.from,
  to: email.destination.to.join(', '),
  cc: email.destination.cc,
  subject: email.subject,
  text: email.body.text ?? '',
  html: email.body.html ?? '',
  at: email.at,
});

/**
 * The package is CommonJS with `exports.default`; depending on the loader (tsx, Vite, plain Node) the
 * function arrives as `default` or `default.default`.
 */
async function loadServer(): Promise<StartSesServer> {
  const mod = (await import('aws-ses-v2-local')) as unknown as { default: StartSesServer | { default: StartSesServer } };
  const candidate = mod.default;
  const start = typeof candidate === 'function' ? candidate : candidate.default;
  if (typeof start !== 'function') throw new Error('aws-ses-v2-local: no server function exported');
  return start;
}
