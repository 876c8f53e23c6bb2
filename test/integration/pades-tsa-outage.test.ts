import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import type { StackLog } from '../../infra/local/log';
import { startTestStack, type TestStack } from '../support/local-stack';

/**
 * Issue 12: a time-stamping authority that fails makes the step fail visibly — the sign request
 * answers an error naming the TSA and changes nothing; the delivery's consumer throws, and the
 * stream's retry issues the letter once the TSA answers — never a letter without its time-stamps.
 * The TSA is reached through a proxy that refuses a given number of requests, then forwards.
 */
let stack: TestStack;
let proxy: Server;
let standIn = '';
let refuseNext = 0;
let refused = 0;
const errors: string[] = [];
const log: StackLog = { info: () => {}, warn: () => {}, error: (message, cause) => errors.push(`${message} ${cause instanceof Error ? cause.message : String(cause)}`) };

beforeAll(async () => {
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (refuseNext > 0) {
        refuseNext--;
        refused++;
        res.writeHead(503).end();
        return;
      }
      void fetch(standIn, { method: 'POST', headers: { 'content-type': req.headers['content-type'] ?? '' }, body: Buffer.concat(chunks) })
        .then(async (answer) => res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? '' }).end(Buffer.from(await answer.arrayBuffer())))
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/tsa`;
  stack = await startTestStack({
    log,
    testOnly: {
      retryBaseDelayMs: 10,
      tsaUrl: (url) => {
        standIn = url;
        return proxyUrl;
      },
    },
  });
});
afterAll(async () => {
  await stack?.stop();
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
});

describe('a time-stamping authority that fails', () => {
  let id: string;
  const clerk = () => stack.tokenFor('u-vanthu', ['clerk']);
  const signer = () => stack.tokenFor('u-nguyen-van-luc', ['signer']);

  it('fails the signature with a bilingual error naming the TSA, and the dispatch stays as it was', async () => {
    const created = await stack.api('POST', '/dispatches', { token: await clerk(), body: exampleDispatchContent() });
    id = created.json.id;
    expect((await stack.api('POST', `/dispatches/${id}/submit`, { token: await clerk(), body: { version: 1 } })).status).toBe(200);
    refuseNext = 1;
    const failed = await stack.api('POST', `/dispatches/${id}/sign`, { token: await signer(), body: { version: 2 } });
    expect(failed.status).toBe(500);
    expect(failed.json.error.message).toContain('Không lấy được dấu thời gian');
    expect(failed.json.error.messageEn).toContain('No time-stamp from');
    const dispatch = await stack.api('GET', `/dispatches/${id}`, { token: await clerk() });
    expect(dispatch.json.version).toBe(2);
    expect(dispatch.json.signedPdfKey).toBeUndefined();

    const signed = await stack.api('POST', `/dispatches/${id}/sign`, { token: await signer(), body: { version: 2 } });
    expect(signed.status, signed.text).toBe(200);
  });

  it('fails the delivery visibly; the stream retry issues the letter, time-stamped, once the TSA answers', async () => {
    refused = 0;
    refuseNext = 2;
    const issued = await stack.api('POST', `/dispatches/${id}/issue`, { token: await clerk(), body: { version: 3 } });
    expect(issued.status, issued.text).toBe(200);
    await stack.whenIdle();
    expect(refused).toBe(2);
    // Each failed attempt is the consumer's error (logged by the handler as "dispatch-delivery: record failed"), not a dead letter.
    expect(errors).toEqual([]);
    const dispatch = await stack.api('GET', `/dispatches/${id}`, { token: await clerk() });
    expect(dispatch.json.deliveryStatus).toBe('done');
    const verified = await stack.api('GET', `/verify/${id}`, { headers: { accept: 'application/json' } });
    expect(verified.json.authentic).toBe(true);
    expect(verified.json.signatures.map((s: { level?: string }) => s.level)).toEqual(['B-LTA', 'B-LTA', undefined]);
  });
});
