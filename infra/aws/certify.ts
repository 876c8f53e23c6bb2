/**
 * Certifies the KMS signing keys after `cdk deploy`: for each identity, reads the key's public key
 * from KMS, issues its certificate signed by the deployment's CA key (also in KMS, alias
 * `alias/<prefix>/ca`, used by nobody but this script) and stores it in SSM where the functions
 * read it (`/<prefix>/certificates/<identity>`). The CA certificate is made on the first run.
 *
 *   npx tsx infra/aws/certify.ts --prefix congvan --table <TableName output> person-u-nguyen-van-luc agency-TCTHADS
 *
 * With `--table`, an identity without a label takes its subject from the directory records, so what a
 * certificate names is what the letters print: a person's name, organised under their agency's name
 * upper-case (as issuerOf in shared/domain/authority.ts writes it); an agency's name upper-case. An
 * unknown or inactive person or agency is refused. A typed label ("person-x=Name;ORGANISATION") still
 * works without the table, e.g. for a certificate made before the records exist.
 *
 * Runs with the operator's AWS credentials (kms:GetPublicKey, kms:Sign on the CA key, ssm:PutParameter).
 * Where the agency holds certificates from the government CA (Ban Cơ yếu Chính phủ) or another licensed CA,
 * have each key certified by it instead: `npm run csr -- --aws` / `npm run csr:import -- --aws`, or the
 * administrator routes (shared/services/key-certificates.ts; infra/aws/README.md).
 */
import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { buildName, fromPem, issueCertificate, toPem, type NameParts } from '../../shared/signing/certificates';
import { agencyUid, certificateParameterOf, kmsAliasOf, serviceUid } from '../../shared/signing/signer';
import { keys } from '../../shared/data/keys';
import type { Agency } from '../../shared/schemas/agency';
import type { Person } from '../../shared/schemas/person';

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

async function parseArgs(argv: string[]): Promise<{ prefix: string; identities: { id: string; name: NameParts }[] }> {
  let prefix = 'congvan';
  let table: string | undefined;
  const identities: { id: string; name: NameParts }[] = [];
  const bare: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--prefix') prefix = argv[++i]!;
    else if (argv[i] === '--table') table = argv[++i]!;
    else if (!argv[i]!.includes('=')) bare.push(argv[i]!);
    else {
      const [id, label = ''] = argv[i]!.split('=');
      const [commonName, organization] = label.split(';');
      if (!id || !commonName) throw new Error(`Expected identity=Common name[;Organization], got "${argv[i]}"`);
      const userId = id.startsWith('person-') ? id.slice('person-'.length) : id.startsWith('service-') ? serviceUid(id.slice('service-'.length)) : undefined;
      identities.push({ id, name: { commonName, country: 'VN', ...(organization ? { organization } : { organization: commonName }), ...(userId ? { userId } : {}) } });
    }
  }
  if (bare.length && !table) throw new Error(`"${bare[0]}" has no label: give --table <name> to read it from the directory, or write identity=Name;ORGANISATION`);
  for (const id of bare) identities.push({ id, name: await nameFromRecords(table!, id) });
  return { prefix, identities };
}

const upper = (s: string) => s.toLocaleUpperCase('vi-VN');

/** The subject of `person-<id>` or `agency-<code>` from the directory records (active ones only). */
async function nameFromRecords(table: string, identity: string): Promise<NameParts> {
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const get = async <T>(key: { PK: string; SK: string }) => (await db.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item as T | undefined;
  const agencyNamed = async (code: string) => {
    const agency = await get<Agency>(keys.agency(code));
    if (!agency?.active) throw new Error(`Không có cơ quan đang hoạt động "${code}" / No active agency "${code}"`);
    return agency;
  };
  if (identity.startsWith('person-')) {
    const userId = identity.slice('person-'.length);
    const person = await get<Person>(keys.person(userId));
    if (!person?.active) throw new Error(`Không có cán bộ đang hoạt động "${userId}" / No active person "${userId}"`);
    const agency = await agencyNamed(person.agencyCode);
    return { commonName: person.name, organization: upper(agency.name), userId, country: 'VN' };
  }
  if (identity.startsWith('agency-')) {
    const agency = await agencyNamed(identity.slice('agency-'.length));
    // The UID names whose seal it is: without it the signer refuses the certificate (signing-identities.ts).
    return { commonName: upper(agency.name), organization: upper(agency.name), userId: agencyUid(agency.code), country: 'VN' };
  }
  // The audit seal's key (issue 13): a service of the system, no directory record; its UID marks it as such.
  if (identity === 'service-audit') return { commonName: 'Niêm phong nhật ký thao tác', organization: 'Hệ thống theo dõi công văn', userId: serviceUid('audit'), country: 'VN' };
  throw new Error(`Expected person-<id>, agency-<code> or service-audit, got "${identity}"`);
}

const { prefix, identities } = await parseArgs(process.argv.slice(2));
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
