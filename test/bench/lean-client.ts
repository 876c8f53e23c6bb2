import { Agent, request } from 'node:http';

/**
 * The measured posts of the acknowledgment bench go through node:http with a keep-alive agent instead of
 * the tests' fetch (undici): the load generator shares the process and the two cores with the stack it
 * measures, and in a CPU profile fetch cost about as much per request as the gateway did. A real unit's
 * browser runs elsewhere; this keeps the client's share small so the figure is the server's.
 */
export function leanPoster(baseUrl: string, concurrency: number) {
  const url = new URL(baseUrl);
  // 127.0.0.1, not localhost: no name lookup per connection.
  const host = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  return {
    post(path: string, cookie: string, fields: Record<string, string>): Promise<{ status: number; text: string }> {
      const body = Buffer.from(new URLSearchParams(fields).toString());
      return new Promise((resolve, reject) => {
        const req = request(
          { host, port: url.port, path, method: 'POST', agent, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
