/**
 * The development time-stamping authority (RFC 3161): its own key and certificate, issued by the
 * development CA with the time-stamping extended key usage (critical), signing TSTInfo tokens with
 * the time of this machine. Served over HTTP by the local stack (infra/local/trust-services.ts) and
 * usable in-process by tests. Development only: a real TSA's clock is audited, this one's is not.
 */
import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import { buildSignedData } from '../pdf/cms';
import { positiveSerial } from './certificates';
import type { Signer } from './signer';
import { readTimestampRequest, timestampResponse, tstInfo, TSTINFO_OID, type TimestampAuthority } from './timestamp';

/** The stand-in's policy: a UUID-based OID (ITU-T X.667), so it collides with no registered policy. */
export const LOCAL_TSA_POLICY = '2.25.208151624393524427950307493733155935327';

export class LocalTsa implements TimestampAuthority {
  constructor(
    private readonly key: KeyObject,
    private readonly sign: (key: KeyObject, digest: Uint8Array) => Uint8Array,
    /** The TSA's certificate first, then its issuers up to the root. */
    readonly chain: Uint8Array[],
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A token for a digest, without the HTTP exchange. */
  async timestamp(digest: Uint8Array): Promise<Uint8Array> {
    return this.token(digest, positiveSerial(randomBytes(8)), true);
  }

  /** The answer to an `application/timestamp-query` body: a granted token or a rejection. */
  async respond(request: Uint8Array): Promise<Uint8Array> {
    let parsed: ReturnType<typeof readTimestampRequest>;
    try {
      parsed = readTimestampRequest(request);
    } catch (error) {
      return timestampResponse(undefined, error instanceof Error ? error.message : 'bad request');
    }
    return timestampResponse(await this.token(parsed.digest, parsed.nonce, parsed.certReq));
  }

  private async token(digest: Uint8Array, nonce: Uint8Array | undefined, withCertificates: boolean): Promise<Uint8Array> {
    const info = tstInfo({
      policy: LOCAL_TSA_POLICY,
      imprint: digest,
      serial: positiveSerial(randomBytes(16)),
      genTime: this.now(),
      accuracySeconds: 1,
      ...(nonce ? { nonce } : {}),
    });
    const signer: Signer = {
      // Without certReq the token still names its certificate (ESS) but carries only that one.
      certificates: async () => (withCertificates ? this.chain : this.chain.slice(0, 1)),
      signDigest: async (d) => this.sign(this.key, d),
    };
    return buildSignedData({ signer, contentType: TSTINFO_OID, encapsulated: info, contentDigest: new Uint8Array(createHash('sha256').update(info).digest()) });
  }
}
