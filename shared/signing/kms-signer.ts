/**
 * Signing keys in AWS KMS: asymmetric RSA_2048 keys with key usage SIGN_VERIFY, created by the CDK
 * app (infra/aws/signing.ts), one per signing identity, found by alias `alias/<prefix>/<identity>`.
 * KMS signs the digest (MessageType DIGEST); the private key never leaves it.
 *
 * A certificate cannot come from CloudFormation: it is issued by a CA for the key's public key after
 * the key exists. Each identity's PEM chain (its certificate, then any intermediates) is stored in the SSM
 * parameter `/<prefix>/certificates/<identity>`, the root in `/<prefix>/certificates/ca`; see
 * infra/aws/README.md, "Signing keys and certificates", for the provisioning steps.
 */
import { KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { config } from '../config';
import { traced } from '../tracer';
import { AppError } from '../errors';
import { fromPem } from './certificates';
import { certificateParameterOf, identityId, kmsAliasOf, type Signer, type SignerDirectory, type SigningIdentity } from './signer';

let kmsClient: KMSClient | undefined;
let ssmClient: SSMClient | undefined;
const kms = () => (kmsClient ??= traced(new KMSClient({ region: config().AWS_REGION })));
const ssm = () => (ssmClient ??= traced(new SSMClient({ region: config().AWS_REGION })));


/** Certificates change only when re-provisioned; a warm function keeps them for its lifetime. */
const chains = new Map<string, Promise<Uint8Array[]>>();

async function readChain(name: string): Promise<Uint8Array[]> {
  try {
    const out = await ssm().send(new GetParameterCommand({ Name: name }));
    const chain = fromPem(out.Parameter?.Value ?? '');
    if (chain.length) return chain;
  } catch (error) {
    if ((error as { name?: string }).name !== 'ParameterNotFound') throw error;
  }
  throw new AppError('conflict', {
    vi: `Chưa cấp chứng thư số cho khóa ký (${name}). Liên hệ quản trị hệ thống.`,
    en: `No certificate has been provisioned for the signing key (${name}). Contact the administrator.`,
  });
}

function cachedChain(name: string): Promise<Uint8Array[]> {
  let chain = chains.get(name);
  if (!chain) {
    chain = readChain(name);
    chains.set(name, chain);
    chain.catch(() => chains.delete(name)); // a failure is retried on the next call
  }
  return chain;
}

/** The chain with the root appended, unless it already ends with it. */
function withRoot(chain: Uint8Array[], roots: Uint8Array[]): Uint8Array[] {
  const last = chain.at(-1);
  const root = roots[0];
  if (!root || (last && Buffer.from(last).equals(Buffer.from(root)))) return chain;
  return [...chain, root];
}

export class KmsSigners implements SignerDirectory {
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
      signDigest: async (digest) => {
        const out = await kms().send(
          new SignCommand({ KeyId: keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' }),
        );
        if (!out.Signature) throw new Error(`KMS returned no signature for ${keyId}`);
        return out.Signature;
      },
    };
  }

  async trustedRoots(): Promise<Uint8Array[]> {
    return cachedChain(certificateParameterOf(this.prefix, 'ca'));
  }
}
