/**
 * A stand-in for the agency's own CA (issue 12 §3 tests): a root and an intermediate made with
 * @peculiar/x509 and WebCrypto keys, nothing of the project's certificate code, so what the system
 * accepts is what another CA's encoder produced. It certifies a CSR as a CA would (the request's
 * subject and key), or deliberately wrongly (another key, another subject, expired, broken chain).
 */
import './reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { buildCrl } from '../../shared/signing/revocation';

x509.cryptoProvider.set(webcrypto as never);

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const ALG = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const DAY = 24 * 3600_000;

export interface TestCa {
  root: x509.X509Certificate;
  intermediate: x509.X509Certificate;
  /** PEM of the issued certificate followed by the intermediate and the root. */
  certify(csrPem: string, options?: CertifyOptions): Promise<string>;
  /** DER CRLs (empty) of the root and the intermediate, for the URLs the certificates name. */
  crls(): Promise<{ root: Uint8Array; intermediate: Uint8Array }>;
  /** A key pair the CSR did not come from. */
  strangerKey(): Promise<CryptoKeyPair>;
}

export interface CertifyOptions {
  subject?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** Certify this public key instead of the request's. */
  publicKey?: CryptoKey;
  keyUsage?: x509.KeyUsageFlags;
  /** Leave the intermediate out, or put an unrelated CA in its place. */
  chain?: 'full' | 'no-intermediate' | 'wrong-intermediate' | 'leaf-and-root';
}

const keys = () => webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
const der = (c: x509.X509Certificate) => new Uint8Array(c.rawData);

export async function createTestCa(urls: { rootCrl?: string; intermediateCrl?: string } = {}): Promise<TestCa> {
  const now = Date.now();
  const rootKeys = await keys();
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=Test Agency Root CA (kiểm thử), O=Test CA, C=VN',
    keys: rootKeys,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 3650 * DAY),
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  const intermediateOf = async (name: string) => {
    const k = await keys();
    const cert = await x509.X509CertificateGenerator.create({
      subject: name,
      issuer: root.subject,
      publicKey: k.publicKey,
      signingKey: rootKeys.privateKey,
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + 1825 * DAY),
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        ...(urls.rootCrl ? [new x509.CRLDistributionPointsExtension([urls.rootCrl])] : []),
      ],
    });
    return { cert, keys: k };
  };
  const intermediate = await intermediateOf('CN=Test Agency Issuing CA (kiểm thử), O=Test CA, C=VN');
  const signWith = (key: CryptoKey) => async (tbs: Uint8Array) => new Uint8Array(await webcrypto.subtle.sign('RSASSA-PKCS1-v1_5', key, tbs));
  return {
    root,
    intermediate: intermediate.cert,
    async certify(csrPem, options = {}) {
      const csr = new x509.Pkcs10CertificateRequest(csrPem);
      if (!(await csr.verify())) throw new Error('The CSR signature does not verify');
      const leaf = await x509.X509CertificateGenerator.create({
        subject: options.subject ?? csr.subjectName,
        issuer: intermediate.cert.subject,
        publicKey: options.publicKey ?? (await csr.publicKey.export(ALG, ['verify'])),
        signingKey: intermediate.keys.privateKey,
        notBefore: options.notBefore ?? new Date(Date.now() - 3600_000),
        notAfter: options.notAfter ?? new Date(Date.now() + 365 * DAY),
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(options.keyUsage ?? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
          ...(urls.intermediateCrl ? [new x509.CRLDistributionPointsExtension([urls.intermediateCrl])] : []),
        ],
      });
      const chain =
        options.chain === 'no-intermediate'
          ? [leaf, root]
          : options.chain === 'wrong-intermediate'
            ? [leaf, (await intermediateOf('CN=Test Agency Issuing CA (kiểm thử), O=Test CA, C=VN')).cert, root]
            : options.chain === 'leaf-and-root'
              ? [leaf]
              : [leaf, intermediate.cert, root];
      return chain.map((c) => c.toString('pem')).join('\n') + '\n';
    },
    async crls() {
      const at = new Date();
      const next = new Date(at.getTime() + 7 * DAY);
      return {
        root: await buildCrl({ issuer: der(root), revoked: [], thisUpdate: at, nextUpdate: next, sign: signWith(rootKeys.privateKey) }),
        intermediate: await buildCrl({ issuer: der(intermediate.cert), revoked: [], thisUpdate: at, nextUpdate: next, sign: signWith(intermediate.keys.privateKey) }),
      };
    },
    strangerKey: keys,
  };
}
