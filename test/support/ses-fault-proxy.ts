import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP proxy in front of the SES emulator that answers some SendEmail calls with the errors SES
 * itself returns (query-protocol XML), so the mail path meets the same failures it meets in AWS:
 * - `throttleFirst`: each address's first N calls get `Throttling` (retryable: the SDK backs off);
 * - `reject`: calls for these addresses always get `MessageRejected` (not retryable).
 * Everything else is forwarded to the emulator unchanged.
 */
export interface SesFaultProxy {
  url: string;
  /** Set once the emulator's URL is known. */
  target: string;
  counts: { forwarded: number; throttled: number; rejected: number };
  stop(): Promise<void>;
}

export async function startSesFaultProxy(faults: { throttleFirst: number; reject: readonly string[] }): Promise<SesFaultProxy> {
  const callsPerAddress = new Map<string, number>();
  const counts = { forwarded: 0, throttled: 0, rejected: 0 };
  const proxy = { target: '' };

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const to = new URLSearchParams(body.toString('utf8')).get('Destination.ToAddresses.member.1') ?? '';
    const calls = (callsPerAddress.get(to) ?? 0) + 1;
    callsPerAddress.set(to, calls);

    const fault = faults.reject.includes(to)
      ? { code: 'MessageRejected', message: 'Email address is not verified.', counter: 'rejected' as const }
      : calls <= faults.throttleFirst
        ? { code: 'Throttling', message: 'Maximum sending rate exceeded.', counter: 'throttled' as const }
        : undefined;
    if (fault) {
      counts[fault.counter]++;
      res.writeHead(400, { 'content-type': 'text/xml' });
      res.end(
        `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type>` +
          `<Code>${fault.code}</Code><Message>${fault.message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
      );
      return;
    }
    counts.forwarded++;
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>;
    const upstream = await fetch(`${proxy.target}${req.url ?? '/'}`, { method: req.method ?? 'POST', headers, body });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/xml' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get target() {
      return proxy.target;
    },
    set target(url: string) {
      proxy.target = url;
    },
    counts,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
