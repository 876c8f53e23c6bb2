import { describe, expect, it } from 'vitest';
import { demoAgencies, demoPeople } from '../../../infra/local/demo-data';
import {
  exportPeopleCsv,
  formatSigningForms,
  parsePeopleCsv,
  parseSigningForms,
  peopleCsvColumns,
  type PeopleCsvResult,
} from '../../../shared/domain/people-csv';
import { personInputSchema, type PersonInput } from '../../../shared/schemas/person';

const HEADER = peopleCsvColumns.map((c) => c.header).join(',');
const csv = (...lines: string[]) => lines.join('\r\n');
const peopleOf = (r: PeopleCsvResult) => {
  if ('errors' in r) throw new Error(JSON.stringify(r.errors, null, 2));
  return r.people;
};
const errorsOf = (r: PeopleCsvResult) => {
  if ('people' in r) throw new Error('expected errors');
  return r.errors;
};

const luc: PersonInput = personInputSchema.parse({
  id: 'u-nguyen-van-luc',
  name: 'Nguyễn Văn Lực',
  position: 'Phó Tổng cục trưởng',
  agencyCode: 'TCTHADS',
  roles: ['signer', 'leader'],
  email: 'nvluc@thads.moj.gov.vn',
  signingForms: [{ authority: 'KT', headTitle: 'Tổng cục trưởng' }, { authority: null }],
  overdueDigest: true,
});

describe('people CSV', () => {
  it('writes a Vietnamese header, roles and signing forms in the documented encoding', () => {
    const text = exportPeopleCsv([luc]);
    expect(text.startsWith(`\uFEFF${HEADER}\r\n`)).toBe(true);
    expect(text).toContain('u-nguyen-van-luc,Nguyễn Văn Lực,Phó Tổng cục trưởng,TCTHADS,signer;leader,nvluc@thads.moj.gov.vn,có,KT:Tổng cục trưởng;null,có\r\n');
  });

  it('round-trips the demo directory unchanged', () => {
    const people = demoPeople.map((p) => personInputSchema.parse(p));
    const back = peopleOf(parsePeopleCsv(exportPeopleCsv(people), { knownAgencyCodes: demoAgencies.map((a) => a.code) }));
    expect(back).toEqual(people);
  });

  it('reads semicolon-separated files, field-name headers and lenient yes/no and authority spellings', () => {
    const text = 'id;name;position;agencyCode;roles;email;active;signingForms\n' + 'u-a;Trần Thị A;Chánh Văn phòng;TCTHADS;"Signer, clerk";a@x.vn;khong;"TL.:Tổng cục trưởng;Q"\n';
    const [p] = peopleOf(parsePeopleCsv(text));
    expect(p).toMatchObject({ roles: ['signer', 'clerk'], active: false, overdueDigest: false, signingForms: [{ authority: 'TL', headTitle: 'Tổng cục trưởng' }, { authority: 'Q' }] });
  });

  it('encodes forms reversibly', () => {
    const forms = [{ authority: 'KT' as const, headTitle: 'Cục trưởng' }, { authority: null }, { authority: 'Q' as const }];
    expect(formatSigningForms(forms)).toBe('KT:Cục trưởng;null;Q');
    expect(parseSigningForms('KT:Cục trưởng;null;Q')).toEqual({ forms });
  });

  it('names each bad row and column in both languages, and returns no people', () => {
    const text = csv(
      HEADER,
      'u-a,Trần Thị A,Văn thư,TCTHADS,clerk,a@x.vn,có,,không',
      'u-b,Lê Văn B,Phó Cục trưởng,NOPE,signer;boss,b@x.vn,có,KT,không',
      'u-c,Lê Văn C,Phó Cục trưởng,TCTHADS,signer,not-an-email,có,,không',
      'u-a,Trần Thị A,Văn thư,TCTHADS,clerk,a@x.vn,có,,không',
    );
    const errors = errorsOf(parsePeopleCsv(text, { knownAgencyCodes: ['TCTHADS'] }));
    const where = errors.map((e) => `${e.row}:${e.field}`);
    expect(where).toEqual(['3:roles', '3:agencyCode', '3:signingForms', '4:email', '4:signingForms', '5:id']);
    expect(errors[0]!.vi).toContain('Dòng 3, cột “Vai trò”');
    expect(errors[0]!.en).toContain('Row 3, column “Vai trò” (roles)');
    expect(errors[0]!.en).toContain('boss');
    expect(errors[2]!.vi).toContain('Dòng 3, cột “Hình thức ký”');
  });

  it('refuses an unknown agency, an authority without a head title, and unknown columns', () => {
    const bad = errorsOf(parsePeopleCsv(csv(HEADER, 'u-b,Lê Văn B,Phó Cục trưởng,NOPE,signer,b@x.vn,có,KT,không'), { knownAgencyCodes: ['TCTHADS'] }));
    expect(bad.map((e) => e.field).sort()).toEqual(['agencyCode', 'signingForms'].sort());
    expect(bad.find((e) => e.field === 'signingForms')!.en).toContain('0.headTitle');
    const header = errorsOf(parsePeopleCsv('Tên đăng nhập,Họ và tên,Lương\n'));
    expect(header.map((e) => e.field)).toContain('Lương');
    expect(header.map((e) => e.field)).toContain('email');
  });

  it('neutralises formula cells on export and restores them on import', () => {
    const evil = { ...luc, position: '=HYPERLINK("http://x")' };
    const text = exportPeopleCsv([evil]);
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(peopleOf(parsePeopleCsv(text))[0]!.position).toBe(evil.position);
  });
});
