/**
 * Certifies the KMS signing keys after `cdk deploy`: for each identity, reads the key's public key
 * from KMS, issues its certificate signed by the deployment's CA key (also in KMS, alias
 * `alias/<prefix>/ca`, used by nobody but this script) and stores it in SSM where the functions
 * read it (`/<prefix>/certificates/<identity>`). The CA certificate is made on the first run.
 *
 *   npx tsx infra/aws/certify.ts --prefix congvan \
 *     "person-u-nguyen-van-luc=Nguyễn Văn Lực;TỔNG CỤC THI HÀNH ÁN DÂN SỰ" "agency-TCTHADS=TỔNG CỤC THI HÀNH ÁN DÂN SỰ"
 *
 * Runs with the operator's AWS credentials (kms:GetPublicKey, kms:Sign on the CA key, ssm:PutParameter).
 * Where the agency holds certificates from the government CA (Ban Cơ yếu Chính phủ), store those
 * chains in the same parameters instead, and the CA's root as `/<prefix>/certificates/ca`.
 */
import { createHash } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { buildName, fromPem, issueCertificate, toPem, type NameParts } from '../../shared/signing/certificates';
import { certificateParameterOf, kmsAliasOf } from '../../shared/signing/signer';

const YEAR_MS = 365 * 24 * 3600 * 1000;
const kms = new KMSClient({});
const ssm = new SSMClient({});

async function publicKeyOf(alias: string): Promise<Uint8Array> {
  const out = await kms.send(new GetPublicKeyCommand({ KeyId: alias }));
  if (!out.PublicKey) throw new Error(`No public key for ${alias}`);
  return out.PublicKey;
}

const signWithKms = (alias: string) => async (tbs: Uint8Array) => {
  const digest = createHash('sha256').update(tbs).digest();
  const out = await kms.send(new SignCommand({ KeyId: alias, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' }));
  if (!out.Signature) throw new Error(`KMS returned no signature for ${alias}`);
  return out.Signature;
};

async function readParameter(name: string): Promise<string | undefined> {
  try {
    return (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter?.Value;
  } catch (error) {
    if ((error as { name?: string }).name === 'ParameterNotFound') return undefined;
    throw error;
  }
}

async function caCertificate(prefix: string): Promise<Uint8Array> {
  const name = certificateParameterOf(prefix, 'ca');
  const existing = await readParameter(name);
  if (existing) return fromPem(existing)[0]!;
  const alias = kmsAliasOf(prefix, 'ca');
  const subject = buildName({ commonName: `${prefix} công văn CA`, organization: prefix, country: 'VN' });
  const now = Date.now();
  const cert = await issueCertificate({ subject, issuer: subject, publicKey: await publicKeyOf(alias), ca: true, notBefore: new Date(now - 3600_000), notAfter: new Date(now + 10 * YEAR_MS), sign: signWithKms(alias) });
  await ssm.send(new PutParameterCommand({ Name: name, Value: toPem(cert), Type: 'String', Overwrite: false }));
  return cert;
}

function parseArgs(argv: string[]): { prefix: string; identities: { id: string; name: NameParts }[] } {
  let prefix = 'congvan';
  const identities: { id: string; name: NameParts }[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--prefix') prefix = argv[++i]!;
    else {
      const [id, label = ''] = argv[i]!.split('=');
      const [commonName, organization] = label.split(';');
      if (!id || !commonName) throw new Error(`Expected identity=Common name[;Organization], got "${argv[i]}"`);
      const userId = id.startsWith('person-') ? id.slice('person-'.length) : undefined;
      identities.push({ id, name: { commonName, country: 'VN', ...(organization ? { organization } : { organization: commonName }), ...(userId ? { userId } : {}) } });
    }
  }
  return { prefix, identities };
}

const { prefix, identities } = parseArgs(process.argv.slice(2));
const ca = await caCertificate(prefix);
const issuer = AsnConvert.parse(ca, Certificate).tbsCertificate.subject;
for (const { id, name } of identities) {
  const now = Date.now();
  const cert = await issueCertificate({
    subject: buildName(name),
    issuer,
    publicKey: await publicKeyOf(kmsAliasOf(prefix, id)),
    ca: false,
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + 3 * YEAR_MS),
    sign: signWithKms(kmsAliasOf(prefix, 'ca')),
  });
  await ssm.send(new PutParameterCommand({ Name: certificateParameterOf(prefix, id), Value: toPem(cert), Type: 'String', Overwrite: true }));
  console.log(`${id}: certificate stored in ${certificateParameterOf(prefix, id)}`);
}
