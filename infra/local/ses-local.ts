import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { StackLog } from './log';
import { closeServer, listen, LOOPBACK, PortInUseError } from './net';
import { parseFaultChange, SesFaults, type SesDecision, type SesFaultCounts, type SesFaultSettings } from './ses-faults';
import { firstLink, SendLog, type SentMail } from './ses-send-log';

/**
 * SES stand-in: our own thin HTTP front on the SES port, over `aws-ses-v2-local` run in-process on a
 * private port. The front
 * - applies the faults of ses-faults.ts (throttle at a rate, a seeded share of transient errors, an
 *   outage that fails, drops or hangs every call), answering as SES does (query-protocol XML for v1,
 *   JSON with x-amzn-ErrorType for v2);
 * - forwards accepted calls to the emulator, whose inbox page (`/`) and `/store` keep working;
 * - writes every accepted message to the send log (`<dataDir>/ses-sent.jsonl`, ses-send-log.ts) before
 *   answering, so counts at SES's side survive a crash and a restart;
 * - serves the fault switch: `GET /_faults` (settings and counts), `POST /_faults` with JSON such as
 *   `{"outage":"fail"}`, `{"outage":null}`, `{"rate":14,"transientShare":0.1,"seed":7}`.
 * The emulator keeps its inbox in memory only: a restart empties the page, not the send log.
 */
export interface SesLocal {
  /** SES endpoint, inbox page and fault switch (`/_faults`). */
  readonly url: string;
  readonly port: number;
  /** What the emulator received since this start, in arrival order, flattened for assertions. */
  messages(): Promise<LocalEmail[]>;
  /** The send log: every message accepted, across restarts on the same data directory. */
  sent(): Promise<SentMail[]>;
  faults(): { settings: SesFaultSettings; counts: SesFaultCounts };
  setFaults(change: Partial<SesFaultSettings>): SesFaultSettings;
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

export interface SesLocalOptions {
  port: number;
  /** Where the send log lives. */
  dataDir: string;
  /** Faults from the start (default none). */
  faults?: Partial<SesFaultSettings>;
  log: StackLog;
  /** TEST ONLY: the clock the rate windows are counted in and the send log stamps with (default Date.now). */
  clock?: () => number;
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

export async function startSesLocal(options: SesLocalOptions): Promise<SesLocal> {
  const emulator = await startEmulator();
  const upstream = `http://${LOOPBACK}:${(emulator.address() as { port: number }).port}`;
  const faults = new SesFaults(options.faults, options.clock);
  const sendLog = new SendLog(options.dataDir);
  /**
   * Calls held by a `hang` outage. They are never answered, even after the outage ends (a hung
   * connection stays hung: only the caller's own request timeout gets it out); dropped when the
   * stand-in stops.
   */
  const hanging = new Set<ServerResponse>();
  // Sends let through and not yet answered by the emulator (nor logged): a change of faults waits for them,
  // so that what the send log holds when the change answers is all that was accepted before it.
  const inFlight = new Set<Promise<unknown>>();
  const dropHanging = () => {
    for (const res of hanging) res.socket?.destroy();
    hanging.clear();
  };

  const front = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.log.error('SES stand-in: request failed', error);
      if (!res.headersSent) answerError(res, false, { kind: 'error', status: 500, type: 'Receiver', code: 'ServiceUnavailable', message: 'Internal failure of the stand-in.' });
      else res.destroy();
    });
  });
  const sockets = new Set<Socket>();
  front.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://ses.local');
    const body = await readBody(req);
    if (url.pathname === '/_faults') return await faultRoute(req.method ?? 'GET', body, res);

    const v2 = url.pathname.startsWith('/v2/');
    const isApiCall = (req.method === 'POST' && url.pathname === '/') || v2;
    if (!isApiCall) return forward(req, body, res);

    const send = v2 ? v2Send(req.method ?? '', url.pathname, body) : v1Send(body);
    const decision: SesDecision = send ? faults.decideSend() : faults.decideCall();
    switch (decision.kind) {
      case 'reset':
        req.socket.destroy();
        return;
      case 'hang':
        hanging.add(res);
        res.once('close', () => hanging.delete(res));
        return;
      case 'error':
        return answerError(res, v2, decision);
      case 'forward':
        break;
    }
    if (!send) return forward(req, body, res);

    // Answered and logged as one unit of work that a change of faults can wait for.
    const passing = (async () => {
      const answer = await fetchUpstream(req, body);
      if (answer.status === 200) {
        faults.counts.accepted++;
        const messageId = (v2 ? (JSON.parse(answer.body.toString('utf8')) as { MessageId?: string }).MessageId : /<MessageId>([^<]*)<\/MessageId>/.exec(answer.body.toString('utf8'))?.[1]) ?? '';
        const link = firstLink(send.text, send.html);
        // Stamped with the instant the rate window admitted it, not when the emulator answered (which on a
        // loaded machine can be the next second): the log is read in the windows the throttle counts in.
        await sendLog.append({ at: new Date(decision.at ?? Date.now()).toISOString(), to: send.to, subject: send.subject, messageId, ...(link ? { link } : {}) });
      }
      return answer;
    })();
    inFlight.add(passing);
    const answer = await passing.finally(() => inFlight.delete(passing));
    res.writeHead(answer.status, { 'content-type': answer.contentType });
    res.end(answer.body);
  }

  async function faultRoute(method: string, body: Buffer, res: ServerResponse): Promise<void> {
    if (method === 'POST') {
      let input: unknown;
      try {
        input = JSON.parse(body.toString('utf8') || '{}');
      } catch {
        return json(res, 400, { errors: [{ field: '(body)', vi: 'JSON không hợp lệ', en: 'Invalid JSON' }] });
      }
      const parsed = parseFaultChange(input);
      if ('errors' in parsed) return json(res, 400, { errors: parsed.errors });
      const before = [...inFlight];
      const settings = faults.update(parsed.change);
      await settled(before);
      options.log.info(`SES stand-in: faults now ${JSON.stringify(settings)}`);
      return json(res, 200, { settings, counts: faults.counts });
    }
    if (method === 'GET') return json(res, 200, { settings: faults.current, counts: faults.counts, sendLog: sendLog.file });
    res.writeHead(405, { allow: 'GET, POST' });
    res.end();
  }

  /**
   * The sends let through before a change of faults, answered and logged: the change answers after them,
   * so its caller reads a send log that holds everything accepted before the change. Bounded, because a
   * hung emulator must not hang the switch.
   */
  async function settled(sends: readonly Promise<unknown>[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(sends), new Promise((r) => (timer = setTimeout(r, 30_000)))]);
    clearTimeout(timer);
  }

  async function forward(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const answer = await fetchUpstream(req, body);
    res.writeHead(answer.status, { 'content-type': answer.contentType });
    res.end(answer.body);
  }

  async function fetchUpstream(req: IncomingMessage, body: Buffer) {
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && !['host', 'content-length', 'connection', 'transfer-encoding'].includes(k)),
    ) as Record<string, string>;
    const method = req.method ?? 'GET';
    const out = await fetch(`${upstream}${req.url ?? '/'}`, { method, headers, ...(method === 'GET' || method === 'HEAD' ? {} : { body }) });
    return { status: out.status, contentType: out.headers.get('content-type') ?? 'text/xml', body: Buffer.from(await out.arrayBuffer()) };
  }

  let port: number;
  try {
    port = await listen(front, options.port, 'SES', 'SES_PORT');
  } catch (error) {
    await closeServer(emulator).catch(() => {});
    throw error;
  }
  const url = `http://${LOOPBACK}:${port}`;
  const initial = faults.current;
  const faulty = initial.rate || initial.transientShare || initial.outage;
  options.log.info(`SES (aws-ses-v2-local behind the fault switch ${url}/_faults): ${url}${faulty ? ` — faults ${JSON.stringify(initial)}` : ''}`);

  return {
    url,
    port,
    async messages() {
      const res = await fetch(`${upstream}/store`);
      if (!res.ok) throw new Error(`SES emulator /store answered ${res.status}`);
      const { emails } = (await res.json()) as { emails: StoredEmail[] };
      return emails.map(flatten);
    },
    sent: () => sendLog.read(),
    faults: () => ({ settings: faults.current, counts: { ...faults.counts } }),
    setFaults: (change) => faults.update(change),
    async stop() {
      dropHanging();
      for (const socket of sockets) socket.destroy();
      await closeServer(front);
      await closeServer(emulator);
    },
  };
}

/** A send call's message, as far as the send log needs it; undefined for other calls. */
interface SendCall {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

function v1Send(body: Buffer): SendCall | undefined {
  const form = new URLSearchParams(body.toString('utf8'));
  const action = form.get('Action');
  if (action === 'SendEmail') {
    const to = [...form.entries()].filter(([k]) => /^Destination\.ToAddresses\.member\.\d+$/.test(k)).map(([, v]) => v);
    return {
      to,
      subject: form.get('Message.Subject.Data') ?? '',
      text: form.get('Message.Body.Text.Data') ?? '',
      html: form.get('Message.Body.Html.Data') ?? '',
    };
  }
  if (action === 'SendRawEmail') return rawSend(Buffer.from(form.get('RawMessage.Data') ?? '', 'base64').toString('utf8'));
  return undefined;
}

function v2Send(method: string, pathname: string, body: Buffer): SendCall | undefined {
  if (method !== 'POST' || pathname !== '/v2/email/outbound-emails') return undefined;
  try {
    const input = JSON.parse(body.toString('utf8')) as {
      Destination?: { ToAddresses?: string[] };
      Content?: { Simple?: { Subject?: { Data?: string }; Body?: { Text?: { Data?: string }; Html?: { Data?: string } } }; Raw?: { Data?: string } };
    };
    if (input.Content?.Raw?.Data) return rawSend(Buffer.from(input.Content.Raw.Data, 'base64').toString('utf8'));
    const simple = input.Content?.Simple;
    return { to: input.Destination?.ToAddresses ?? [], subject: simple?.Subject?.Data ?? '', text: simple?.Body?.Text?.Data ?? '', html: simple?.Body?.Html?.Data ?? '' };
  } catch {
    return { to: [], subject: '', text: '', html: '' };
  }
}

/** A raw MIME message: its To and Subject headers, the rest searched for the link as it is. */
function rawSend(mime: string): SendCall {
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(mime)?.[1]?.trim() ?? '';
  return { to: header('To').split(',').map((a) => a.trim()).filter(Boolean), subject: header('Subject'), text: mime, html: '' };
}

function answerError(res: ServerResponse, v2: boolean, error: Extract<SesDecision, { kind: 'error' }>): void {
  const requestId = randomUUID();
  if (v2) {
    // SES v2 is a REST/JSON protocol: the error type in a header, the message in the body.
    const type = error.code === 'Throttling' ? 'TooManyRequestsException' : 'ServiceUnavailable';
    res.writeHead(error.status === 400 && error.code === 'Throttling' ? 429 : error.status, { 'content-type': 'application/json', 'x-amzn-errortype': type, 'x-amzn-requestid': requestId });
    res.end(JSON.stringify({ message: error.message }));
    return;
  }
  res.writeHead(error.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
  res.end(
    `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>${error.type}</Type>` +
      `<Code>${error.code}</Code><Message>${error.message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  );
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body, null, 2));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
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

/** The emulator on a private loopback port (the front holds the SES port). */
async function startEmulator(): Promise<Server> {
  const start = await loadServer();
  // Express 5 hands a listen error to the callback, which the package takes as success: the promise
  // resolves with a server that is not listening. With port 0 that does not happen; checked anyway.
  const server = await start({ host: LOOPBACK, port: 0 });
  const address = server.address();
  if (!server.listening || !address || typeof address === 'string') {
    await closeServer(server).catch(() => {});
    throw new PortInUseError(0, 'SES emulator', 'SES_PORT');
  }
  return server;
}

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
