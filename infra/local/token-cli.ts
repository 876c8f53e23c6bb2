import { parseArgs } from 'node:util';
import { isRole, roles, type Role } from '../../shared/roles';
import { loadIdentity } from './identity';
import { defaultDataDir } from './paths';

/**
 * `npm run --silent token -- --role clerk --user u-vanthu [--role signer] [--hours 12]`
 * Prints an access token signed with the local identity key in .data/, valid against `npm start`
 * (also one started later: the key is kept). Only the token goes to stdout, for `TOKEN=$(...)`.
 */
const usage =
  'Cách dùng / Usage: npm run --silent token -- --role <vai trò/role> --user <mã người dùng/user id> [--role <...>] [--hours <n>]\n' +
  `  vai trò / roles: ${roles.join(', ')}`;

function fail(message: string): never {
  console.error(`✖ ${message}\n${usage}`);
  process.exit(2);
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
  const requested = (values.role ?? []).flatMap((r) => r.split(','));
  if (!requested.length) fail('Thiếu --role / Missing --role');
  const unknown = requested.filter((r) => !isRole(r));
  if (unknown.length) fail(`Vai trò không hợp lệ / Unknown role: ${unknown.join(', ')}`);
  const hours = values.hours === undefined ? 12 : Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0) fail(`--hours phải là số dương / --hours must be a positive number: ${values.hours}`);

  const identity = await loadIdentity(defaultDataDir);
  const token = await identity.mint({ userId: values.user, roles: requested as Role[], expiresInSeconds: Math.round(hours * 3600) });
  process.stdout.write(`${token}\n`);
  if (process.stdout.isTTY) {
    console.error(`(${values.user}: ${requested.join(', ')}; hết hạn sau / expires in ${hours} h)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
