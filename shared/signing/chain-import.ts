/**
 * Checks a certificate chain a CA returned for one of our signing keys before anything is stored
 * (issue 12 §3). Refused, each with its reason in Vietnamese and English, field `chain`:
 * - no certificate, or one that cannot be read;
 * - a leaf that certifies another key than the identity's own (the CSR of another key, a mix-up);
 * - a leaf whose subject does not name the registered person or agency (UID and common name);
 * - a leaf whose key usage allows neither digital signature nor non-repudiation;
 * - any certificate of the chain not valid now (expired, or not yet valid);
 * - a chain that does not verify link by link (each signed by the next, each issuer a CA) up to a
 *   self-signed root given in the upload or one the system already trusts.
 * Pure: the caller gives the key, the expected name, the trusted roots and the time.
 */
import { X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, KeyUsage, KeyUsageFlags, id_ce_keyUsage, type Name } from '@peculiar/asn1-x509';
import { invalidField } from '../errors';
import { fromPem, type NameParts } from './certificates';

export interface ChainImportInput {
  /** The PEM text as uploaded: the leaf first, then its issuers (the root may be left out if trusted). */
  pem: string;
  /** DER SubjectPublicKeyInfo of the identity's signing key. */
  publicKey: Uint8Array;
  /** What the certificate must name (subjectOf the identity). */
  expected: NameParts;
  trustedRoots: readonly Uint8Array[];
  now: Date;
}

export interface CheckedChain {
  /** DER, the leaf first, up to and including the root. */
  chain: Uint8Array[];
  root: Uint8Array;
  /** The root came with the upload and the system did not trust it yet. */
  newRoot: boolean;
}

const refuse = (vi: string, en: string) => invalidField('chain', vi, en);

const OID = { CN: '2.5.4.3', UID: '0.9.2342.19200300.100.1.1' };

/** The first value of an attribute type in a Name, as text. */
function nameValue(name: Name, type: string): string | undefined {
  for (const rdn of name) for (const atv of rdn) if (atv.type === type) return atv.value.toString();
  return undefined;
}

const selfSigned = (c: X509Certificate) => c.checkIssued(c) && c.verify(c.publicKey);
const signedBy = (c: X509Certificate, issuer: X509Certificate) => c.checkIssued(issuer) && c.verify(issuer.publicKey);

function keyUsageOf(der: Uint8Array): number | undefined {
  const ext = AsnConvert.parse(der, Certificate).tbsCertificate.extensions?.find((e) => e.extnID === id_ce_keyUsage);
  return ext ? AsnConvert.parse(ext.extnValue.buffer, KeyUsage).toNumber() : undefined;
}

export function checkImportedChain(input: ChainImportInput): CheckedChain {
  const ders = fromPem(input.pem);
  if (!ders.length) {
    throw refuse('Không có chứng thư nào trong nội dung tải lên (cần PEM "-----BEGIN CERTIFICATE-----").', 'The upload holds no certificate (PEM "-----BEGIN CERTIFICATE-----" expected).');
  }
  let certs: X509Certificate[];
  try {
    certs = ders.map((der) => new X509Certificate(Buffer.from(der)));
    ders.forEach((der) => AsnConvert.parse(der, Certificate));
  } catch {
    throw refuse('Có chứng thư không đọc được (DER/PEM hỏng).', 'A certificate cannot be read (malformed DER/PEM).');
  }
  const leaf = certs[0]!;
  const leafKey = leaf.publicKey.export({ type: 'spki', format: 'der' });
  if (!Buffer.from(leafKey).equals(Buffer.from(input.publicKey))) {
    throw refuse(
      'Chứng thư đầu tiên không chứng nhận khóa ký của định danh này (khóa công khai khác); hãy gửi CA yêu cầu CSR lấy từ hệ thống.',
      "The first certificate does not certify this identity's signing key (another public key); send the CA the CSR the system produced.",
    );
  }
  const subject = AsnConvert.parse(ders[0]!, Certificate).tbsCertificate.subject;
  const uid = nameValue(subject, OID.UID);
  const cn = nameValue(subject, OID.CN);
  if (uid !== input.expected.userId || cn?.normalize('NFC') !== input.expected.commonName.normalize('NFC')) {
    throw refuse(
      `Chủ thể của chứng thư (UID=${uid ?? '—'}, CN=${cn ?? '—'}) không phải người/cơ quan đã đăng ký (UID=${input.expected.userId}, CN=${input.expected.commonName}).`,
      `The certificate's subject (UID=${uid ?? '—'}, CN=${cn ?? '—'}) does not name the registered person/agency (UID=${input.expected.userId}, CN=${input.expected.commonName}).`,
    );
  }
  const usage = keyUsageOf(ders[0]!);
  if (usage !== undefined && !(usage & (KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation))) {
    throw refuse(
      'Mục đích sử dụng khóa của chứng thư không cho phép ký số (digitalSignature / nonRepudiation).',
      "The certificate's key usage allows neither digital signature nor non-repudiation.",
    );
  }
  for (const cert of certs) {
    if (input.now < new Date(cert.validFrom) || input.now > new Date(cert.validTo)) {
      const name = cert.subject.replace(/\n/g, ', ');
      throw refuse(
        `Chứng thư "${name}" không còn hoặc chưa có hiệu lực (từ ${new Date(cert.validFrom).toISOString()} đến ${new Date(cert.validTo).toISOString()}).`,
        `The certificate "${name}" is expired or not yet valid (from ${new Date(cert.validFrom).toISOString()} to ${new Date(cert.validTo).toISOString()}).`,
      );
    }
  }
  const broken = () =>
    refuse(
      'Chuỗi chứng thư không kiểm tra được tới chứng thư gốc: mỗi chứng thư phải do chứng thư kế tiếp (một CA) ký, tận cùng là chứng thư gốc tự ký có trong tệp hoặc đã được hệ thống tin cậy.',
      'The chain does not verify up to a root: each certificate must be signed by the next one (a CA), ending at a self-signed root given in the upload or already trusted.',
    );
  for (let i = 0; i + 1 < certs.length; i++) {
    if (selfSigned(certs[i]!) || !certs[i + 1]!.ca || !signedBy(certs[i]!, certs[i + 1]!)) throw broken();
  }
  const roots = input.trustedRoots.map((der) => new X509Certificate(Buffer.from(der)));
  const last = certs.at(-1)!;
  if (certs.length > 1 && selfSigned(last)) {
    if (!last.ca) throw broken();
    return { chain: ders, root: ders.at(-1)!, newRoot: !roots.some((r) => r.fingerprint256 === last.fingerprint256) };
  }
  const root = roots.find((r) => r.ca && signedBy(last, r));
  if (!root || selfSigned(last)) throw broken();
  if (input.now > new Date(root.validTo)) throw broken();
  const rootDer = new Uint8Array(root.raw);
  return { chain: [...ders, rootDer], root: rootDer, newRoot: false };
}
