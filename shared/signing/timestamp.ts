/**
 * RFC 3161 time-stamps: the request a client sends (application/timestamp-query), the response a
 * time-stamping authority (TSA) returns (application/timestamp-reply), and the TSTInfo inside the
 * token. A signature time-stamp proves the signature existed at the TSA's time; PAdES-B-T needs one.
 *
 * A TSA that does not answer within the timeout, or answers anything but a granted token for
 * exactly our digest and nonce, fails the step: a signature is never issued without its time-stamp.
 */
import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import { AppError } from '../errors';
import { positiveSerial } from './certificates';
import { bytesOf, child, children, dateOf, int, intBytes, intOf, oidOf, octets, parse, raw, seq, sha256Algorithm, time, toDer, oid } from './der';

/** id-ct-TSTInfo (RFC 3161, 2.4.2). */
export const TSTINFO_OID = '1.2.840.113549.1.9.16.1.4';
const SHA256 = '2.16.840.1.101.3.4.2.1';

/** Something that time-stamps a SHA-256 digest: the token (a CMS ContentInfo, DER). */
export interface TimestampAuthority {
  timestamp(digest: Uint8Array): Promise<Uint8Array>;
}

export interface TimestampRequest {
  digest: Uint8Array;
  nonce?: Uint8Array;
  certReq: boolean;
}

export function timestampRequest(digest: Uint8Array, nonce: Uint8Array): Uint8Array {
  // TimeStampReq: version 1, messageImprint, nonce, certReq TRUE (the token carries the TSA's chain).
  return toDer(seq(int(1), seq(sha256Algorithm(), octets(digest)), intBytes(nonce), new asn1js.Boolean({ value: true })));
}

/** A client's request, as a TSA reads it. Throws on anything but a SHA-256 imprint. */
export function readTimestampRequest(der: Uint8Array): TimestampRequest {
  const request = parse(der);
  const [version, imprint, ...rest] = children(request);
  if (!version || intOf(version) !== 1 || !imprint) throw new Error('Not a version 1 TimeStampReq');
  if (oidOf(child(child(imprint, 0), 0)) !== SHA256) throw new Error('Only SHA-256 imprints are accepted');
  const digest = bytesOf(child(imprint, 1));
  if (digest.length !== 32) throw new Error('A SHA-256 digest is 32 bytes');
  const nonce = rest.find((n) => n instanceof asn1js.Integer);
  const certReq = rest.find((n) => n instanceof asn1js.Boolean) as asn1js.Boolean | undefined;
  return { digest, ...(nonce ? { nonce: bytesOf(nonce) } : {}), certReq: certReq?.valueBlock.value ?? false };
}

export interface TstInfo {
  policy: string;
  imprint: Uint8Array;
  serial: Uint8Array;
  genTime: Date;
  nonce?: Uint8Array;
}

export function tstInfo(info: TstInfo & { accuracySeconds?: number }): Uint8Array {
  return toDer(
    seq(
      int(1),
      oid(info.policy),
      seq(sha256Algorithm(), octets(info.imprint)),
      intBytes(info.serial),
      time(info.genTime),
      ...(info.accuracySeconds ? [seq(int(info.accuracySeconds))] : []),
      ...(info.nonce ? [intBytes(info.nonce)] : []),
    ),
  );
}

export function readTstInfo(der: Uint8Array): TstInfo {
  const nodes = children(parse(der));
  const [version, policy, imprint, serial, genTime, ...rest] = nodes;
  if (!version || intOf(version) !== 1 || !policy || !imprint || !serial || !genTime) throw new Error('Not a TSTInfo');
  if (oidOf(child(child(imprint, 0), 0)) !== SHA256) throw new Error('Only SHA-256 imprints are read');
  const nonce = rest.find((n) => n instanceof asn1js.Integer);
  return { policy: oidOf(policy), imprint: bytesOf(child(imprint, 1)), serial: bytesOf(serial), genTime: dateOf(genTime), ...(nonce ? { nonce: bytesOf(nonce) } : {}) };
}

/** PKIStatus granted (0), or rejection (2) with a failure text. */
export function timestampResponse(token: Uint8Array | undefined, failure?: string): Uint8Array {
  if (token) return toDer(seq(seq(int(0)), raw(token)));
  return toDer(seq(seq(int(2), seq(new asn1js.Utf8String({ value: failure ?? 'rejected' })))));
}

/** The token of a granted response, checked to be for `digest` and `nonce`. */
export function tokenOfResponse(der: Uint8Array, digest: Uint8Array, nonce: Uint8Array): Uint8Array {
  const [status, token] = children(parse(der));
  const code = status ? intOf(child(status, 0)) : -1;
  if ((code !== 0 && code !== 1) || !token) throw new Error(`The time-stamping authority refused the request (status ${code})`);
  const tokenDer = toDer(token);
  // ContentInfo → [0] → SignedData → encapContentInfo → [0] → OCTET STRING (TSTInfo).
  const signedData = child(child(token, 1), 0);
  const encap = children(signedData).find((n) => n instanceof asn1js.Sequence && children(n)[0] instanceof asn1js.ObjectIdentifier);
  if (!encap || oidOf(child(encap, 0)) !== TSTINFO_OID) throw new Error('The time-stamp token holds no TSTInfo');
  const info = readTstInfo(bytesOf(child(child(encap, 1), 0)));
  if (!Buffer.from(info.imprint).equals(Buffer.from(digest))) throw new Error('The time-stamp token is for another digest');
  if (!info.nonce || !Buffer.from(info.nonce).equals(Buffer.from(nonce))) throw new Error('The time-stamp token does not carry our nonce');
  return tokenDer;
}

/**
 * A TSA over HTTP (RFC 3161, 3.4). `timeoutMs` bounds the whole exchange; past it the step fails
 * with a 503-class error, and the caller's retry (the stream's, or the person's) takes it again.
 */
export function httpTimestampAuthority(url: string, timeoutMs: number): TimestampAuthority {
  return {
    async timestamp(digest) {
      const nonce = positiveSerial(randomBytes(8));
      let answer: Uint8Array;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
          body: timestampRequest(digest, nonce),
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        answer = new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        throw unavailable(url, error);
      }
      try {
        return tokenOfResponse(answer, digest, nonce);
      } catch (error) {
        throw unavailable(url, error);
      }
    },
  };
}

function unavailable(url: string, error: unknown): AppError {
  const why = error instanceof Error ? error.message : String(error);
  return new AppError('internal', {
    vi: `Không lấy được dấu thời gian từ ${url} (${why}); chưa ký, hãy thử lại.`,
    en: `No time-stamp from ${url} (${why}); nothing was signed, try again.`,
  });
}
