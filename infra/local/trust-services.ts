/**
 * Stand-ins for the certificate authority's public services, served from the local stack's process:
 * `GET /crl` (the development CA's CRL, application/pkix-crl), `POST /ocsp` (RFC 6960,
 * application/ocsp-request) and `POST /tsa` (RFC 3161, application/timestamp-query), so signing
 * and verification locally take the same HTTP paths as against a real CA and TSA in AWS.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalCa } from '../../shared/signing/local-ca';
import { closeServer, LOOPBACK } from './net';

export interface TrustServices {
  readonly tsaUrl: string;
  readonly crlUrl: string;
  readonly ocspUrl: string;
  stop(): Promise<void>;
}

/** Requests are a few hundred bytes; anything past this is not one of ours. */
const MAX_BODY = 64 * 1024;

async function body(req: IncomingMessage): Promise<Uint8Array | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function startTrustServices(options: { ca: LocalCa; port?: number }): Promise<TrustServices> {
  const { ca } = options;
  // Taken on first use: the TSA's certificate is issued once the CA knows these services' URLs.
  const tsa = () => ca.timestampAuthority();
  const answer = (res: ServerResponse, status: number, type: string, bytes: Uint8Array | string) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(bytes);
  };
  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '').split('?')[0];
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
      const route = `${req.method} ${path}`;
      if (route === 'GET /crl') return answer(res, 200, 'application/pkix-crl', await ca.currentCrl());
      const posts: Record<string, [string, string, (b: Uint8Array) => Promise<Uint8Array>]> = {
        'POST /ocsp': ['application/ocsp-request', 'application/ocsp-response', (b) => ca.answerOcsp(b)],
        'POST /tsa': ['application/timestamp-query', 'application/timestamp-reply', async (b) => (await tsa()).respond(b)],
      };
      const post = posts[route];
      if (!post) return answer(res, 404, 'text/plain; charset=utf-8', 'Không có / Not found\n');
      if (type !== post[0]) return answer(res, 415, 'text/plain; charset=utf-8', `Cần / Expected ${post[0]}\n`);
      const bytes = await body(req);
      if (!bytes) return answer(res, 413, 'text/plain; charset=utf-8', 'Quá lớn / Too large\n');
      return answer(res, 200, post[1], await post[2](bytes));
    })().catch(() => answer(res, 500, 'text/plain; charset=utf-8', 'Lỗi / Error\n'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => resolve());
  });
  const base = `http://${LOOPBACK}:${(server.address() as AddressInfo).port}`;
  return { tsaUrl: `${base}/tsa`, crlUrl: `${base}/crl`, ocspUrl: `${base}/ocsp`, stop: () => closeServer(server) };
}
