/**
 * CMS SignedData (RFC 5652) for PAdES baseline signatures (ETSI EN 319 142-1, SubFilter
 * ETSI.CAdES.detached) and for RFC 3161 time-stamp tokens, which are SignedData too.
 *
 * A PAdES signature signs content-type, message-digest (SHA-256 of the PDF's byte range) and
 * signing-certificate-v2 (RFC 5035: the hash of the signer's certificate, so the certificate cannot
 * be swapped); no signing-time attribute (EN 319 142-1, 5.4.2: the claimed time is the signature
 * dictionary's /M). The certificates carry the whole chain up to the root, and the unsigned
 * attributes the signature time-stamp (id-aa-signatureTimeStampToken over the signature value):
 * PAdES-B-T. Built and read with @peculiar/asn1-cms; the signature itself comes from a Signer port,
 * so the same code serves the local CA, the TSA stand-in and KMS. Checked with node:crypto.
 */
import { X509Certificate, createHash, verify } from 'node:crypto';
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  ContentInfo,
  EncapsulatedContent,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SigningTime,
  id_contentType,
  id_data,
  id_messageDigest,
  id_signedData,
  id_signingTime,
  CMSVersion,
  DigestAlgorithmIdentifier,
  SignatureAlgorithmIdentifier,
  DigestAlgorithmIdentifiers,
  SignerInfos,
} from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import * as asn1js from 'asn1js';
import type { Signer } from '../signing/signer';
import { SHA256_WITH_RSA } from '../signing/certificates';
import { bytesOf, child, children, explicit, intBytes, octets, parse, raw, seq, toDer } from '../signing/der';
import { readTstInfo, TSTINFO_OID, type TimestampAuthority } from '../signing/timestamp';

const SHA256 = '2.16.840.1.101.3.4.2.1';
/** RFC 5035: id-aa-signingCertificateV2. */
export const SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';
/** RFC 3161, appendix A: id-aa-signatureTimeStampToken. */
export const SIGNATURE_TIMESTAMP = '1.2.840.113549.1.9.16.2.14';
/** RFC 5280: id-kp-timeStamping. */
const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';

const bytes = (b: ArrayBuffer | ArrayBufferView): Uint8Array =>
  b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
const sha256 = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());

function derLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return Uint8Array.of(0x80 | out.length, ...out);
}

/**
 * The DER SET OF the signed attributes: what the signature covers (RFC 5652, 5.4), with the SET tag
 * rather than the [0] the SignerInfo carries. DER sorts the members by their encoding.
 */
function signedAttributesDer(attributes: readonly Attribute[]): Uint8Array {
  const encoded = attributes.map((a) => Buffer.from(AsnConvert.serialize(a))).sort(Buffer.compare);
  const body = Buffer.concat(encoded);
  return Buffer.concat([Uint8Array.of(0x31), derLength(body.length), body]);
}

const sortedAttributes = (attributes: Attribute[]) =>
  attributes
    .map((a) => ({ a, der: Buffer.from(AsnConvert.serialize(a)) }))
    .sort((x, y) => Buffer.compare(x.der, y.der))
    .map(({ a }) => a);

/** Parsed certificates by their DER (as hex): parsing ASN.1 is the slow part of building a CMS. */
const parsedCertificates = new Map<string, Certificate>();

export function parseCertificate(der: Uint8Array): Certificate {
  const key = Buffer.from(der).toString('hex');
  let cert = parsedCertificates.get(key);
  if (!cert) {
    cert = AsnConvert.parse(der, Certificate);
    parsedCertificates.set(key, cert);
  }
  return cert;
}

/**
 * SigningCertificateV2 (RFC 5035): one ESSCertIDv2 with the SHA-256 of the signer's certificate
 * (the default hash algorithm, so not written) and its issuer and serial number.
 */
export function signingCertificateV2(certificate: Uint8Array): Uint8Array {
  const cert = parseCertificate(certificate);
  const issuerSerial = seq(
    seq(explicit(4, raw(AsnConvert.serialize(cert.tbsCertificate.issuer)))),
    intBytes(new Uint8Array(cert.tbsCertificate.serialNumber)),
  );
  return toDer(seq(seq(seq(octets(sha256(certificate)), issuerSerial))));
}

/** The certificate hashes a SigningCertificateV2 value names (SHA-256 only; others are not ours). */
function essCertHashes(value: ArrayBuffer): Uint8Array[] {
  return children(child(parse(bytes(value)), 0)).map((id) => {
    const first = child(id, 0);
    if (first instanceof asn1js.Sequence) {
      const algorithm = child(first, 0) as asn1js.ObjectIdentifier;
      if (algorithm.valueBlock.toString() !== SHA256) throw new Error('Unsupported ESS hash');
      return bytesOf(child(id, 1));
    }
    return bytesOf(first);
  });
}

export interface SignedDataParams {
  signer: Signer;
  /** Content type of what is signed: id-data for a PDF, id-ct-TSTInfo for a time-stamp token. */
  contentType?: string;
  /** The content inside the SignedData (a TSTInfo); absent for a detached signature. */
  encapsulated?: Uint8Array;
  /** SHA-256 of the content. */
  contentDigest: Uint8Array;
  /** Only where allowed: PAdES forbids it (the /M entry holds the claimed time). */
  signingTime?: Date;
  /** Unsigned attributes computed from the signature value (the signature time-stamp). */
  unsigned?: (signature: Uint8Array) => Promise<Attribute[]>;
}

/** A SignedData with one signer, the signer's chain (as its Signer gives it) among the certificates. */
export async function buildSignedData(params: SignedDataParams): Promise<Uint8Array> {
  const { signer } = params;
  const contentType = params.contentType ?? id_data;
  const chain = await signer.certificates();
  const leafDer = chain[0]!;
  const leaf = parseCertificate(leafDer);
  const attributes = sortedAttributes([
    new Attribute({ attrType: id_contentType, attrValues: [new asn1js.ObjectIdentifier({ value: contentType }).toBER(false)] }),
    ...(params.signingTime ? [new Attribute({ attrType: id_signingTime, attrValues: [AsnConvert.serialize(new SigningTime(params.signingTime))] })] : []),
    new Attribute({ attrType: id_messageDigest, attrValues: [AsnConvert.serialize(new OctetString(params.contentDigest))] }),
    new Attribute({ attrType: SIGNING_CERTIFICATE_V2, attrValues: [bytes(signingCertificateV2(leafDer)).slice().buffer as ArrayBuffer] }),
  ]);
  const toBeSigned = createHash('sha256').update(signedAttributesDer(attributes)).digest();
  const signature = await signer.signDigest(toBeSigned);
  const unsigned = params.unsigned ? await params.unsigned(signature) : [];

  const digestAlgorithm = new DigestAlgorithmIdentifier({ algorithm: SHA256, parameters: null });
  const signedData = new SignedData({
    // RFC 5652, 5.1: version 3 when the content is not id-data.
    version: contentType === id_data ? CMSVersion.v1 : CMSVersion.v3,
    digestAlgorithms: new DigestAlgorithmIdentifiers([digestAlgorithm]),
    encapContentInfo: new EncapsulatedContentInfo({
      eContentType: contentType,
      ...(params.encapsulated ? { eContent: new EncapsulatedContent({ single: new OctetString(params.encapsulated) }) } : {}),
    }),
    certificates: new CertificateSet(chain.map((der) => new CertificateChoices({ certificate: parseCertificate(der) }))),
    signerInfos: new SignerInfos([
      new SignerInfo({
        version: CMSVersion.v1,
        sid: new SignerIdentifier({
          issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer: leaf.tbsCertificate.issuer, serialNumber: leaf.tbsCertificate.serialNumber }),
        }),
        digestAlgorithm,
        signedAttrs: attributes,
        signatureAlgorithm: new SignatureAlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: null }),
        signature: new OctetString(signature),
        ...(unsigned.length ? { unsignedAttrs: unsigned } : {}),
      }),
    ]),
  });
  return bytes(AsnConvert.serialize(new ContentInfo({ contentType: id_signedData, content: AsnConvert.serialize(signedData) })));
}

/**
 * A detached PAdES signature (CAdES baseline) over a content whose SHA-256 is `contentDigest`, with
 * a signature time-stamp from `tsa` when given (B-T) and without one otherwise (B-B).
 */
export async function createDetachedSignature(contentDigest: Uint8Array, signer: Signer, tsa?: TimestampAuthority): Promise<Uint8Array> {
  return buildSignedData({
    signer,
    contentDigest,
    ...(tsa
      ? {
          unsigned: async (signature: Uint8Array) => [
            new Attribute({ attrType: SIGNATURE_TIMESTAMP, attrValues: [bytes(await tsa.timestamp(sha256(signature))).slice().buffer as ArrayBuffer] }),
          ],
        }
      : {}),
  });
}

export interface CertificateView {
  subject: string;
  issuer: string;
  serialNumber: string;
  fingerprint256: string;
  validFrom: string;
  validTo: string;
}

/** What the signature time-stamp token (RFC 3161) of a signature says. */
export interface TimestampCheck {
  time: Date;
  /** The time-stamping authority: its certificate's common name (or subject). */
  authority: string;
  /** The token's own signature matches its TSA certificate and the token covers this signature value. */
  intact: boolean;
  /** The TSA's certificate chains to a trusted root, carries the time-stamping usage, and was valid at the time. */
  trusted: boolean;
  chain: CertificateView[];
  /** DER certificates of the token's chain (for the long-term validation data). */
  certificates: Uint8Array[];
}

/** What one CMS signature says about the content whose digest is given. */
export interface SignatureCheck {
  /** The signed attributes match the content and the signature matches the signer's key. */
  intact: boolean;
  /** The signer's certificate chains to one of the trusted roots and was valid at the signing time. */
  trusted: boolean;
  signer?: { commonName: string; organization?: string; userId?: string; subject: string; serialNumber: string; fingerprint256: string };
  signingTime?: Date;
  /** The signed signing-certificate-v2 attribute names the signer's certificate (PAdES B-B). */
  signingCertificateV2?: boolean;
  /** The signature time-stamp, when the signature carries one (PAdES B-T). */
  timestamp?: TimestampCheck;
  /** The signer's chain as found in the CMS, from its certificate up to the root. */
  chain?: CertificateView[];
  /** DER certificates of that chain (for the long-term validation data). */
  certificates?: Uint8Array[];
  /** Why not intact or not trusted, in both languages. */
  problems: { vi: string; en: string }[];
}

function attributeValue(attributes: readonly Attribute[], type: string): ArrayBuffer | undefined {
  return attributes.find((a) => a.attrType === type)?.attrValues[0];
}

const nameField = (subject: string, key: string) =>
  subject
    .split('\n')
    .find((l) => l.startsWith(`${key}=`))
    ?.slice(key.length + 1);

const viewOfCertificate = (c: X509Certificate): CertificateView => ({
  subject: c.subject,
  issuer: c.issuer,
  serialNumber: c.serialNumber,
  fingerprint256: c.fingerprint256,
  validFrom: new Date(c.validFrom).toISOString(),
  validTo: new Date(c.validTo).toISOString(),
});

/**
 * Issuer certificates up the chain until a trusted root: the chain found (leaf first, the root last
 * when reached) and whether it got there with every certificate valid at `at`.
 */
export function chainToRoot(leaf: X509Certificate, pool: X509Certificate[], roots: X509Certificate[], at: Date): { chain: X509Certificate[]; trusted: boolean } {
  const validAt = (c: X509Certificate) => new Date(c.validFrom) <= at && at <= new Date(c.validTo);
  const chain = [leaf];
  let current = leaf;
  let valid = true;
  for (let depth = 0; depth < 5; depth++) {
    valid &&= validAt(current);
    const root = roots.find((r) => current.checkIssued(r) && current.verify(r.publicKey));
    if (root) {
      if (root.fingerprint256 !== current.fingerprint256) chain.push(root);
      return { chain, trusted: valid && validAt(root) };
    }
    const next = pool.find((c) => c.fingerprint256 !== current.fingerprint256 && c.ca && current.checkIssued(c) && current.verify(c.publicKey));
    if (!next) return { chain, trusted: false };
    chain.push(next);
    current = next;
  }
  return { chain, trusted: false };
}

interface ParsedSigner {
  signedData: SignedData;
  signerInfo: SignerInfo;
  leaf: X509Certificate;
  pool: X509Certificate[];
  /** The signed message-digest attribute's value. */
  messageDigest: Buffer | undefined;
  signatureMatches: boolean;
  essMatches: boolean | undefined;
}

interface SignerCheck extends ParsedSigner {
  digestMatches: boolean;
}

/**
 * Parsing a SignedData with @peculiar/asn1-schema takes milliseconds; a file's later checks (the
 * level reader, a byte changed in one revision) see the same CMS again. A few recent ones are kept,
 * keyed by the SHA-256 of their bytes; what depends on the content is computed per call.
 */
const parsedSigners = new Map<string, ParsedSigner>();
const PARSED_SIGNERS_KEPT = 32;

function parseSigner(cms: Uint8Array): ParsedSigner {
  const key = createHash('sha256').update(cms).digest('hex');
  const known = parsedSigners.get(key);
  if (known) return known;
  const info = AsnConvert.parse(cms, ContentInfo);
  if (info.contentType !== id_signedData) throw new Error('not SignedData');
  const signedData = AsnConvert.parse(info.content, SignedData);
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo || signedData.signerInfos.length !== 1) throw new Error('expected one signer');
  const ders = (signedData.certificates ?? []).flatMap((c) => (c.certificate ? [bytes(AsnConvert.serialize(c.certificate))] : []));
  const pool = ders.map((der) => new X509Certificate(Buffer.from(der)));
  const sid = signerInfo.sid.issuerAndSerialNumber;
  const leafIndex = (signedData.certificates ?? [])
    .filter((c) => c.certificate)
    .findIndex(
      (c) =>
        sid &&
        Buffer.from(c.certificate!.tbsCertificate.serialNumber).equals(Buffer.from(sid.serialNumber)) &&
        Buffer.from(AsnConvert.serialize(c.certificate!.tbsCertificate.issuer)).equals(Buffer.from(AsnConvert.serialize(sid.issuer))),
    );
  const leaf = pool[leafIndex];
  if (!leaf) throw new Error("signer's certificate missing");
  const attributes = signerInfo.signedAttrs ?? [];
  const digestValue = attributeValue(attributes, id_messageDigest);
  const messageDigest = digestValue !== undefined ? Buffer.from(AsnConvert.parse(digestValue, OctetString).buffer) : undefined;
  const algorithm = signerInfo.digestAlgorithm.algorithm === SHA256 ? 'sha256' : undefined;
  const signatureMatches =
    algorithm !== undefined && verify(algorithm, signedAttributesDer(attributes), leaf.publicKey, Buffer.from(signerInfo.signature.buffer));
  const essValue = attributeValue(attributes, SIGNING_CERTIFICATE_V2);
  let essMatches: boolean | undefined;
  if (essValue) {
    try {
      essMatches = Buffer.from(essCertHashes(essValue)[0] ?? []).equals(Buffer.from(sha256(ders[leafIndex]!)));
    } catch {
      essMatches = false;
    }
  }
  const parsed = { signedData, signerInfo, leaf, pool, messageDigest, signatureMatches, essMatches };
  if (parsedSigners.size >= PARSED_SIGNERS_KEPT) parsedSigners.delete(parsedSigners.keys().next().value!);
  parsedSigners.set(key, parsed);
  return parsed;
}

/** The one SignerInfo of a SignedData checked against the content digest and its certificate. Throws on malformed input. */
function checkSigner(cms: Uint8Array, contentDigest: Uint8Array): SignerCheck {
  const parsed = parseSigner(cms);
  return { ...parsed, digestMatches: parsed.messageDigest !== undefined && parsed.messageDigest.equals(Buffer.from(contentDigest)) };
}

/**
 * Certificates travel unsigned in the CMS: one that is not part of the chain found (a damaged copy of
 * the root, a stray certificate) is a change nothing else would show.
 */
const strays = (pool: readonly X509Certificate[], chain: readonly X509Certificate[]) =>
  pool.filter((c) => !chain.some((k) => k.fingerprint256 === c.fingerprint256));

const commonName = (c: X509Certificate) => nameField(c.subject, 'CN') ?? c.subject;

/** The signature time-stamp token in a SignerInfo's unsigned attributes, checked against its signature value. */
function checkToken(tokenDer: Uint8Array, imprint: Uint8Array, roots: X509Certificate[]): TimestampCheck {
  const parsed = parseSigner(tokenDer);
  const content = parsed.signedData.encapContentInfo.eContent?.single?.buffer;
  if (parsed.signedData.encapContentInfo.eContentType !== TSTINFO_OID || !content) throw new Error('not a time-stamp token');
  const tst = readTstInfo(bytes(content));
  const signer = checkSigner(tokenDer, sha256(bytes(content)));
  const imprintMatches = Buffer.from(tst.imprint).equals(Buffer.from(imprint));
  const { chain, trusted } = chainToRoot(signer.leaf, signer.pool, roots, tst.genTime);
  const usage = signer.leaf.keyUsage ?? [];
  return {
    time: tst.genTime,
    authority: commonName(signer.leaf),
    intact: imprintMatches && signer.digestMatches && signer.signatureMatches && signer.essMatches === true && strays(signer.pool, chain).length === 0,
    trusted: trusted && usage.includes(TIME_STAMPING),
    chain: chain.map(viewOfCertificate),
    certificates: chain.map((c) => new Uint8Array(c.raw)),
  };
}

/** Checks a detached SignedData against the content digest. Never throws on bad input. */
export function checkDetachedSignature(cms: Uint8Array, contentDigest: Uint8Array, trustedRoots: readonly Uint8Array[], claimedTime?: Date): SignatureCheck {
  const problems: SignatureCheck['problems'] = [];
  try {
    const { signerInfo, leaf, pool, digestMatches, signatureMatches, essMatches } = checkSigner(cms, contentDigest);
    const attributes = signerInfo.signedAttrs ?? [];
    const timeValue = attributeValue(attributes, id_signingTime);
    const signedTime = timeValue ? AsnConvert.parse(timeValue, SigningTime).getTime() : undefined;
    const signer = {
      commonName: commonName(leaf),
      ...(nameField(leaf.subject, 'O') ? { organization: nameField(leaf.subject, 'O')! } : {}),
      // Whose certificate it is in the directory: a person's id, or `AGENCY:<code>` for an agency's seal.
      ...(nameField(leaf.subject, 'UID') ? { userId: nameField(leaf.subject, 'UID')! } : {}),
      subject: leaf.subject,
      serialNumber: leaf.serialNumber,
      fingerprint256: leaf.fingerprint256,
    };
    if (!digestMatches) problems.push({ vi: 'Nội dung đã bị thay đổi sau khi ký.', en: 'The content changed after signing.' });
    if (!signatureMatches) problems.push({ vi: 'Chữ ký không khớp với khóa của chứng thư.', en: "The signature does not match the certificate's key." });
    if (essMatches === false) {
      problems.push({ vi: 'Thuộc tính signing-certificate-v2 không khớp chứng thư người ký.', en: "The signing-certificate-v2 attribute does not match the signer's certificate." });
    }

    const roots = trustedRoots.map((der) => new X509Certificate(Buffer.from(der)));
    const tokenValue = attributeValue(signerInfo.unsignedAttrs ?? [], SIGNATURE_TIMESTAMP);
    let timestamp: TimestampCheck | undefined;
    if (tokenValue) {
      try {
        timestamp = checkToken(bytes(tokenValue), sha256(bytes(signerInfo.signature.buffer)), roots);
        if (!timestamp.intact) problems.push({ vi: 'Dấu thời gian không khớp với chữ ký.', en: 'The time-stamp does not match the signature.' });
        if (!timestamp.trusted) problems.push({ vi: 'Dấu thời gian không do đơn vị cấp dấu thời gian tin cậy cấp.', en: 'The time-stamp was not issued by a trusted time-stamping authority.' });
      } catch {
        problems.push({ vi: 'Không đọc được dấu thời gian của chữ ký.', en: "The signature's time-stamp cannot be read." });
      }
    }
    // The time the chain must be valid at: the time-stamp's proof of existence, else the claimed time.
    const at = (timestamp?.intact ? timestamp.time : undefined) ?? signedTime ?? claimedTime ?? new Date();
    const { chain, trusted } = chainToRoot(leaf, pool, roots, at);
    const stray = strays(pool, chain);
    if (stray.length) problems.push({ vi: 'Chữ ký số mang chứng thư không thuộc chuỗi chứng thực (hỏng hoặc thừa).', en: 'The signature carries a certificate outside its chain (damaged or extra).' });
    if (!trusted) problems.push({ vi: 'Chứng thư không do cơ quan chứng thực của hệ thống cấp.', en: "The certificate was not issued by this system's certificate authority." });
    const signingTime = signedTime ?? claimedTime;
    return {
      intact: digestMatches && signatureMatches && essMatches !== false && stray.length === 0 && (timestamp === undefined || timestamp.intact),
      trusted,
      signer,
      ...(signingTime ? { signingTime } : {}),
      signingCertificateV2: essMatches === true,
      ...(timestamp ? { timestamp } : {}),
      chain: chain.map(viewOfCertificate),
      certificates: chain.map((c) => new Uint8Array(c.raw)),
      problems,
    };
  } catch {
    problems.push({ vi: 'Không đọc được chữ ký số (CMS hỏng).', en: 'The digital signature cannot be read (malformed CMS).' });
    return { intact: false, trusted: false, problems };
  }
}

/**
 * A document time-stamp (SubFilter ETSI.RFC3161): the token itself is the /Contents, its imprint
 * the SHA-256 of the byte range. Never throws on bad input.
 */
export function checkDocumentTimestamp(token: Uint8Array, contentDigest: Uint8Array, trustedRoots: readonly Uint8Array[]): TimestampCheck | undefined {
  try {
    return checkToken(token, contentDigest, trustedRoots.map((der) => new X509Certificate(Buffer.from(der))));
  } catch {
    return undefined;
  }
}
