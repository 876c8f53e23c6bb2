import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { parseArgs } from 'node:util';
import { keys } from '../../shared/data/keys';
import { isRole, roles, type Role } from '../../shared/roles';
import type { Person } from '../../shared/schemas/person';
import { loadIdentity } from './identity';
import { defaultDataDir, LOCAL_TABLE_NAME } from './paths';

/**
 * `npm run --silent token -- --user u-vanthu [--role clerk] [--hours 12]`
 * Prints an access token signed with the local identity key in .data/, valid against `npm start`
 * (also one started later: the key is kept). Only the token goes to stdout, for `TOKEN=$(...)`.
 *
 * Roles come from the person's record in the running stack's DynamoDB (DYNAMODB_PORT, 8000 by default),
 * like Cognito's groups come from the same record in AWS: an unknown or inactive person gets no token.
 * `--role` narrows the token to some of the record's roles (e.g. to try what a clerk alone sees).
 * The agency is not a claim (the API reads it from the record); it is shown on the terminal.
 */
const usage =
  'Cách dùng / Usage: npm run --silent token -- --user <mã người dùng/user id> [--role <vai trò/role>]... [--hours <n>]\n' +
  `  vai trò / roles (một phần vai trò trong hồ sơ / a subset of the record's roles): ${roles.join(', ')}`;

function fail(message: string): never {
  console.error(`✖ ${message}\n${usage}`);
  process.exit(2);
}

async function readPerson(id: string): Promise<Person | undefined> {
  const port = Number(process.env['DYNAMODB_PORT'] ?? 8000);
  // DynamoDB Local runs with -sharedDb: any region and credentials see the same tables.
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'ap-southeast-1', endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 }),
  );
  try {
    const out = await client.send(new GetCommand({ TableName: LOCAL_TABLE_NAME, Key: keys.person(id), ConsistentRead: true }));
    return out.Item as Person | undefined;
  } catch (error) {
    fail(
      `Không đọc được danh bạ cán bộ từ DynamoDB Local (cổng ${port}); hãy chạy npm start trước. / Cannot read the staff directory from DynamoDB Local (port ${port}); run npm start first. (${(error as Error).name})`,
    );
  } finally {
    client.destroy();
  }
}

async function main(): Promise<void> {
  let values: { role?: string[]; user?: string; hours?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        role: { type: 'string', multiple: true, short: 'r' },
        user: { type: 'string', short: 'u' },
        hours: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(usage);
    return;
  }
  if (!values.user) fail('Thiếu --user / Missing --user');
  const requested = (values.role ?? []).flatMap((r) => r.split(',')).filter(Boolean);
  const unknown = requested.filter((r) => !isRole(r));
  if (unknown.length) fail(`Vai trò không hợp lệ / Unknown role: ${unknown.join(', ')}`);
  const hours = values.hours === undefined ? 12 : Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0) fail(`--hours phải là số dương / --hours must be a positive number: ${values.hours}`);

  const person = await readPerson(values.user);
  if (!person) fail(`Không có người dùng “${values.user}” trong danh bạ cán bộ. / There is no person “${values.user}” in the staff directory.`);
  if (!person.active) fail(`Người dùng “${person.id}” đã ngừng hoạt động. / The person “${person.id}” is no longer active.`);
  const notHeld = requested.filter((r) => !person.roles.includes(r as Role));
  if (notHeld.length) {
    fail(`${person.id} không có vai trò / does not have the role: ${notHeld.join(', ')} (hồ sơ / record: ${person.roles.join(', ')})`);
  }
  const granted = requested.length ? (requested as Role[]) : person.roles;

  const identity = await loadIdentity(defaultDataDir);
  const token = await identity.mint({ userId: person.id, roles: granted, expiresInSeconds: Math.round(hours * 3600) });
  process.stdout.write(`${token}\n`);
  if (process.stdout.isTTY) {
    console.error(`(${person.id}, ${person.name}, ${person.agencyCode}: ${granted.join(', ')}; hết hạn sau / expires in ${hours} h)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
