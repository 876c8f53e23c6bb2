/**
 * Signing keys in AWS KMS: asymmetric RSA_2048 keys with key usage SIGN_VERIFY, created by the CDK
 * app (infra/aws/signing.ts), one per signing identity, found by alias `alias/<prefix>/<identity>`.
 * KMS signs the digest (MessageType DIGEST); the private key never leaves it.
 *
 * A certificate cannot come from CloudFormation: it is issued by a CA for the key's public key after
 * the key exists. Each identity's PEM chain (its certificate, then any intermediates) is stored in the SSM
 * parameter `/<prefix>/certificates/<identity>`, the root in `/<prefix>/certificates/ca`; see
 * infra/aws/README.md, "Signing keys and certificates", for the provisioning steps.
 *
 * A chain imported from the agency's own CA (issue 12 §3, shared/services/key-certificates.ts) is
 * stored in the same parameter, root included; its root, when new, joins `/<prefix>/certificates/roots`,
 * which verification trusts beside the system's own CA.
 */
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { config } from '../config';
import { traced } from '../tracer';
import { AppError } from '../errors';
import { X509Certificate } from 'node:crypto';
import { fromPem, toPem } from './pem';
import { certificateParameterOf, endsAtRoot, identityId, kmsAliasOf, type CertifiableKeys, type Signer, type SignerDirectory, type SigningIdentity } from './signer';

let kmsClient: KMSClient | undefined;
let ssmClient: SSMClient | undefined;
const kms = () => (kmsClient ??= traced(new KMSClient({ region: config().AWS_REGION })));
const ssm = () => (ssmClient ??= traced(new SSMClient({ region: config().AWS_REGION })));


/**
 * Certificates change only when re-provisioned or imported: a warm function keeps them a few
 * minutes. The function that imports a chain drops its own copy at once; the others see the new chain
 * within CHAIN_TTL_MS (meanwhile they sign with the previous certificate, still valid).
 */
const CHAIN_TTL_MS = 5 * 60_000;
const chains = new Map<string, { at: number; chain: Promise<Uint8Array[]> }>();

async function readChain(name: string, optional = false): Promise<Uint8Array[]> {
  try {
    const out = await ssm().send(new GetParameterCommand({ Name: name }));
    const chain = fromPem(out.Parameter?.Value ?? '');
    if (chain.length) return chain;
  } catch (error) {
    if ((error as { name?: string }).name !== 'ParameterNotFound') throw error;
  }
  if (optional) return [];
  throw new AppError('conflict', {
    vi: `Chưa cấp chứng thư số cho khóa ký (${name}). Liên hệ quản trị hệ thống.`,
    en: `No certificate has been provisioned for the signing key (${name}). Contact the administrator.`,
  });
}

function cachedChain(name: string, optional = false): Promise<Uint8Array[]> {
  const cached = chains.get(name);
  if (cached && Date.now() - cached.at < CHAIN_TTL_MS) return cached.chain;
  const chain = readChain(name, optional);
  const entry = { at: Date.now(), chain };
  chains.set(name, entry);
  chain.catch(() => chains.get(name) === entry && chains.delete(name)); // a failure is retried on the next call
  return chain;
}

/** The chain with the root appended, unless it already ends at a root (an imported chain carries its own). */
function withRoot(chain: Uint8Array[], roots: Uint8Array[]): Uint8Array[] {
  const last = chain.at(-1);
  const root = roots[0];
  if (!root || (last && Buffer.from(last).equals(Buffer.from(root))) || endsAtRoot(chain)) return chain;
  return [...chain, root];
}

const rootsParameterOf = (prefix: string) => certificateParameterOf(prefix, 'roots');

export class KmsSigners implements SignerDirectory, CertifiableKeys {
  constructor(private readonly prefix: string) {}

  async signerFor(identity: SigningIdentity): Promise<Signer> {
    const id = identityId(identity);
    const keyId = kmsAliasOf(this.prefix, id);
    const parameter = certificateParameterOf(this.prefix, id);
    await cachedChain(parameter); // fail before anything is written when the identity has no certificate
    const root = certificateParameterOf(this.prefix, 'ca');
    return {
      // The whole chain up to the root (PAdES: a verifier outside the system builds the path from the CMS).
      certificates: async () => withRoot(await cachedChain(parameter), await cachedChain(root)),
      signDigest: (digest) => signWithKey(keyId, digest),
    };
  }

  async trustedRoots(): Promise<Uint8Array[]> {
    const [own, imported] = await Promise.all([this.ownRoots(), cachedChain(rootsParameterOf(this.prefix), true)]);
    return [...own, ...imported];
  }

  async ownRoots(): Promise<Uint8Array[]> {
    return cachedChain(certificateParameterOf(this.prefix, 'ca'));
  }

  async publicKeyOf(identity: SigningIdentity): Promise<Uint8Array> {
    const keyId = kmsAliasOf(this.prefix, identityId(identity));
    const out = await kms().send(new GetPublicKeyCommand({ KeyId: keyId }));
    if (!out.PublicKey) throw new Error(`KMS returned no public key for ${keyId}`);
    return out.PublicKey;
  }

  signDigestWith(identity: SigningIdentity, digest: Uint8Array): Promise<Uint8Array> {
    return signWithKey(kmsAliasOf(this.prefix, identityId(identity)), digest);
  }

  async storeChain(identity: SigningIdentity, chain: Uint8Array[], root: Uint8Array, newRoot: boolean): Promise<void> {
    if (newRoot) {
      const name = rootsParameterOf(this.prefix);
      const current = await readChain(name, true);
      const fingerprint = new X509Certificate(Buffer.from(root)).fingerprint256;
      if (!current.some((c) => new X509Certificate(Buffer.from(c)).fingerprint256 === fingerprint)) await putPem(name, [...current, root]);
      chains.delete(name);
    }
    const name = certificateParameterOf(this.prefix, identityId(identity));
    await putPem(name, chain);
    chains.delete(name);
  }
}

async function signWithKey(keyId: string, digest: Uint8Array): Promise<Uint8Array> {
  const out = await kms().send(new SignCommand({ KeyId: keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' }));
  if (!out.Signature) throw new Error(`KMS returned no signature for ${keyId}`);
  return out.Signature;
}

/**
 * A chain of three RSA certificates is about 5 KB of PEM, over a standard parameter's 4 KB:
 * Intelligent-Tiering stores it as an advanced parameter only when it must.
 */
async function putPem(name: string, certs: Uint8Array[]): Promise<void> {
  await ssm().send(new PutParameterCommand({ Name: name, Value: certs.map((c) => toPem(c)).join(''), Type: 'String', Overwrite: true, Tier: 'Intelligent-Tiering' }));
}
