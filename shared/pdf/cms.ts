/**
 * Detached CMS SignedData (RFC 5652) for PDF signatures (SubFilter adbe.pkcs7.detached): the signer
 * signs the signed attributes (content type, signing time, the SHA-256 of the PDF's byte range), and
 * the certificates travel inside. Built and read with @peculiar/asn1-cms; the signature itself comes
 * from a Signer port, so the same code serves the local CA and KMS. Checked with node:crypto.
 */
import { X509Certificate, createHash, verify } from 'node:crypto';
import { Attribute, CertificateChoices, CertificateSet, ContentInfo, EncapsulatedContentInfo, IssuerAndSerialNumber, SignedData, SignerIdentifier, SignerInfo, SigningTime, id_contentType, id_data, id_messageDigest, id_signedData, id_signingTime, CMSVersion, DigestAlgorithmIdentifier, SignatureAlgorithmIdentifier, DigestAlgorithmIdentifiers, SignerInfos } from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import * as asn1js from 'asn1js';
import type { Signer } from '../signing/signer';
import { SHA256_WITH_RSA } from '../signing/certificates';

const SHA256 = '2.16.840.1.101.3.4.2.1';

const bytes = (b: ArrayBuffer | ArrayBufferView): Uint8Array =>
  b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

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

function parseCertificate(der: Uint8Array): Certificate {
  const key = Buffer.from(der).toString('hex');
  let cert = parsedCertificates.get(key);
  if (!cert) {
    cert = AsnConvert.parse(der, Certificate);
    parsedCertificates.set(key, cert);
  }
  return cert;
}

/** A detached SignedData over a content whose SHA-256 is `contentDigest`. */
export async function createDetachedSignature(contentDigest: Uint8Array, signer: Signer, signingTime: Date): Promise<Uint8Array> {
  const chain = await signer.certificates();
  const leaf = parseCertificate(chain[0]!);
  const attributes = sortedAttributes([
    new Attribute({ attrType: id_contentType, attrValues: [new asn1js.ObjectIdentifier({ value: id_data }).toBER(false)] }),
    new Attribute({ attrType: id_signingTime, attrValues: [AsnConvert.serialize(new SigningTime(signingTime))] }),
    new Attribute({ attrType: id_messageDigest, attrValues: [AsnConvert.serialize(new OctetString(contentDigest))] }),
  ]);
  const toBeSigned = createHash('sha256').update(signedAttributesDer(attributes)).digest();
  const signature = await signer.signDigest(toBeSigned);

  const digestAlgorithm = new DigestAlgorithmIdentifier({ algorithm: SHA256, parameters: null });
  const signedData = new SignedData({
    version: CMSVersion.v1,
    digestAlgorithms: new DigestAlgorithmIdentifiers([digestAlgorithm]),
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: id_data }),
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
      }),
    ]),
  });
  return bytes(AsnConvert.serialize(new ContentInfo({ contentType: id_signedData, content: AsnConvert.serialize(signedData) })));
}

/** What one CMS signature says about the content whose digest is given. */
export interface SignatureCheck {
  /** The signed attributes match the content and the signature matches the signer's key. */
  intact: boolean;
  /** The signer's certificate chains to one of the trusted roots and was valid at the signing time. */
  trusted: boolean;
  signer?: { commonName: string; organization?: string; userId?: string; subject: string; serialNumber: string; fingerprint256: string };
  signingTime?: Date;
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

/** Issuer certificates up the chain until a trusted root; false when it does not get there. */
function chainsToRoot(leaf: X509Certificate, pool: X509Certificate[], roots: X509Certificate[], at: Date): boolean {
  const validAt = (c: X509Certificate) => new Date(c.validFrom) <= at && at <= new Date(c.validTo);
  let current = leaf;
  for (let depth = 0; depth < 5; depth++) {
    if (!validAt(current)) return false;
    const root = roots.find((r) => current.checkIssued(r) && current.verify(r.publicKey));
    if (root) return validAt(root);
    const next = pool.find((c) => c !== current && c.ca && current.checkIssued(c) && current.verify(c.publicKey));
    if (!next) return false;
    current = next;
  }
  return false;
}

/** Checks a detached SignedData against the content digest. Never throws on bad input. */
export function checkDetachedSignature(cms: Uint8Array, contentDigest: Uint8Array, trustedRoots: readonly Uint8Array[]): SignatureCheck {
  const problems: SignatureCheck['problems'] = [];
  try {
    const info = AsnConvert.parse(cms, ContentInfo);
    if (info.contentType !== id_signedData) throw new Error('not SignedData');
    const signedData = AsnConvert.parse(info.content, SignedData);
    const signerInfo = signedData.signerInfos[0];
    if (!signerInfo || signedData.signerInfos.length !== 1) throw new Error('expected one signer');
    const certs = (signedData.certificates ?? []).flatMap((c) => (c.certificate ? [new X509Certificate(Buffer.from(AsnConvert.serialize(c.certificate)))] : []));
    const sid = signerInfo.sid.issuerAndSerialNumber;
    const leafIndex = (signedData.certificates ?? []).findIndex(
      (c) =>
        c.certificate &&
        sid &&
        Buffer.from(c.certificate.tbsCertificate.serialNumber).equals(Buffer.from(sid.serialNumber)) &&
        Buffer.from(AsnConvert.serialize(c.certificate.tbsCertificate.issuer)).equals(Buffer.from(AsnConvert.serialize(sid.issuer))),
    );
    const leaf = certs[leafIndex];
    if (!leaf) throw new Error("signer's certificate missing");
    const attributes = signerInfo.signedAttrs ?? [];
    const digestValue = attributeValue(attributes, id_messageDigest);
    const timeValue = attributeValue(attributes, id_signingTime);
    const signingTime = timeValue ? AsnConvert.parse(timeValue, SigningTime).getTime() : undefined;
    const signer = {
      commonName: nameField(leaf.subject, 'CN') ?? leaf.subject,
      ...(nameField(leaf.subject, 'O') ? { organization: nameField(leaf.subject, 'O')! } : {}),
      // Whose certificate it is in the directory: a person's id, or `AGENCY:<code>` for an agency's seal.
      ...(nameField(leaf.subject, 'UID') ? { userId: nameField(leaf.subject, 'UID')! } : {}),
      subject: leaf.subject,
      serialNumber: leaf.serialNumber,
      fingerprint256: leaf.fingerprint256,
    };

    const digestMatches = digestValue !== undefined && Buffer.from(AsnConvert.parse(digestValue, OctetString).buffer).equals(Buffer.from(contentDigest));
    if (!digestMatches) problems.push({ vi: 'Nội dung đã bị thay đổi sau khi ký.', en: 'The content changed after signing.' });
    const algorithm = signerInfo.digestAlgorithm.algorithm === SHA256 ? 'sha256' : undefined;
    const signatureMatches =
      algorithm !== undefined && verify(algorithm, signedAttributesDer(attributes), leaf.publicKey, Buffer.from(signerInfo.signature.buffer));
    if (!signatureMatches) problems.push({ vi: 'Chữ ký không khớp với khóa của chứng thư.', en: "The signature does not match the certificate's key." });

    const roots = trustedRoots.map((der) => new X509Certificate(Buffer.from(der)));
    const trusted = chainsToRoot(leaf, certs, roots, signingTime ?? new Date());
    if (!trusted) problems.push({ vi: 'Chứng thư không do cơ quan chứng thực của hệ thống cấp.', en: "The certificate was not issued by this system's certificate authority." });
    return { intact: digestMatches && signatureMatches, trusted, signer, ...(signingTime ? { signingTime } : {}), problems };
  } catch {
    problems.push({ vi: 'Không đọc được chữ ký số (CMS hỏng).', en: 'The digital signature cannot be read (malformed CMS).' });
    return { intact: false, trusted: false, problems };
  }
}
