import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../shared/data/audit';
import { keys } from '../../shared/data/keys';
import { encodePng, PNG_SIGNATURE } from '../../shared/pdf/png';
import { specimenSealPng, specimenSignaturePng } from '../../shared/pdf/specimen-images';
import { startTestStack, type TestStack } from '../support/local-stack';
import { csrfFor, SESSION_COOKIE } from '../../shared/web/session';

/**
 * Issue 12, section 2: the seal and signature images through the API on the local stack. The demo
 * data brings the specimens; administrators upload seals and anyone's signature, a person their own;
 * a wrong type, a file too large, bytes that are not a PNG or a PNG without transparency are refused
 * with a 4xx naming the body in both languages, and the stored image stays as it was.
 */
let stack: TestStack;
const admin = () => stack.tokenFor('u-admin', ['admin']);
const signer = () => stack.tokenFor('u-nguyen-van-luc', ['signer']);
const clerk = () => stack.tokenFor('u-vanthu', ['clerk']);
const png = { 'content-type': 'image/png' };

/** A small RGBA image with something drawn in it. */
function tinyPng(colour: [number, number, number], side = 64): Uint8Array {
  const rgba = new Uint8Array(side * side * 4);
  for (let i = 0; i < side * side; i++) if (i % 7 === 0) rgba.set([...colour, 255], i * 4);
  return encodePng(side, side, rgba);
}

/** A valid PNG with no alpha channel (colour type 2, RGB) and no tRNS. */
function opaquePng(side = 64): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const rows = Buffer.alloc((side * 3 + 1) * side, 0xff);
  for (let y = 0; y < side; y++) rows[y * (side * 3 + 1)] = 0;
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

const bodyField = (json: any) => json.error.fields?.[0];

beforeAll(async () => {
  stack = await startTestStack();
}, 300_000);
afterAll(async () => {
  await stack?.stop();
});

describe('seal and signature images', () => {
  it('the demo data brings a specimen seal per agency and a specimen signature per signer', async () => {
    const seal = await stack.api('GET', '/agencies/TCTHADS/seal-image', { token: await clerk() });
    expect(seal.status).toBe(200);
    expect(seal.headers['content-type']).toBe('image/png');
    const mine = await stack.api('GET', '/me/signature-image', { token: await signer() });
    expect(mine.status).toBe(200);
    // Binary through the gateway: compare bytes with what the project draws.
    const sealBytes = Buffer.from(await (await fetchRaw('/agencies/TCTHADS/seal-image', await clerk())).arrayBuffer());
    expect(sealBytes.equals(Buffer.from(specimenSealPng('TCTHADS')))).toBe(true);
    const signatureBytes = Buffer.from(await (await fetchRaw('/me/signature-image', await signer())).arrayBuffer());
    expect(signatureBytes.equals(Buffer.from(specimenSignaturePng('Nguyễn Văn Lực')))).toBe(true);
  });

  it('a person uploads their own signature; it is stored and audited on their record', async () => {
    const image = tinyPng([10, 40, 200]);
    const put = await stack.api('PUT', '/me/signature-image', { token: await signer(), headers: png, body: image });
    expect(put.status, put.text).toBe(200);
    expect(put.json).toMatchObject({ personId: 'u-nguyen-van-luc', kind: 'signature', width: 64, height: 64, bytes: image.length });
    const stored = Buffer.from(await (await fetchRaw('/people/u-nguyen-van-luc/signature-image', await admin())).arrayBuffer());
    expect(stored.equals(Buffer.from(image))).toBe(true);
    const audit = await listAudit(keys.person('u-nguyen-van-luc').PK);
    const event = audit.items.filter((e) => e.action === 'person.signatureImage').at(-1);
    expect(event).toMatchObject({ actor: 'u-nguyen-van-luc', details: { sha256: put.json.sha256 } });
  });

  it('refuses a wrong type, a file too large, bytes that are not a PNG and a PNG without transparency, naming the body, changing nothing', async () => {
    const before = Buffer.from(await (await fetchRaw('/me/signature-image', await signer())).arrayBuffer());
    const token = await signer();
    const wrongType = await stack.api('PUT', '/me/signature-image', { token, headers: { 'content-type': 'image/jpeg' }, body: tinyPng([0, 0, 200]) });
    expect(wrongType.status).toBe(415);
    const tooBig = new Uint8Array(600 * 1024);
    tooBig.set(PNG_SIGNATURE);
    const big = await stack.api('PUT', '/me/signature-image', { token, headers: png, body: tooBig });
    expect(big.status).toBe(413);
    const jpeg = await stack.api('PUT', '/me/signature-image', { token, headers: png, body: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new Uint8Array(200)]) });
    expect(jpeg.status).toBe(415);
    const opaque = await stack.api('PUT', '/me/signature-image', { token, headers: png, body: opaquePng() });
    expect(opaque.status).toBe(400);
    const damaged = Buffer.from(tinyPng([0, 0, 200]));
    damaged[20] = damaged[20]! ^ 0xff; // inside IHDR: the CRC no longer matches
    const crc = await stack.api('PUT', '/me/signature-image', { token, headers: png, body: damaged });
    expect(crc.status).toBe(400);
    for (const r of [wrongType, big, jpeg, opaque, crc]) {
      expect(bodyField(r.json), r.text).toMatchObject({ field: '(body)' });
      expect(bodyField(r.json).vi).toMatch(/[ảắệơư]/);
      expect(bodyField(r.json).en.length).toBeGreaterThan(10);
    }
    expect(bodyField(opaque.json).en).toContain('transparent');
    const after = Buffer.from(await (await fetchRaw('/me/signature-image', await signer())).arrayBuffer());
    expect(after.equals(before)).toBe(true);
  });

  it('only administrators upload a seal or someone else’s signature', async () => {
    const seal = tinyPng([210, 20, 20], 128);
    expect((await stack.api('PUT', '/agencies/TCTHADS/seal-image', { token: await clerk(), headers: png, body: seal })).status).toBe(403);
    expect((await stack.api('PUT', '/people/u-vanthu/signature-image', { token: await signer(), headers: png, body: seal })).status).toBe(403);
    const put = await stack.api('PUT', '/agencies/TCTHADS/seal-image', { token: await admin(), headers: png, body: seal });
    expect(put.status, put.text).toBe(200);
    expect(put.json).toMatchObject({ agencyCode: 'TCTHADS', kind: 'seal' });
    const audit = await listAudit(keys.agency('TCTHADS').PK);
    expect(audit.items.some((e) => e.action === 'agency.sealImage' && e.actor === 'u-admin')).toBe(true);
    expect((await stack.api('PUT', '/agencies/NOPE/seal-image', { token: await admin(), headers: png, body: seal })).status).toBe(404);
  });
});

/** A browser form's multipart body: the CSRF value and the file. */
function multipart(csrf: string | undefined, file: Uint8Array): { headers: Record<string, string>; body: Uint8Array } {
  const boundary = '----cv-test-boundary';
  const parts: Buffer[] = [];
  if (csrf !== undefined) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`), Buffer.from(file), Buffer.from(`\r\n--${boundary}--\r\n`));
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: Buffer.concat(parts) };
}

describe('the image forms of the staff pages', () => {
  it('the person’s own page shows their signature and takes a new one; the CSRF value is required', async () => {
    const token = await signer();
    const cookie = `${SESSION_COOKIE}=${token}`;
    const page = await stack.api('GET', '/app/me/signature', { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(page.text).toContain('src="/app/me/signature.png"');
    const image = tinyPng([20, 30, 190], 48);
    const stale = multipart(undefined, image);
    expect((await stack.api('POST', '/app/me/signature', { headers: { ...stale.headers, cookie }, body: stale.body })).status).toBe(403);
    const form = multipart(csrfFor(token), image);
    const saved = await stack.api('POST', '/app/me/signature', { headers: { ...form.headers, cookie }, body: form.body });
    expect(saved.status, saved.text).toBe(303);
    const shown = await fetch(`${stack.stack.urls.api}/app/me/signature.png`, { headers: { cookie } });
    expect(shown.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await shown.arrayBuffer()).equals(Buffer.from(image))).toBe(true);
    const bad = multipart(csrfFor(token), new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const refused = await stack.api('POST', '/app/me/signature', { headers: { ...bad.headers, cookie }, body: bad.body });
    expect(refused.status).toBe(415);
    expect(refused.text).toContain('PNG');
  });

  it('the agency and person edit forms of administrators carry the upload cards', async () => {
    const token = await admin();
    const cookie = `${SESSION_COOKIE}=${token}`;
    const agencies = await stack.api('GET', '/app/agencies?edit=TCTHADS', { headers: { cookie } });
    expect(agencies.text).toContain('action="/app/agencies/TCTHADS/seal"');
    const people = await stack.api('GET', '/app/people?edit=u-vanthu', { headers: { cookie } });
    expect(people.text).toContain('action="/app/people/u-vanthu/signature"');
    const form = multipart(csrfFor(token), tinyPng([200, 10, 10], 96));
    const saved = await stack.api('POST', '/app/agencies/TCTHADS/seal', { headers: { ...form.headers, cookie }, body: form.body });
    expect(saved.status, saved.text).toBe(303);
    // Not for a clerk.
    const clerkToken = await clerk();
    const clerkForm = multipart(csrfFor(clerkToken), tinyPng([200, 10, 10], 96));
    expect((await stack.api('POST', '/app/agencies/TCTHADS/seal', { headers: { ...clerkForm.headers, cookie: `${SESSION_COOKIE}=${clerkToken}` }, body: clerkForm.body })).status).toBe(403);
  });
});

/** The raw bytes of a GET (ApiResponse keeps text only). */
async function fetchRaw(path: string, token: string): Promise<Response> {
  return fetch(`${stack.stack.urls.api}${path}`, { headers: { authorization: `Bearer ${token}` } });
}
