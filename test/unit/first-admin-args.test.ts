import { describe, expect, it } from 'vitest';
import { FirstAdminArgumentError, parseFirstAdminArgs } from '../../infra/aws/first-admin';

/** `npm run admin:bootstrap` (infra/aws/first-admin.ts): its arguments, checked before anything is written. */
const who = ['--id', 'u-quan-tri', '--name', 'Nguyễn Thị Quản Trị', '--email', 'QuanTri@thads.moj.gov.vn', '--position', 'Chuyên viên', '--agency', 'cntt'];
const agency = ['--agency-name', 'Cục Công nghệ thông tin', '--agency-place', 'Hà Nội', '--agency-email', 'cntt@thads.moj.gov.vn', '--agency-head-title', 'Cục trưởng'];
const outputs = JSON.stringify({ CongVanStack: { TableName: 'CongVanStack-DataTable-1', UserPoolId: 'ap-southeast-1_abc', ApiUrl: 'https://x' }, Other: { TableName: 'other' } });
const read = (file: string) => {
  if (file !== 'cdk-outputs.json') throw new Error('ENOENT');
  return outputs;
};

/** The error a call throws: which argument, in both languages. */
function refusal(argv: string[]): { argument: string; vi: string; en: string } {
  try {
    parseFirstAdminArgs(argv, read);
  } catch (error) {
    expect(error).toBeInstanceOf(FirstAdminArgumentError);
    const e = error as FirstAdminArgumentError;
    return { argument: e.argument, vi: e.vi, en: e.en };
  }
  throw new Error('expected a refusal');
}

describe('first administrator: arguments', () => {
  it('reads the table and user pool from the deploy outputs, and the person with the admin role', () => {
    const args = parseFirstAdminArgs(['--outputs', 'cdk-outputs.json', ...who], read);
    expect(args).toMatchObject({ table: 'CongVanStack-DataTable-1', userPoolId: 'ap-southeast-1_abc', local: false });
    expect(args.person).toMatchObject({ id: 'u-quan-tri', agencyCode: 'CNTT', email: 'quantri@thads.moj.gov.vn', roles: ['admin'], active: true });
    expect(args.agency).toBeUndefined();
  });

  it('takes explicit names over the outputs, and another stack by name', () => {
    expect(parseFirstAdminArgs(['--outputs', 'cdk-outputs.json', '--table', 'T', ...who], read)).toMatchObject({ table: 'T', userPoolId: 'ap-southeast-1_abc' });
    expect(parseFirstAdminArgs(['--table', 'T', '--user-pool-id', 'P', '--region', 'ap-southeast-1', ...who], read)).toMatchObject({ table: 'T', userPoolId: 'P', region: 'ap-southeast-1' });
    expect(refusal(['--outputs', 'cdk-outputs.json', '--stack', 'Other', ...who]).argument).toBe('--user-pool-id');
  });

  it('describes the agency to create only with all four values', () => {
    expect(parseFirstAdminArgs(['--table', 'T', '--user-pool-id', 'P', ...who, ...agency], read).agency).toMatchObject({ code: 'CNTT', name: 'Cục Công nghệ thông tin', headTitle: 'Cục trưởng' });
    expect(refusal(['--table', 'T', '--user-pool-id', 'P', ...who, ...agency.slice(0, 4)])).toMatchObject({ argument: '--agency-email' });
    expect(refusal(['--table', 'T', '--user-pool-id', 'P', ...who, ...agency.slice(0, 4), '--agency-email', 'not-an-address', ...agency.slice(6)]).argument).toBe('--agency-email');
  });

  it('locally: the local table and no Cognito', () => {
    expect(parseFirstAdminArgs(['--local', ...who], read)).toMatchObject({ table: 'cong-van-local', local: true });
    expect(parseFirstAdminArgs(['--local', ...who], read).userPoolId).toBeUndefined();
    expect(refusal(['--local', '--user-pool-id', 'P', ...who]).argument).toBe('--local');
  });

  it('refuses, naming the argument in Vietnamese and English', () => {
    const cases: [string[], string][] = [
      [who, '--table'],
      [['--table', 'T', ...who], '--user-pool-id'],
      [['--outputs', 'missing.json', ...who], '--outputs'],
      [['--outputs', 'cdk-outputs.json', '--stack', 'Nope', ...who], '--stack'],
      [['--local', ...who.slice(2)], '--id'],
      [['--local', ...who.slice(0, -2)], '--agency'],
      [['--local', ...who.map((v) => (v === 'QuanTri@thads.moj.gov.vn' ? 'khong-phai-email' : v))], '--email'],
      [['--local', ...who.map((v) => (v === 'u-quan-tri' ? 'có dấu cách' : v))], '--id'],
      [['--local', '--name', ...who], '--name'],
      [['--local', ...who, '--id', 'u-khac'], '--id'],
      [['--local', ...who, '--role', 'admin'], '--role'],
    ];
    for (const [argv, argument] of cases) {
      const r = refusal(argv);
      expect(r.argument, argv.join(' ')).toBe(argument);
      expect(r.vi.length).toBeGreaterThan(0);
      expect(r.en.length).toBeGreaterThan(0);
    }
  });
});
