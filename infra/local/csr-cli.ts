import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Actor } from '../../shared/http/actor';
import { localEnvironment } from './audit-verify-cli';

/**
 * Certificates from the agency's own CA (issue 12 §3), from the command line, through the same
 * service as the administrator routes (shared/services/key-certificates.ts), audited as the operator:
 *
 *   npm run csr -- --identity TCTHADS [--out TCTHADS.csr]          a CSR signed by the identity's key
 *   npm run csr:import -- --identity TCTHADS --chain chain.pem     the chain the CA returned, checked, stored
 *
 * `--identity` takes an agency code or a person id (or `agency-<code>` / `person-<id>`). Locally
 * (default) it works on the data of `npm start` (DynamoDB Local, `.data/ca`). With `--aws` it uses the
 * operator's AWS credentials and environment: TABLE_NAME (the stack's table output), AWS_REGION, and
 * SIGNING_KEY_PREFIX if not `congvan`; KMS signs the CSR, SSM receives the chain (infra/aws/README.md).
 */
interface Args {
  mode: 'csr' | 'import';
  identity: string;
  out?: string;
  chain?: string;
  aws: boolean;
}

export function parseArgs(argv: readonly string[]): Args {
  const args: Partial<Args> & { aws: boolean } = { mode: 'csr', aws: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--import') args.mode = 'import';
    else if (a === '--aws') args.aws = true;
    else if (a === '--identity') args.identity = argv[++i];
    else if (a === '--out') args.out = argv[++i];
    else if (a === '--chain') {
      args.chain = argv[++i];
      args.mode = 'import';
    } else throw new Error(`Tham số không hợp lệ / Unknown argument: ${a}`);
  }
  if (!args.identity) throw new Error('Thiếu --identity <mã cơ quan | id cán bộ> / Missing --identity <agency code | person id>');
  if (args.mode === 'import' && !args.chain) throw new Error('Thiếu --chain <tệp PEM> / Missing --chain <PEM file>');
  return args as Args;
}

/** The operator, as the audit trail names them: no staff account behind a command line. */
const operator = (): Actor => {
  const user = os.userInfo().username;
  return { userId: `cli:${user}`, name: `${user} (dòng lệnh / command line)`, roles: ['admin'], sourceIp: 'cli', agencyCode: '' };
};

export async function run(args: Args): Promise<string[]> {
  const { contextFor } = await import('../../shared/services/context');
  const { certificateRequest, importCertificateChain } = await import('../../shared/services/key-certificates');
  const ctx = contextFor(operator());
  if (args.mode === 'csr') {
    const request = await certificateRequest(ctx, args.identity);
    if (!args.out) return [request.pem.trimEnd()];
    await writeFile(args.out, request.pem);
    return [`✔ ${request.identity}: CSR → ${args.out} (SHA-256 khóa công khai / public key ${request.publicKeySha256})`];
  }
  const imported = await importCertificateChain(ctx, args.identity, await readFile(args.chain!, 'utf8'));
  return [
    `✔ ${imported.identity}: đã nhập chuỗi ${imported.chainLength} chứng thư / chain of ${imported.chainLength} imported`,
    `  ${imported.subject}`,
    `  cấp bởi / issued by ${imported.issuer}, hiệu lực đến / valid to ${imported.validTo}`,
    `  gốc / root ${imported.root.subject}${imported.root.newlyTrusted ? ' (tin cậy từ nay / trusted from now on)' : ''}`,
  ];
}

async function main(): Promise<void> {
  try {
    const args = parseArgs(process.argv.slice(2));
    if (!args.aws) for (const [k, v] of Object.entries(localEnvironment())) process.env[k] ??= v;
    else {
      // Only what the configuration requires of every function; this command neither mails nor stores PDFs.
      for (const [k, v] of Object.entries({ SIGNING_BACKEND: 'kms', PDF_BUCKET: 'unused', MAIL_FROM: 'unused@example.invalid', PUBLIC_BASE_URL: 'https://unused.invalid' })) process.env[k] ??= v;
    }
    for (const line of await run(args)) console.log(line);
  } catch (error) {
    const e = error as { text?: { vi: string; en: string }; fields?: { field: string; vi: string; en: string }[]; message: string };
    const fields = e.fields?.map((f) => `${f.field}: ${f.vi} / ${f.en}`);
    console.error(`✖ ${fields?.length ? fields.join('\n  ') : e.text ? `${e.text.vi} / ${e.text.en}` : e.message}`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) void main();
