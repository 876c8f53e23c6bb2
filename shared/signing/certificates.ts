/**
 * X.509 certificates for the development CA and for provisioning KMS keys: built from
 * @peculiar/asn1-x509 structures and signed by a callback, so the issuer key may live in a file
 * (local CA) or in KMS. Parsing and checking use node:crypto's X509Certificate.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  AccessDescription,
  AuthorityInfoAccessSyntax,
  BasicConstraints,
  CRLDistributionPoints,
  Certificate,
  DistributionPoint,
  DistributionPointName,
  ExtendedKeyUsage,
  GeneralName,
  Extension,
  Extensions,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
  id_ce_basicConstraints,
  id_ce_keyUsage,
  id_ce_subjectKeyIdentifier,
  id_ce_cRLDistributionPoints,
  id_ce_extKeyUsage,
  id_pe_authorityInfoAccess,
} from '@peculiar/asn1-x509';

/** RFC 5280, 4.2.2.1: id-ad-ocsp. */
const ID_AD_OCSP = '1.3.6.1.5.5.7.48.1';

export const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';

/** Distinguished-name parts, printed as-is (UTF-8), Vietnamese diacritics included. */
export interface NameParts {
  commonName: string;
  organization?: string;
  /** LDAP "uid": the staff user id of a person's certificate. */
  userId?: string;
  country?: string;
}

const OID = { CN: '2.5.4.3', O: '2.5.4.10', C: '2.5.4.6', UID: '0.9.2342.19200300.100.1.1' };

export function buildName(parts: NameParts): Name {
  const rdn = (type: string, value: AttributeValue) => new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value })]);
  return new Name([
    ...(parts.country ? [rdn(OID.C, new AttributeValue({ printableString: parts.country }))] : []),
    ...(parts.organization ? [rdn(OID.O, new AttributeValue({ utf8String: parts.organization.normalize('NFC') }))] : []),
    ...(parts.userId ? [rdn(OID.UID, new AttributeValue({ utf8String: parts.userId }))] : []),
    rdn(OID.CN, new AttributeValue({ utf8String: parts.commonName.normalize('NFC') })),
  ]);
}

export interface IssueParams {
  subject: Name;
  /** The issuer's name; the subject's for a self-signed root. */
  issuer: Name;
  /** DER SubjectPublicKeyInfo of the key being certified. */
  publicKey: Uint8Array;
  ca: boolean;
  notBefore: Date;
  notAfter: Date;
  /** Extended key usages, marked critical (a TSA's certificate: id-kp-timeStamping only, RFC 3161 2.3). */
  extendedKeyUsage?: string[];
  /** Where the issuer publishes its CRL (CRL distribution point) and answers OCSP (authority information access). */
  crlUrl?: string;
  ocspUrl?: string;
  /** Signs the DER TBSCertificate with the issuer's key (RSA PKCS#1 v1.5, SHA-256). */
  sign: (tbs: Uint8Array) => Promise<Uint8Array>;
}

const extension = (extnID: string, critical: boolean, value: unknown) =>
  new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });

/**
 * A DER INTEGER's content octets must be minimal and, for a serial number, positive (RFC 5280
 * 4.1.2.2). Clearing only the top bit left a leading 0x00 followed by a byte below 0x80 in 1 of
 * 256 serials: a non-minimal encoding that OpenSSL refuses, so that certificate could never be
 * parsed. Setting bit 6 keeps the first octet in 0x40..0x7f: positive, minimal, 126 random bits.
 */
export function positiveSerial(random: Uint8Array): Uint8Array<ArrayBuffer> {
  const serial = Uint8Array.from(random);
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  return serial;
}

export async function issueCertificate(params: IssueParams): Promise<Uint8Array> {
  const spki = AsnConvert.parse(params.publicKey, SubjectPublicKeyInfo);
  const serial = positiveSerial(randomBytes(16));
  const signatureAlgorithm = new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: null });
  const usage = params.ca ? KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign : KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation;
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: serial.buffer.slice(serial.byteOffset, serial.byteOffset + serial.length),
    signature: signatureAlgorithm,
    issuer: params.issuer,
    validity: new Validity({ notBefore: params.notBefore, notAfter: params.notAfter }),
    subject: params.subject,
    subjectPublicKeyInfo: spki,
    extensions: new Extensions([
      extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: params.ca })),
      extension(id_ce_keyUsage, true, new KeyUsage(usage)),
      extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(createHash('sha1').update(new Uint8Array(spki.subjectPublicKey)).digest())),
      ...(params.extendedKeyUsage ? [extension(id_ce_extKeyUsage, true, new ExtendedKeyUsage(params.extendedKeyUsage))] : []),
      ...(params.crlUrl
        ? [
            extension(
              id_ce_cRLDistributionPoints,
              false,
              new CRLDistributionPoints([
                new DistributionPoint({ distributionPoint: new DistributionPointName({ fullName: [new GeneralName({ uniformResourceIdentifier: params.crlUrl })] }) }),
              ]),
            ),
          ]
        : []),
      ...(params.ocspUrl
        ? [
            extension(
              id_pe_authorityInfoAccess,
              false,
              new AuthorityInfoAccessSyntax([new AccessDescription({ accessMethod: ID_AD_OCSP, accessLocation: new GeneralName({ uniformResourceIdentifier: params.ocspUrl }) })]),
            ),
          ]
        : []),
    ]),
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const signature = await params.sign(tbsDer);
  const certificate = new Certificate({ tbsCertificate: tbs, signatureAlgorithm, signatureValue: signature.buffer.slice(signature.byteOffset, signature.byteOffset + signature.byteLength) as ArrayBuffer });
  return new Uint8Array(AsnConvert.serialize(certificate));
}

// In their own module (pem.ts) for the bundles that need nothing else from this one.
export { fromPem, toPem } from './pem';
