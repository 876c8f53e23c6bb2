/**
 * The development certificate authority: a root key and certificate, and one key and certificate
 * per signing identity (each signer user, each agency), kept as PEM files in a directory of the
 * local stack's data (`.data/ca/`), so `npm run reset` starts a new CA and a restart keeps the old.
 * The root is created when the local stack starts; identities on their first signature.
 *
 * It also publishes a CRL and answers OCSP for what it issued (it never revokes: the list is empty,
 * the answer "good"), and certifies a time-stamping authority (local-tsa.ts); the local stack serves
 * the three over HTTP (infra/local/trust-services.ts), at the URLs its certificates name.
 *
 * Development only: private keys sit unencrypted on disk. In AWS the keys live in KMS.
 */
import { X509Certificate, createPrivateKey, createPublicKey, generateKeyPair, privateEncrypt, sign, constants, type KeyObject } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { buildName, fromPem, issueCertificate, toPem } from './certificates';
import { LocalTsa } from './local-tsa';
import { buildCrl, ocspRequest, ocspResponse, readOcspRequest, revocationUrlsOf, type RevocationSource } from './revocation';
import { identityId, SHA256_DIGEST_INFO_PREFIX, subjectOf, type CertifiableKeys, type Signer, type SignerDirectory, type SigningIdentity } from './signer';

const generate = promisify(generateKeyPair);

const ROOT_NAME = { commonName: 'Cong Van Development CA (không dùng thật / not for real use)', organization: 'cong-van-tracker', country: 'VN' };
const YEAR_MS = 365 * 24 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;
const TSA_NAME = { commonName: 'Cong Van Development TSA (không dùng thật / not for real use)', organization: 'cong-van-tracker', country: 'VN' };
/** RFC 5280: id-kp-timeStamping. */
const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';

/** Where the CA publishes its CRL and answers OCSP; written into the certificates it issues. */
export interface PublicationUrls {
  crl?: string;
  ocsp?: string;
}

interface KeyAndCert {
  key: KeyObject;
  cert: Uint8Array;
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes through a temporary file, so a crash never leaves half a key behind. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await rename(tmp, file);
}

async function newKey(): Promise<{ key: KeyObject; spki: Uint8Array }> {
  const { privateKey } = await generate('rsa', { modulusLength: 2048 });
  return { key: privateKey, spki: new Uint8Array(createPublicKey(privateKey).export({ type: 'spki', format: 'der' })) };
}

const signWith = (key: KeyObject) => async (tbs: Uint8Array) => new Uint8Array(sign('sha256', tbs, key));

/** PKCS#1 v1.5 over a ready digest: the DigestInfo, padded and "encrypted" with the private key. */
export function rsaSignDigest(key: KeyObject, digest: Uint8Array): Uint8Array {
  if (digest.length !== 32) throw new Error('Expected a SHA-256 digest');
  return new Uint8Array(privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO_PREFIX, digest])));
}

export class LocalCa implements SignerDirectory, CertifiableKeys, RevocationSource {
  private root?: Promise<KeyAndCert>;
  private tsa?: Promise<LocalTsa>;
  private readonly identities = new Map<string, Promise<KeyAndCert>>();
  /** Chains an administrator imported (`identities/<id>.chain.pem`), as read or stored. */
  private readonly imported = new Map<string, Promise<Uint8Array[] | undefined>>();
  private importedRoots?: Promise<Uint8Array[]>;
  private urls: PublicationUrls = {};

  constructor(readonly dir: string) {}

  /** The URLs certificates issued from now on name (the local stack's trust services). */
  publishAt(urls: PublicationUrls): void {
    this.urls = { ...urls };
  }

  /** Creates the root on first use; afterwards reads it back. */
  ensureRoot(): Promise<KeyAndCert> {
    this.root ??= this.loadOrCreate('ca', async () => {
      const { key, spki } = await newKey();
      const name = buildName(ROOT_NAME);
      const now = Date.now();
      const cert = await issueCertificate({
        subject: name,
        issuer: name,
        publicKey: spki,
        ca: true,
        notBefore: new Date(now - 3600_000),
        notAfter: new Date(now + 10 * YEAR_MS),
        sign: signWith(key),
      });
      return { key, cert };
    });
    return this.root;
  }

  async trustedRoots(): Promise<Uint8Array[]> {
    return [(await this.ensureRoot()).cert, ...(await this.readImportedRoots())];
  }

  async ownRoots(): Promise<Uint8Array[]> {
    return [(await this.ensureRoot()).cert];
  }

  async signerFor(identity: SigningIdentity): Promise<Signer> {
    const { key, cert } = await this.entryFor(identity);
    const root = (await this.ensureRoot()).cert;
    const imported = await this.importedChainOf(identityId(identity), key);
    return {
      // The whole chain up to the root (PAdES: a verifier outside the system can build the path and
      // find the root it may choose to trust; the root costs 1.7 KB of hex per signature). A chain
      // imported from the agency's CA replaces the development CA's certificate.
      certificates: async () => imported ?? [cert, root],
      signDigest: async (digest) => rsaSignDigest(key, digest),
    };
  }

  private async entryFor(identity: SigningIdentity): Promise<KeyAndCert> {
    const id = identityId(identity);
    let entry = this.identities.get(id);
    if (entry && !this.subjectMatches((await entry).cert, identity)) entry = undefined;
    if (!entry) {
      entry = this.loadOrCreate(path.join('identities', id), () => this.issue(identity), (cert) => this.subjectMatches(cert, identity) && this.namesRevocation(cert));
      this.identities.set(id, entry);
    }
    return entry;
  }

  async publicKeyOf(identity: SigningIdentity): Promise<Uint8Array> {
    const { key } = await this.entryFor(identity);
    return new Uint8Array(createPublicKey(key).export({ type: 'spki', format: 'der' }));
  }

  async signDigestWith(identity: SigningIdentity, digest: Uint8Array): Promise<Uint8Array> {
    return rsaSignDigest((await this.entryFor(identity)).key, digest);
  }

  async storeChain(identity: SigningIdentity, chain: Uint8Array[], root: Uint8Array, newRoot: boolean): Promise<void> {
    const id = identityId(identity);
    await mkdir(path.join(this.dir, 'identities'), { recursive: true });
    if (newRoot) {
      const roots = [...(await this.readImportedRoots()), root];
      await writeAtomically(path.join(this.dir, 'roots.pem'), roots.map((r) => toPem(r)).join(''));
      this.importedRoots = Promise.resolve(roots);
    }
    await writeAtomically(path.join(this.dir, 'identities', `${id}.chain.pem`), chain.map((c) => toPem(c)).join(''));
    this.imported.set(id, Promise.resolve(chain));
  }

  private readImportedRoots(): Promise<Uint8Array[]> {
    this.importedRoots ??= readIfPresent(path.join(this.dir, 'roots.pem')).then((pem) => (pem ? fromPem(pem) : []));
    return this.importedRoots;
  }

  /**
   * The imported chain of an identity while it still certifies the identity's current key (a changed
   * record makes a new key, see subjectMatches) and its leaf is valid; otherwise the CA's own certificate.
   */
  private async importedChainOf(id: string, key: KeyObject): Promise<Uint8Array[] | undefined> {
    let chain = this.imported.get(id);
    if (!chain) {
      chain = readIfPresent(path.join(this.dir, 'identities', `${id}.chain.pem`)).then((pem) => (pem ? fromPem(pem) : undefined));
      this.imported.set(id, chain);
    }
    const found = await chain;
    const leaf = found?.[0] && new X509Certificate(Buffer.from(found[0]));
    if (!leaf || Date.now() > new Date(leaf.validTo).getTime()) return undefined;
    const mine = createPublicKey(key).export({ type: 'spki', format: 'der' });
    return Buffer.from(leaf.publicKey.export({ type: 'spki', format: 'der' })).equals(mine) ? found : undefined;
  }

  private async issue(identity: SigningIdentity): Promise<KeyAndCert> {
    const root = await this.ensureRoot();
    const { key, spki } = await newKey();
    const subject = buildName(subjectOf(identity));
    const now = Date.now();
    const cert = await issueCertificate({
      subject,
      issuer: AsnConvert.parse(root.cert, Certificate).tbsCertificate.subject,
      publicKey: spki,
      ca: false,
      notBefore: new Date(now - 3600_000),
      notAfter: new Date(now + 3 * YEAR_MS),
      ...this.urlParams(),
      sign: signWith(root.key),
    });
    return { key, cert };
  }

  private urlParams(): { crlUrl?: string; ocspUrl?: string } {
    return { ...(this.urls.crl ? { crlUrl: this.urls.crl } : {}), ...(this.urls.ocsp ? { ocspUrl: this.urls.ocsp } : {}) };
  }

  /** The development TSA, its key and certificate made on first use and kept beside the CA's. */
  timestampAuthority(): Promise<LocalTsa> {
    this.tsa ??= this.loadOrCreate('tsa', async () => {
      const root = await this.ensureRoot();
      const { key, spki } = await newKey();
      const now = Date.now();
      const cert = await issueCertificate({
        subject: buildName(TSA_NAME),
        issuer: AsnConvert.parse(root.cert, Certificate).tbsCertificate.subject,
        publicKey: spki,
        ca: false,
        notBefore: new Date(now - 3600_000),
        notAfter: new Date(now + 5 * YEAR_MS),
        extendedKeyUsage: [TIME_STAMPING],
        ...this.urlParams(),
        sign: signWith(root.key),
      });
      return { key, cert };
    }).then(async ({ key, cert }) => new LocalTsa(key, rsaSignDigest, [cert, (await this.ensureRoot()).cert]));
    return this.tsa;
  }

  /** The CRL: empty (this CA never revokes), signed now, valid for a week. */
  async currentCrl(now = new Date()): Promise<Uint8Array> {
    const root = await this.ensureRoot();
    return buildCrl({ issuer: root.cert, revoked: [], thisUpdate: now, nextUpdate: new Date(now.getTime() + 7 * DAY_MS), sign: signWith(root.key) });
  }

  /** The answer to an `application/ocsp-request` body: "good" for a certificate of this CA, "unauthorized" otherwise. */
  async answerOcsp(request: Uint8Array, now = new Date()): Promise<Uint8Array> {
    const root = await this.ensureRoot();
    let asked: ReturnType<typeof readOcspRequest> | undefined;
    try {
      asked = readOcspRequest(request, new X509Certificate(Buffer.from(root.cert)));
    } catch {
      asked = undefined;
    }
    return ocspResponse({
      issuer: root.cert,
      certId: asked?.forIssuer ? asked.certId : undefined,
      status: { status: 'good' },
      producedAt: now,
      nextUpdate: new Date(now.getTime() + DAY_MS),
      sign: signWith(root.key),
    });
  }

  /** RevocationSource in-process (tests, the bench): the same data the HTTP stand-in serves. */
  async crl(_cert: X509Certificate, issuer: X509Certificate): Promise<Uint8Array | undefined> {
    const root = new X509Certificate(Buffer.from((await this.ensureRoot()).cert));
    return issuer.fingerprint256 === root.fingerprint256 ? this.currentCrl() : undefined;
  }

  async ocsp(cert: X509Certificate, issuer: X509Certificate): Promise<Uint8Array | undefined> {
    const root = new X509Certificate(Buffer.from((await this.ensureRoot()).cert));
    if (issuer.fingerprint256 !== root.fingerprint256) return undefined;
    return this.answerOcsp(ocspRequest(cert, issuer));
  }

  /**
   * A certificate names exactly what the records say now: after a person's or agency's record changes
   * (a new name, another agency) the next signature gets a new key and certificate, never the old name.
   */
  private subjectMatches(cert: Uint8Array, identity: SigningIdentity): boolean {
    const stored = AsnConvert.serialize(AsnConvert.parse(cert, Certificate).tbsCertificate.subject);
    return Buffer.from(stored).equals(Buffer.from(AsnConvert.serialize(buildName(subjectOf(identity)))));
  }

  /**
   * A certificate from before the CA published revocation data (an older `.data/ca`) names no CRL:
   * it is issued again once the CA publishes one, so outside verifiers can find where to check it.
   */
  private namesRevocation(cert: Uint8Array): boolean {
    return !this.urls.crl || revocationUrlsOf(new X509Certificate(Buffer.from(cert))).crl !== undefined;
  }

  private async loadOrCreate(name: string, create: () => Promise<KeyAndCert>, stillValid: (cert: Uint8Array) => boolean = () => true): Promise<KeyAndCert> {
    const keyFile = path.join(this.dir, `${name}.key.pem`);
    const certFile = path.join(this.dir, `${name}.cert.pem`);
    const [keyPem, certPem] = await Promise.all([readIfPresent(keyFile), readIfPresent(certFile)]);
    if (keyPem && certPem && stillValid(fromPem(certPem)[0]!)) return { key: createPrivateKey(keyPem), cert: fromPem(certPem)[0]! };
    await mkdir(path.dirname(keyFile), { recursive: true });
    const made = await create();
    // The key first: a certificate without its key would be unusable; the other way round is redone.
    await writeAtomically(keyFile, made.key.export({ type: 'pkcs8', format: 'pem' }).toString());
    await writeAtomically(certFile, toPem(made.cert));
    return made;
  }
}

const cas = new Map<string, LocalCa>();

/** One CA object per directory and process, so concurrent first signatures share one key. */
export function localCa(dir: string): LocalCa {
  let ca = cas.get(dir);
  if (!ca) cas.set(dir, (ca = new LocalCa(dir)));
  return ca;
}
