/**
 * Revocation data for long-term validation: CRLs (RFC 5280, built with @peculiar/asn1-x509) and
 * OCSP (RFC 6960: requests and basic responses, built with asn1js). The development CA publishes
 * both (local-ca.ts, served by the local stack); in AWS the sources are configuration (the CA's CRL
 * and OCSP URLs) or, for other issuers such as a TSA's, the URLs their certificates name.
 */
import { X509Certificate, createHash, verify } from 'node:crypto';
import * as asn1js from 'asn1js';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AuthorityInfoAccessSyntax,
  CRLDistributionPoints,
  Certificate,
  CertificateList,
  Extension,
  RevokedCertificate,
  TBSCertList,
  Time,
  Version,
  id_ce_cRLDistributionPoints,
  id_pe_authorityInfoAccess,
} from '@peculiar/asn1-x509';
import { SHA256_WITH_RSA } from './certificates';
// Parsed once per certificate and process: our own CA's and TSA's, a handful (parsing takes milliseconds).
import { parseCertificate } from '../pdf/cms';
import { bytesOf, child, children, dateOf, explicit, implicitPrimitive, int, intBytes, isContext, octets, oid, oidOf, parse, raw, seq, time, toDer } from './der';

const SHA1 = '1.3.14.3.2.26';
const OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const ID_AD_OCSP = '1.3.6.1.5.5.7.48.1';

const sha1 = (b: Uint8Array) => new Uint8Array(createHash('sha1').update(b).digest());
const ab = (b: Uint8Array) => b.slice().buffer as ArrayBuffer;

export interface Revoked {
  serial: Uint8Array;
  at: Date;
}

/** A CRL signed by the issuer: what it revoked, valid from `thisUpdate` to `nextUpdate`. */
export async function buildCrl(params: {
  issuer: Uint8Array;
  revoked: readonly Revoked[];
  thisUpdate: Date;
  nextUpdate: Date;
  sign: (tbs: Uint8Array) => Promise<Uint8Array>;
}): Promise<Uint8Array> {
  const issuer = AsnConvert.parse(params.issuer, Certificate);
  const signature = new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: null });
  const tbs = new TBSCertList({
    version: Version.v2,
    signature,
    issuer: issuer.tbsCertificate.subject,
    thisUpdate: new Time(params.thisUpdate),
    nextUpdate: new Time(params.nextUpdate),
    ...(params.revoked.length
      ? { revokedCertificates: params.revoked.map((r) => new RevokedCertificate({ userCertificate: ab(r.serial), revocationDate: new Time(r.at) })) }
      : {}),
    // cRLNumber (RFC 5280, 5.2.3, required): the issue time in seconds only ever grows.
    crlExtensions: [new Extension({ extnID: '2.5.29.20', critical: false, extnValue: new OctetString(toDer(int(Math.floor(params.thisUpdate.getTime() / 1000)))) })],
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const signatureValue = await params.sign(tbsDer);
  return new Uint8Array(AsnConvert.serialize(new CertificateList({ tbsCertList: tbs, signatureAlgorithm: signature, signature: ab(signatureValue) })));
}

export interface CrlView {
  issuer: string;
  thisUpdate: Date;
  nextUpdate?: Date;
  revoked: { serialNumber: string; at: Date }[];
}

/** A CRL checked against its issuer's certificate; undefined when the issuer did not sign it. */
export function readCrl(der: Uint8Array, issuer: X509Certificate): CrlView | undefined {
  try {
    const crl = AsnConvert.parse(der, CertificateList);
    const tbsDer = AsnConvert.serialize(crl.tbsCertList);
    if (crl.signatureAlgorithm.algorithm !== SHA256_WITH_RSA) return undefined;
    if (!verify('sha256', Buffer.from(tbsDer), issuer.publicKey, Buffer.from(crl.signature))) return undefined;
    return {
      issuer: issuer.subject,
      thisUpdate: crl.tbsCertList.thisUpdate.getTime(),
      ...(crl.tbsCertList.nextUpdate ? { nextUpdate: crl.tbsCertList.nextUpdate.getTime() } : {}),
      revoked: (crl.tbsCertList.revokedCertificates ?? []).map((r) => ({ serialNumber: hexSerial(new Uint8Array(r.userCertificate)), at: r.revocationDate.getTime() })),
    };
  } catch {
    return undefined;
  }
}

const hexSerial = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase().replace(/^(00)+(?=.)/, '');

export interface CertId {
  nameHash: Uint8Array;
  keyHash: Uint8Array;
  serial: Uint8Array;
}

/** The CertID of a certificate (RFC 6960, 4.1.1), hashed with SHA-1 as every responder accepts. */
function certId(cert: X509Certificate, issuer: X509Certificate): CertId {
  const issuerCert = parseCertificate(new Uint8Array(issuer.raw));
  const nameHash = sha1(new Uint8Array(AsnConvert.serialize(issuerCert.tbsCertificate.subject)));
  const keyHash = sha1(new Uint8Array(issuerCert.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey));
  const serial = new Uint8Array(parseCertificate(new Uint8Array(cert.raw)).tbsCertificate.serialNumber);
  return { nameHash, keyHash, serial };
}

const certIdNode = (id: CertId) =>
  seq(seq(oid(SHA1), new asn1js.Null()), octets(id.nameHash), octets(id.keyHash), intBytes(id.serial));

export function ocspRequest(cert: X509Certificate, issuer: X509Certificate): Uint8Array {
  return toDer(seq(seq(seq(seq(certIdNode(certId(cert, issuer)))))));
}

/** The certificate a request asks about: its serial, and whether it names this issuer. */
export function readOcspRequest(der: Uint8Array, issuer: X509Certificate): { serial: Uint8Array; forIssuer: boolean; certId: CertId } {
  const tbsRequest = child(parse(der), 0);
  const list = children(tbsRequest).find((n) => n instanceof asn1js.Sequence)!;
  const id = child(child(list, 0), 0);
  if (oidOf(child(child(id, 0), 0)) !== SHA1) throw new Error('Only SHA-1 CertIDs are answered');
  const asked = { nameHash: bytesOf(child(id, 1)), keyHash: bytesOf(child(id, 2)), serial: bytesOf(child(id, 3)) };
  const issuerCert = parseCertificate(new Uint8Array(issuer.raw));
  const forIssuer =
    Buffer.from(asked.nameHash).equals(Buffer.from(sha1(new Uint8Array(AsnConvert.serialize(issuerCert.tbsCertificate.subject))))) &&
    Buffer.from(asked.keyHash).equals(Buffer.from(sha1(new Uint8Array(issuerCert.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey))));
  return { serial: asked.serial, forIssuer, certId: asked };
}

export type OcspStatus = { status: 'good' } | { status: 'revoked'; at: Date } | { status: 'unknown' };

/**
 * A basic OCSP response signed by the issuer itself (RFC 6960, 4.2.2.2: the CA may answer for its
 * own certificates), responder named by key hash. `unauthorized` (6) for a request it cannot answer.
 */
export async function ocspResponse(params: {
  issuer: Uint8Array;
  certId: CertId | undefined;
  status: OcspStatus;
  producedAt: Date;
  nextUpdate: Date;
  sign: (tbs: Uint8Array) => Promise<Uint8Array>;
}): Promise<Uint8Array> {
  if (!params.certId) return toDer(seq(new asn1js.Enumerated({ value: 6 })));
  const issuer = parseCertificate(params.issuer);
  const keyHash = sha1(new Uint8Array(issuer.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey));
  const status =
    params.status.status === 'good'
      ? implicitPrimitive(0)
      : params.status.status === 'revoked'
        ? new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value: [time(params.status.at)] })
        : implicitPrimitive(2);
  const single = seq(certIdNode(params.certId), status, time(params.producedAt), explicit(0, time(params.nextUpdate)));
  const responseData = toDer(seq(explicit(2, octets(keyHash)), time(params.producedAt), seq(single)));
  const signature = await params.sign(responseData);
  const basic = seq(raw(responseData), seq(oid(SHA256_WITH_RSA), new asn1js.Null()), new asn1js.BitString({ valueHex: ab(signature) }));
  return toDer(seq(new asn1js.Enumerated({ value: 0 }), explicit(0, seq(oid(OCSP_BASIC), octets(toDer(basic))))));
}

export interface OcspView {
  producedAt: Date;
  serialNumber: string;
  status: OcspStatus;
}

/** A basic OCSP response checked against the issuer that signed it; undefined when not. */
export function readOcspResponse(der: Uint8Array, issuer: X509Certificate): OcspView | undefined {
  try {
    const [status, bytes] = children(parse(der));
    if (!status || !bytes || (status as asn1js.Enumerated).valueBlock.valueDec !== 0) return undefined;
    const responseBytes = child(bytes, 0);
    if (oidOf(child(responseBytes, 0)) !== OCSP_BASIC) return undefined;
    const basic = parse(bytesOf(child(responseBytes, 1)));
    const [tbs, algorithm, signature] = children(basic);
    if (!tbs || !algorithm || !signature || oidOf(child(algorithm, 0)) !== SHA256_WITH_RSA) return undefined;
    if (!verify('sha256', Buffer.from(toDer(tbs)), issuer.publicKey, Buffer.from(bytesOf(signature)))) return undefined;
    const fields = children(tbs).filter((n) => !isContext(n, 0));
    const producedAt = dateOf(fields[1]!);
    const single = child(fields[2]!, 0);
    const id = child(single, 0);
    const statusNode = child(single, 1);
    const serialNumber = hexSerial(bytesOf(child(id, 3)));
    const certStatus: OcspStatus = isContext(statusNode, 0)
      ? { status: 'good' }
      : isContext(statusNode, 1)
        ? { status: 'revoked', at: dateOf(child(statusNode, 0)) }
        : { status: 'unknown' };
    return { producedAt, serialNumber, status: certStatus };
  } catch {
    return undefined;
  }
}

/** URLs a certificate names: its CRL distribution point and its OCSP responder. */
export function revocationUrlsOf(cert: X509Certificate): { crl?: string; ocsp?: string } {
  const parsed = parseCertificate(new Uint8Array(cert.raw));
  const ext = (id: string) => parsed.tbsCertificate.extensions?.find((e) => e.extnID === id)?.extnValue.buffer;
  const out: { crl?: string; ocsp?: string } = {};
  const dp = ext(id_ce_cRLDistributionPoints);
  if (dp) out.crl = AsnConvert.parse(dp, CRLDistributionPoints)[0]?.distributionPoint?.fullName?.find((n) => n.uniformResourceIdentifier)?.uniformResourceIdentifier;
  const aia = ext(id_pe_authorityInfoAccess);
  if (aia) out.ocsp = AsnConvert.parse(aia, AuthorityInfoAccessSyntax).find((d) => d.accessMethod === ID_AD_OCSP)?.accessLocation.uniformResourceIdentifier;
  for (const key of ['crl', 'ocsp'] as const) if (!out[key]) delete out[key];
  return out;
}

/** Where revocation data comes from: the CRL covering a certificate and an OCSP response for it. */
export interface RevocationSource {
  crl(cert: X509Certificate, issuer: X509Certificate): Promise<Uint8Array | undefined>;
  ocsp(cert: X509Certificate, issuer: X509Certificate): Promise<Uint8Array | undefined>;
}

/**
 * Revocation over HTTP: the configured URLs for certificates of the configured CA (`caCrlUrl`,
 * `caOcspUrl`: configuration, so a CA moved to another host still gets its data fetched), the
 * certificate's own extensions for any other issuer. A source that does not answer in time is an
 * error: the letter is not issued with partial long-term validation data.
 */
export function httpRevocation(options: { caCrlUrl?: string; caOcspUrl?: string; timeoutMs: number; caCertificates: () => Promise<readonly Uint8Array[]> }): RevocationSource {
  let cas: Promise<X509Certificate[]> | undefined;
  const ourCa = async (issuer: X509Certificate) =>
    (await (cas ??= options.caCertificates().then((list) => list.map((der) => new X509Certificate(Buffer.from(der)))))).some((c) => c.fingerprint256 === issuer.fingerprint256);
  const urlOf = async (cert: X509Certificate, issuer: X509Certificate, kind: 'crl' | 'ocsp') => {
    const configured = kind === 'crl' ? options.caCrlUrl : options.caOcspUrl;
    return configured && (await ourCa(issuer)) ? configured : revocationUrlsOf(cert)[kind];
  };
  const crls = new Map<string, Promise<Uint8Array>>();
  const get = async (url: string, init?: RequestInit) => {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
  return {
    async crl(cert, issuer) {
      const url = await urlOf(cert, issuer, 'crl');
      if (!url) return undefined;
      // One CRL covers every certificate of its issuer: the step's parallel requests share one fetch,
      // and the next step fetches it afresh (a warm function never serves an old CRL).
      let crl = crls.get(url);
      if (!crl) {
        crls.set(url, (crl = get(url)));
        void crl.then(
          () => crls.delete(url),
          () => crls.delete(url),
        );
      }
      return crl;
    },
    async ocsp(cert, issuer) {
      const url = await urlOf(cert, issuer, 'ocsp');
      if (!url) return undefined;
      const answer = await get(url, { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: ocspRequest(cert, issuer) });
      // Only an answer signed by the issuer about this very certificate is worth keeping.
      const read = readOcspResponse(answer, issuer);
      return read && read.serialNumber === cert.serialNumber.replace(/^(00)+(?=.)/, '') && read.status.status !== 'unknown' ? answer : undefined;
    },
  };
}
