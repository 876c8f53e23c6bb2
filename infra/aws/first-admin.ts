import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Actor } from '../../shared/http/actor';
import type { IdentityChange, IdentityDirectory } from '../../shared/identity/directory-identity';
import { agencyInputSchema, type Agency, type AgencyInput } from '../../shared/schemas/agency';
import { personInputSchema, type Person, type PersonInput } from '../../shared/schemas/person';
import { LOCAL_TABLE_NAME } from '../local/paths';

/**
 * The first administrator of a new deployment (infra/aws/README.md, Deploy, step 4). After the first deploy
 * the directory is empty, so nobody can sign in to add people: this command writes the administrator's
 * PERSON record (and their agency's, if it is missing) to the stack's table, audited as the operator, and
 * makes their Cognito account (invitation e-mail, `admin` group) through the same port and sync as the
 * `people-identity-sync` consumer. Idempotent: run again, it changes nothing that is already right.
 *
 *   npm run admin:bootstrap -- --outputs cdk-outputs.json --id u-admin --name "Nguyễn Văn A" \
 *     --email a@thads.moj.gov.vn --position "Chuyên viên" --agency CNTT [--agency-name … --agency-place …
 *     --agency-email … --agency-head-title …]
 *
 * The table and user pool come from `--outputs` (what `npm run deploy` writes: `cdk deploy --outputs-file`,
 * stack `--stack`, default CongVanStack) or `--table` / `--user-pool-id`. `--local` works on `npm start`'s
 * DynamoDB Local instead (no Cognito there: the local issuer signs in directory people).
 */

/** A bad argument: which one, in both languages (nothing has been written). */
export class FirstAdminArgumentError extends Error {
  constructor(
    readonly argument: string,
    readonly vi: string,
    readonly en: string,
  ) {
    super(`${argument}: ${vi} / ${en}`);
  }
}

export interface FirstAdminArgs {
  /** The stack's table (output TableName), or the local table with `local`. */
  readonly table: string;
  /** The stack's user pool (output UserPoolId); absent with `local`. */
  readonly userPoolId?: string;
  readonly region?: string;
  readonly local: boolean;
  readonly person: PersonInput;
  /** The agency, when it has to be created (all four `--agency-…` values given); else only its code is known. */
  readonly agency?: AgencyInput;
}

export const DEFAULT_STACK = 'CongVanStack';

/** Flag → the person or agency field it fills (the error names the flag, which is what the operator typed). */
const PERSON_FLAGS = { '--id': 'id', '--name': 'name', '--email': 'email', '--position': 'position', '--agency': 'agencyCode' } as const;
const AGENCY_FLAGS = { '--agency-name': 'name', '--agency-place': 'place', '--agency-email': 'email', '--agency-head-title': 'headTitle' } as const;
const OTHER_FLAGS = ['--outputs', '--stack', '--table', '--user-pool-id', '--region'] as const;
const VALUE_FLAGS: ReadonlySet<string> = new Set([...Object.keys(PERSON_FLAGS), ...Object.keys(AGENCY_FLAGS), ...OTHER_FLAGS]);

const flagOfPersonField = (field: string) => Object.entries(PERSON_FLAGS).find(([, f]) => f === field)?.[0] ?? `--${field}`;
const flagOfAgencyField = (field: string) => Object.entries(AGENCY_FLAGS).find(([, f]) => f === field)?.[0] ?? '--agency';

/**
 * Reads and checks the arguments; throws FirstAdminArgumentError naming the first bad one. `readText`
 * reads the outputs file (a parameter so that tests need no file).
 */
export function parseFirstAdminArgs(argv: readonly string[], readText: (file: string) => string = (f) => readFileSync(f, 'utf8')): FirstAdminArgs {
  const values = new Map<string, string>();
  let local = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--local') {
      local = true;
      continue;
    }
    if (!VALUE_FLAGS.has(a)) throw new FirstAdminArgumentError(a, 'tham số không hợp lệ', 'unknown argument');
    const v = argv[++i];
    if (v === undefined || v.startsWith('--')) throw new FirstAdminArgumentError(a, 'thiếu giá trị', 'a value is missing');
    if (values.has(a)) throw new FirstAdminArgumentError(a, 'chỉ được nêu một lần', 'may be given only once');
    values.set(a, v);
  }

  // Where: the stack's outputs or explicit names (explicit ones win), or the local stack.
  let table = values.get('--table');
  let userPoolId = values.get('--user-pool-id');
  const outputsFile = values.get('--outputs');
  if (outputsFile && !local) {
    const stack = values.get('--stack') ?? DEFAULT_STACK;
    let outputs: Record<string, Record<string, string>>;
    try {
      outputs = JSON.parse(readText(outputsFile)) as Record<string, Record<string, string>>;
    } catch (error) {
      throw new FirstAdminArgumentError('--outputs', `không đọc được tệp JSON "${outputsFile}"`, `cannot read the JSON file "${outputsFile}" (${(error as Error).message})`);
    }
    const ofStack = outputs?.[stack];
    if (!ofStack || typeof ofStack !== 'object') throw new FirstAdminArgumentError('--stack', `tệp kết quả không có stack "${stack}"`, `the outputs file has no stack "${stack}"`);
    table ??= ofStack['TableName'];
    userPoolId ??= ofStack['UserPoolId'];
  }
  if (local) {
    if (values.has('--user-pool-id') || outputsFile) throw new FirstAdminArgumentError('--local', 'không dùng cùng --outputs hay --user-pool-id (không có Cognito cục bộ)', 'not with --outputs or --user-pool-id (there is no local Cognito)');
    table ??= LOCAL_TABLE_NAME;
  } else {
    if (!table) throw new FirstAdminArgumentError('--table', 'thiếu: nêu --table <TableName> hoặc --outputs <tệp>', 'missing: give --table <TableName> or --outputs <file>');
    if (!userPoolId) throw new FirstAdminArgumentError('--user-pool-id', 'thiếu: nêu --user-pool-id <UserPoolId> hoặc --outputs <tệp>', 'missing: give --user-pool-id <UserPoolId> or --outputs <file>');
  }

  // Who: the same schema as the API's people routes, with the administrator's role.
  for (const flag of Object.keys(PERSON_FLAGS)) {
    if (!values.get(flag)) throw new FirstAdminArgumentError(flag, 'thiếu', 'missing');
  }
  const parsedPerson = personInputSchema.safeParse({
    ...Object.fromEntries(Object.entries(PERSON_FLAGS).map(([flag, field]) => [field, values.get(flag)])),
    agencyCode: values.get('--agency')!.toUpperCase(),
    roles: ['admin'],
    active: true,
  });
  if (!parsedPerson.success) {
    const issue = parsedPerson.error.issues[0]!;
    throw new FirstAdminArgumentError(flagOfPersonField(String(issue.path[0] ?? '')), 'giá trị không hợp lệ', `invalid value (${issue.message})`);
  }

  // The agency: all four or none (then it must already exist: checked against the table when run).
  const given = Object.keys(AGENCY_FLAGS).filter((f) => values.has(f));
  let agency: AgencyInput | undefined;
  if (given.length > 0) {
    const missing = Object.keys(AGENCY_FLAGS).find((f) => !values.has(f))!;
    if (missing) throw new FirstAdminArgumentError(missing, 'thiếu (cần cả bốn tham số --agency-… để tạo cơ quan)', 'missing (all four --agency-… values are needed to create the agency)');
    const parsedAgency = agencyInputSchema.safeParse({
      code: parsedPerson.data.agencyCode,
      ...Object.fromEntries(Object.entries(AGENCY_FLAGS).map(([flag, field]) => [field, values.get(flag)])),
    });
    if (!parsedAgency.success) {
      const issue = parsedAgency.error.issues[0]!;
      throw new FirstAdminArgumentError(flagOfAgencyField(String(issue.path[0] ?? '')), 'giá trị không hợp lệ', `invalid value (${issue.message})`);
    }
    agency = parsedAgency.data;
  }

  const region = values.get('--region');
  return { table: table!, ...(userPoolId && !local ? { userPoolId } : {}), ...(region ? { region } : {}), local, person: parsedPerson.data, ...(agency ? { agency } : {}) };
}

export interface FirstAdminResult {
  readonly agency: 'created' | 'exists';
  /** `promoted`: the person existed without the admin role or inactive, and now has it and is active. */
  readonly person: 'created' | 'promoted' | 'unchanged';
  /** What the sign-in account needed (empty: already right, or no identity directory, e.g. locally). */
  readonly account: readonly IdentityChange[];
}

/** The operator, as the audit trail names them: no staff account behind a command line. */
export const cliOperator = (): Actor => {
  const user = os.userInfo().username;
  return { userId: `cli:${user}`, name: `${user} (dòng lệnh / command line)`, roles: ['admin'], sourceIp: 'cli', agencyCode: '' };
};

const personInputOf = (p: Person): PersonInput => {
  const { version: _v, createdAt: _c, updatedAt: _u, ...input } = p;
  return input;
};

/**
 * Writes what is missing: the agency (only if the arguments describe it), the person with the `admin`
 * role, then the sign-in account through `identities` (Cognito in AWS; none locally). The table is the
 * configured one (TABLE_NAME, set by the command before it runs this).
 */
export async function ensureFirstAdmin(args: Pick<FirstAdminArgs, 'person' | 'agency'>, deps: { identities?: IdentityDirectory; actor?: Actor; now?: () => Date }): Promise<FirstAdminResult> {
  const { getAgency, saveAgency } = await import('../../shared/data/agency-repo');
  const { getPerson, savePerson } = await import('../../shared/data/people-repo');
  const { syncIdentity } = await import('../../shared/identity/directory-identity');
  const { auditOf, contextFor } = await import('../../shared/services/context');
  const ctx = contextFor(deps.actor ?? cliOperator(), { now: deps.now ?? (() => new Date()) });

  let agencyOutcome: FirstAdminResult['agency'] = 'exists';
  const existingAgency: Agency | undefined = await getAgency(args.person.agencyCode);
  if (!existingAgency) {
    if (!args.agency) {
      throw new FirstAdminArgumentError(
        '--agency',
        `chưa có cơ quan "${args.person.agencyCode}": nêu thêm --agency-name, --agency-place, --agency-email, --agency-head-title để tạo`,
        `there is no agency "${args.person.agencyCode}": add --agency-name, --agency-place, --agency-email, --agency-head-title to create it`,
      );
    }
    await saveAgency(args.agency, undefined, undefined, auditOf(ctx, 'agency.create', { details: { bootstrap: true } }));
    agencyOutcome = 'created';
  }

  let personOutcome: FirstAdminResult['person'] = 'unchanged';
  let person = await getPerson(args.person.id);
  if (!person) {
    person = await savePerson(args.person, undefined, undefined, auditOf(ctx, 'person.create', { details: { bootstrap: true } }));
    personOutcome = 'created';
  } else if (!person.roles.includes('admin') || !person.active) {
    // An existing record keeps its name, agency and other roles: only the administrator's role and activity are added.
    const input: PersonInput = { ...personInputOf(person), roles: person.roles.includes('admin') ? person.roles : [...person.roles, 'admin'], active: true };
    person = await savePerson(input, person.version, person, auditOf(ctx, 'person.update', { details: { version: person.version, bootstrap: true } }));
    personOutcome = 'promoted';
  }

  const account = deps.identities ? await syncIdentity(deps.identities, person) : [];
  return { agency: agencyOutcome, person: personOutcome, account };
}

/** The lines the command prints for a result. */
export function describeResult(args: Pick<FirstAdminArgs, 'person' | 'local'>, r: FirstAdminResult): string[] {
  const word = { created: 'đã tạo / created', exists: 'đã có / exists', promoted: 'đã thêm quyền quản trị / made administrator', unchanged: 'không đổi / unchanged' };
  return [
    `✔ Cơ quan / Agency ${args.person.agencyCode}: ${word[r.agency]}`,
    `✔ Người dùng / Person ${args.person.id} (admin): ${word[r.person]}`,
    args.local
      ? '  Tài khoản đăng nhập / Sign-in account: không có Cognito cục bộ / no local Cognito (the local issuer signs in directory people)'
      : `✔ Tài khoản Cognito / Cognito account: ${r.account.length ? r.account.map((c) => ('group' in c ? `${c.op} ${c.group}` : c.op)).join(', ') : 'không đổi / unchanged'}${r.account.some((c) => c.op === 'create') ? ` (thư mời gửi tới / invitation sent to ${'email' in args.person ? args.person.email : ''})` : ''}`,
  ];
}

async function main(): Promise<void> {
  try {
    const args = parseFirstAdminArgs(process.argv.slice(2));
    if (args.local) {
      const { localEnvironment } = await import('../local/audit-verify-cli');
      for (const [k, v] of Object.entries(localEnvironment())) process.env[k] ??= v;
    } else {
      if (args.region) process.env['AWS_REGION'] = args.region;
      // What the configuration requires of every function; this command neither mails nor stores PDFs.
      for (const [k, v] of Object.entries({ PDF_BUCKET: 'unused', MAIL_FROM: 'unused@example.invalid', PUBLIC_BASE_URL: 'https://unused.invalid' })) process.env[k] ??= v;
    }
    process.env['TABLE_NAME'] = args.table;
    const identities = args.userPoolId ? (await import('../../shared/identity/cognito')).cognitoIdentityDirectory(args.userPoolId) : undefined;
    const result = await ensureFirstAdmin(args, identities ? { identities } : {});
    for (const line of describeResult(args, result)) console.log(line);
  } catch (error) {
    const e = error as { text?: { vi: string; en: string }; fields?: { field: string; vi: string; en: string }[]; message: string };
    const fields = e.fields?.map((f) => `${f.field}: ${f.vi} / ${f.en}`);
    console.error(`✖ ${fields?.length ? fields.join('\n  ') : e.text ? `${e.text.vi} / ${e.text.en}` : e.message}`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) void main();
