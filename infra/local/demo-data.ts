import type { AgencyInput } from '../../shared/schemas/agency';
import type { Directive } from '../../shared/schemas/directive';
import type { GroupInput, UnitInput } from '../../shared/schemas/directory';
import type { DispatchContent, DispatchInput } from '../../shared/schemas/dispatch';
import { sameForm, signatureBlockOf, type PersonInput } from '../../shared/schemas/person';
import { issuerOf } from '../../shared/domain/authority';
import { plusDays, vietnamDate } from '../../shared/domain/time';

/**
 * Demo organisation for the local stack and the tests: the Ministry of Justice (Bộ Tư pháp), its IT
 * Department, the General Department of Civil Judgment Enforcement (Tổng cục Thi hành án dân sự) with its
 * internal units and the 63 provincial departments as they stood before the 2025 merger of provinces,
 * plus the directives and the dispatch of `shared/examples/cong-van-tong-cuc-thads-2024.txt`.
 *
 * Pure data: no I/O. `seed.ts` writes it to the local table; units are listed parents first.
 *
 * The mailboxes follow the real naming pattern so the data looks familiar; locally every email goes to
 * the SES emulator's inbox. Do not seed this data into an AWS account whose SES can send to real
 * mailboxes.
 */

/** ASCII slug of a Vietnamese name: "Bà Rịa - Vũng Tàu" → "ba-ria-vung-tau". */
export function asciiSlug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

// ---------------------------------------------------------------------------------------------------
// Units

export const MINISTRY_ID = 'btp';
export const IT_DEPARTMENT_ID = 'btp-cntt';
export const GENERAL_DEPARTMENT_ID = 'tcthads';
/** The drafting unit of the example dispatch ("Lưu: VT, TT."). */
export const DATA_CENTRE_ID = 'tcthads-tt';
export const GENERAL_DEPARTMENT_OFFICE_ID = 'tcthads-vp';

const ministryUnits: UnitInput[] = [
  { id: MINISTRY_ID, code: 'BTP', name: 'Bộ Tư pháp', kind: 'ministry', email: 'btp@moj.gov.vn', active: true },
  {
    id: IT_DEPARTMENT_ID,
    code: 'CNTT',
    name: 'Cục Công nghệ thông tin',
    kind: 'department',
    parentId: MINISTRY_ID,
    email: 'cntt@moj.gov.vn',
    active: true,
  },
  {
    id: 'btp-van-phong',
    code: 'VPBTP',
    name: 'Văn phòng Bộ',
    kind: 'office',
    parentId: MINISTRY_ID,
    email: 'vanphong@moj.gov.vn',
    active: true,
  },
  {
    id: GENERAL_DEPARTMENT_ID,
    code: 'TCTHADS',
    name: 'Tổng cục Thi hành án dân sự',
    kind: 'general-department',
    parentId: MINISTRY_ID,
    email: 'tongcuc@thads.moj.gov.vn',
    active: true,
  },
];

/** Units of the Tổng cục: [id suffix, code, name, mailbox local part]. */
const internalUnitRows: ReadonlyArray<readonly [string, string, string, string]> = [
  ['vp', 'VP', 'Văn phòng Tổng cục', 'vanphong'],
  ['nv1', 'NV1', 'Vụ Nghiệp vụ 1', 'vunghiepvu1'],
  ['nv2', 'NV2', 'Vụ Nghiệp vụ 2', 'vunghiepvu2'],
  ['nv3', 'NV3', 'Vụ Nghiệp vụ 3', 'vunghiepvu3'],
  ['tccb', 'TCCB', 'Vụ Tổ chức cán bộ', 'vutccb'],
  ['khtc', 'KHTC', 'Vụ Kế hoạch - Tài chính', 'vukhtc'],
  ['gqkntc', 'GQKNTC', 'Vụ Giải quyết khiếu nại, tố cáo', 'vugqkntc'],
  ['kt', 'KT', 'Vụ Kiểm tra', 'vukiemtra'],
  ['tt', 'TT', 'Trung tâm Thống kê, Quản lý dữ liệu và Ứng dụng công nghệ thông tin', 'trungtamcntt'],
];

const internalUnits: UnitInput[] = internalUnitRows.map(([suffix, code, name, mailbox]) => ({
  id: `${GENERAL_DEPARTMENT_ID}-${suffix}`,
  code,
  name,
  kind: 'internal-unit',
  parentId: GENERAL_DEPARTMENT_ID,
  email: `${mailbox}@thads.moj.gov.vn`,
  active: true,
}));

/**
 * The 63 provinces and centrally governed cities before the 2025 merger: [province, code suffix, kind of
 * locality]. The five centrally governed cities come first, then the provinces in Vietnamese order.
 */
const provinceRows: ReadonlyArray<readonly [province: string, code: string, locality: 'city' | 'province']> = [
  ['Hà Nội', 'HN', 'city'],
  ['TP. Hồ Chí Minh', 'HCM', 'city'],
  ['Hải Phòng', 'HP', 'city'],
  ['Đà Nẵng', 'DNG', 'city'],
  ['Cần Thơ', 'CT', 'city'],
  ['An Giang', 'AG', 'province'],
  ['Bà Rịa - Vũng Tàu', 'BRVT', 'province'],
  ['Bắc Giang', 'BG', 'province'],
  ['Bắc Kạn', 'BK', 'province'],
  ['Bạc Liêu', 'BL', 'province'],
  ['Bắc Ninh', 'BN', 'province'],
  ['Bến Tre', 'BTR', 'province'],
  ['Bình Định', 'BDI', 'province'],
  ['Bình Dương', 'BD', 'province'],
  ['Bình Phước', 'BP', 'province'],
  ['Bình Thuận', 'BTH', 'province'],
  ['Cà Mau', 'CM', 'province'],
  ['Cao Bằng', 'CB', 'province'],
  ['Đắk Lắk', 'DLK', 'province'],
  ['Đắk Nông', 'DNO', 'province'],
  ['Điện Biên', 'DB', 'province'],
  ['Đồng Nai', 'DNA', 'province'],
  ['Đồng Tháp', 'DT', 'province'],
  ['Gia Lai', 'GL', 'province'],
  ['Hà Giang', 'HG', 'province'],
  ['Hà Nam', 'HNA', 'province'],
  ['Hà Tĩnh', 'HT', 'province'],
  ['Hải Dương', 'HD', 'province'],
  ['Hậu Giang', 'HGI', 'province'],
  ['Hòa Bình', 'HB', 'province'],
  ['Hưng Yên', 'HY', 'province'],
  ['Khánh Hòa', 'KH', 'province'],
  ['Kiên Giang', 'KG', 'province'],
  ['Kon Tum', 'KT', 'province'],
  ['Lai Châu', 'LCH', 'province'],
  ['Lâm Đồng', 'LD', 'province'],
  ['Lạng Sơn', 'LS', 'province'],
  ['Lào Cai', 'LCA', 'province'],
  ['Long An', 'LA', 'province'],
  ['Nam Định', 'ND', 'province'],
  ['Nghệ An', 'NA', 'province'],
  ['Ninh Bình', 'NB', 'province'],
  ['Ninh Thuận', 'NT', 'province'],
  ['Phú Thọ', 'PT', 'province'],
  ['Phú Yên', 'PY', 'province'],
  ['Quảng Bình', 'QB', 'province'],
  ['Quảng Nam', 'QNA', 'province'],
  ['Quảng Ngãi', 'QNG', 'province'],
  ['Quảng Ninh', 'QN', 'province'],
  ['Quảng Trị', 'QT', 'province'],
  ['Sóc Trăng', 'ST', 'province'],
  ['Sơn La', 'SL', 'province'],
  ['Tây Ninh', 'TN', 'province'],
  ['Thái Bình', 'TB', 'province'],
  ['Thái Nguyên', 'TNG', 'province'],
  ['Thanh Hóa', 'TH', 'province'],
  ['Thừa Thiên Huế', 'TTH', 'province'],
  ['Tiền Giang', 'TG', 'province'],
  ['Trà Vinh', 'TV', 'province'],
  ['Tuyên Quang', 'TQ', 'province'],
  ['Vĩnh Long', 'VL', 'province'],
  ['Vĩnh Phúc', 'VP', 'province'],
  ['Yên Bái', 'YB', 'province'],
];

/** "TP. Hồ Chí Minh" is the province; the place name inside ids, mailboxes and unit names is "Hồ Chí Minh". */
const placeName = (province: string) => province.replace(/^TP\. /, '');

function provincialDepartment([province, code, locality]: (typeof provinceRows)[number]): UnitInput {
  const place = placeName(province);
  const slug = asciiSlug(place);
  // Official names: "Cục Thi hành án dân sự tỉnh An Giang", "… thành phố Hà Nội", "… Thành phố Hồ Chí Minh".
  const prefix = place === 'Hồ Chí Minh' ? 'Thành phố' : locality === 'city' ? 'thành phố' : 'tỉnh';
  return {
    id: `thads-${slug}`,
    code: `THADS-${code}`,
    name: `Cục Thi hành án dân sự ${prefix} ${place}`,
    kind: 'provincial-department',
    parentId: GENERAL_DEPARTMENT_ID,
    email: `cucthads.${slug.replace(/-/g, '')}@thads.moj.gov.vn`,
    province,
    active: true,
  };
}

const provincialDepartments: UnitInput[] = provinceRows.map(provincialDepartment);

/**
 * Units of the Ministry that Ministry-level letters address (Vụ, Cục, Thanh tra): [id suffix, code, name,
 * mailbox local part]. Văn phòng Bộ, Cục Công nghệ thông tin and the Tổng cục are listed above.
 */
const ministryUnitRows: ReadonlyArray<readonly [string, string, string, string]> = [
  ['vu-cvdcxdpl', 'VCVDCXDPL', 'Vụ Các vấn đề chung về xây dựng pháp luật', 'vuxdpl'],
  ['vu-plhshc', 'PLHSHC', 'Vụ Pháp luật hình sự - hành chính', 'vuplhshc'],
  ['vu-pldskt', 'PLDSKT', 'Vụ Pháp luật dân sự - kinh tế', 'vupldskt'],
  ['vu-plqt', 'PLQT', 'Vụ Pháp luật quốc tế', 'vuplqt'],
  ['vu-htqt', 'HTQT', 'Vụ Hợp tác quốc tế', 'vuhtqt'],
  ['vu-tccb', 'TCCB-BTP', 'Vụ Tổ chức cán bộ', 'vutccb'],
  ['vu-khtc', 'KHTC-BTP', 'Vụ Kế hoạch - Tài chính', 'vukhtc'],
  ['vu-pbgdpl', 'PBGDPL', 'Vụ Phổ biến, giáo dục pháp luật', 'vupbgdpl'],
  ['thanh-tra', 'TTR', 'Thanh tra Bộ', 'thanhtra'],
  ['cuc-ktvb', 'KTVB', 'Cục Kiểm tra văn bản quy phạm pháp luật', 'cuckiemtravanban'],
  ['cuc-hotich', 'HTQTCT', 'Cục Hộ tịch, quốc tịch, chứng thực', 'cuchotich'],
  ['cuc-bttp', 'BTTP', 'Cục Bổ trợ tư pháp', 'cucbotrotuphap'],
  ['cuc-tgpl', 'TGPL', 'Cục Trợ giúp pháp lý', 'cuctgpl'],
  ['cuc-dkgdbd', 'DKGDBD', 'Cục Đăng ký quốc gia giao dịch bảo đảm', 'cucdangky'],
  ['cuc-btnn', 'BTNN', 'Cục Bồi thường nhà nước', 'cucbtnn'],
  ['cuc-qlxlvphc', 'QLXLVPHC', 'Cục Quản lý xử lý vi phạm hành chính và theo dõi thi hành pháp luật', 'cucqlxlvphc'],
];

const ministryDepartments: UnitInput[] = ministryUnitRows.map(([suffix, code, name, mailbox]) => ({
  id: `${MINISTRY_ID}-${suffix}`,
  code,
  name,
  kind: name.startsWith('Cục') ? 'department' : 'office',
  parentId: MINISTRY_ID,
  email: `${mailbox}@moj.gov.vn`,
  active: true,
}));

/** The Sở Tư pháp of each province: under the provincial People's Committee, guided by the Ministry. */
function provincialJusticeDepartment([province, code, locality]: (typeof provinceRows)[number]): UnitInput {
  const place = placeName(province);
  const slug = asciiSlug(place);
  const prefix = place === 'Hồ Chí Minh' ? 'Thành phố' : locality === 'city' ? 'thành phố' : 'tỉnh';
  return {
    id: `stp-${slug}`,
    code: `STP-${code}`,
    name: `Sở Tư pháp ${prefix} ${place}`,
    kind: 'provincial-justice-department',
    email: `sotuphap@${slug.replace(/-/g, '')}.gov.vn`,
    province,
    active: true,
  };
}

const provincialJusticeDepartments: UnitInput[] = provinceRows.map(provincialJusticeDepartment);

/** Every demo unit, parents before children. */
export const demoUnits: UnitInput[] = [
  ...ministryUnits,
  ...ministryDepartments,
  ...internalUnits,
  ...provincialDepartments,
  ...provincialJusticeDepartments,
];

// ---------------------------------------------------------------------------------------------------
// Groups

export const PROVINCES_GROUP_ID = 'thads-tinh';
export const INTERNAL_UNITS_GROUP_ID = 'don-vi-thuoc-tong-cuc';
export const MINISTRY_UNITS_GROUP_ID = 'don-vi-thuoc-bo';
export const JUSTICE_DEPARTMENTS_GROUP_ID = 'so-tu-phap';

export const demoGroups: GroupInput[] = [
  {
    id: PROVINCES_GROUP_ID,
    name: 'Cục Thi hành án dân sự các tỉnh, thành phố trực thuộc Trung ương',
    memberIds: provincialDepartments.map((u) => u.id),
  },
  {
    id: INTERNAL_UNITS_GROUP_ID,
    name: 'Các đơn vị thuộc Tổng cục Thi hành án dân sự',
    memberIds: internalUnits.map((u) => u.id),
  },
  {
    id: MINISTRY_UNITS_GROUP_ID,
    name: 'Các đơn vị thuộc Bộ Tư pháp',
    memberIds: [
      ...ministryUnits.filter((u) => u.parentId === MINISTRY_ID).map((u) => u.id),
      ...ministryDepartments.map((u) => u.id),
    ],
  },
  {
    id: JUSTICE_DEPARTMENTS_GROUP_ID,
    name: 'Sở Tư pháp các tỉnh, thành phố trực thuộc Trung ương',
    memberIds: provincialJusticeDepartments.map((u) => u.id),
  },
];

// ---------------------------------------------------------------------------------------------------
// Issuing agencies: each issues in its own name, under its own register, sealed with its own key

export const MINISTRY_AGENCY = 'BTP';
export const GENERAL_DEPARTMENT_AGENCY = 'TCTHADS';
export const IT_DEPARTMENT_AGENCY = 'CNTT';

export const demoAgencies: AgencyInput[] = [
  {
    code: MINISTRY_AGENCY,
    name: 'Bộ Tư pháp',
    place: 'Hà Nội',
    email: 'btp@moj.gov.vn',
    headTitle: 'Bộ trưởng',
    unitId: MINISTRY_ID,
    active: true,
  },
  {
    code: 'VPBTP',
    name: 'Văn phòng Bộ',
    parent: 'Bộ Tư pháp',
    parentCode: MINISTRY_AGENCY,
    place: 'Hà Nội',
    email: 'vanphong@moj.gov.vn',
    headTitle: 'Chánh Văn phòng',
    unitId: 'btp-van-phong',
    active: true,
  },
  {
    code: GENERAL_DEPARTMENT_AGENCY,
    name: 'Tổng cục Thi hành án dân sự',
    parent: 'Bộ Tư pháp',
    parentCode: MINISTRY_AGENCY,
    place: 'Hà Nội',
    email: 'tongcuc@thads.moj.gov.vn',
    headTitle: 'Tổng cục trưởng',
    unitId: GENERAL_DEPARTMENT_ID,
    active: true,
  },
  {
    code: IT_DEPARTMENT_AGENCY,
    name: 'Cục Công nghệ thông tin',
    parent: 'Bộ Tư pháp',
    parentCode: MINISTRY_AGENCY,
    place: 'Hà Nội',
    email: 'cntt@moj.gov.vn',
    headTitle: 'Cục trưởng',
    unitId: IT_DEPARTMENT_ID,
    active: true,
  },
];

// ---------------------------------------------------------------------------------------------------
// People (the local identity issuer mints tokens only for them; roles travel as Cognito groups)

const person = (p: Omit<PersonInput, 'active' | 'signingForms' | 'overdueDigest'> & Partial<PersonInput>): PersonInput => ({
  active: true,
  signingForms: [],
  overdueDigest: false,
  ...p,
});

export const demoPeople: PersonInput[] = [
  // Tổng cục Thi hành án dân sự
  person({ id: 'u-vanthu', name: 'Trần Thị Hương', position: 'Văn thư', agencyCode: 'TCTHADS', roles: ['clerk'], email: 'vanthu@thads.moj.gov.vn' }),
  person({ id: 'u-chuyenvien', name: 'Phạm Minh Tuấn', position: 'Chuyên viên', agencyCode: 'TCTHADS', roles: ['clerk'], email: 'pmtuan@thads.moj.gov.vn' }),
  person({
    id: 'u-nguyen-van-luc',
    name: 'Nguyễn Văn Lực',
    position: 'Phó Tổng cục trưởng',
    agencyCode: 'TCTHADS',
    roles: ['signer'],
    email: 'nvluc@thads.moj.gov.vn',
    signingForms: [{ authority: 'KT', headTitle: 'Tổng cục trưởng' }],
  }),
  person({
    id: 'u-nguyen-quang-thai',
    name: 'Nguyễn Quang Thái',
    position: 'Tổng cục trưởng',
    agencyCode: 'TCTHADS',
    roles: ['signer', 'leader'],
    email: 'nqthai@thads.moj.gov.vn',
    signingForms: [{ authority: null }],
    overdueDigest: true,
  }),
  person({
    id: 'u-chanh-van-phong',
    name: 'Bùi Thanh Sơn',
    position: 'Chánh Văn phòng',
    agencyCode: 'TCTHADS',
    roles: ['signer'],
    email: 'btson@thads.moj.gov.vn',
    signingForms: [{ authority: 'TL', headTitle: 'Tổng cục trưởng' }],
  }),
  // Cục Công nghệ thông tin
  person({ id: 'u-vanthu-cntt', name: 'Nguyễn Thị Lan', position: 'Văn thư', agencyCode: 'CNTT', roles: ['clerk'], email: 'ntlan@moj.gov.vn' }),
  person({
    id: 'u-cuc-truong-cntt',
    name: 'Vũ Thị Mai',
    position: 'Cục trưởng',
    agencyCode: 'CNTT',
    roles: ['signer', 'leader'],
    email: 'vtmai@moj.gov.vn',
    signingForms: [{ authority: null }],
  }),
  person({
    id: 'u-pho-cuc-truong-cntt',
    name: 'Đặng Quốc Bảo',
    position: 'Phó Cục trưởng',
    agencyCode: 'CNTT',
    roles: ['signer'],
    email: 'dqbao@moj.gov.vn',
    signingForms: [{ authority: 'KT', headTitle: 'Cục trưởng' }],
  }),
  person({ id: 'u-cntt', name: 'Lê Văn Hải', position: 'Chuyên viên', agencyCode: 'CNTT', roles: ['itdept'], email: 'lvhai@moj.gov.vn' }),
  person({ id: 'u-admin', name: 'Hoàng Đức Anh', position: 'Quản trị hệ thống', agencyCode: 'CNTT', roles: ['admin'], email: 'hdanh@moj.gov.vn' }),
  // Bộ Tư pháp
  person({
    id: 'u-mai-luong-khoi',
    name: 'Mai Lương Khôi',
    position: 'Thứ trưởng',
    agencyCode: 'BTP',
    roles: ['leader'],
    email: 'mlkhoi@moj.gov.vn',
    overdueDigest: true,
  }),
];

// ---------------------------------------------------------------------------------------------------
// Registered incoming directives (văn bản đến)

export type DemoDirective = Omit<Directive, 'createdAt' | 'createdBy' | 'version'>;

export const DIRECTIVE_VPCP_ID = 'vpcp-kstt-2647-2023';
export const DIRECTIVE_A05_ID = 'a05-p7-164-2024';

/**
 * Subjects are stored without the leading "V/v", as for dispatches. Number, symbol, date and issuing body
 * are those the example letter cites; subjects, dates received and deadlines are plausible stand-ins.
 */
export const demoDirectives: DemoDirective[] = [
  {
    id: DIRECTIVE_VPCP_ID,
    number: '2647',
    symbol: 'VPCP-KSTT',
    issuedOn: '2023-07-31',
    issuingBody: 'Văn phòng Chính phủ',
    subject: 'bảo đảm an toàn thông tin cho các hệ thống thông tin',
    receivedOn: '2023-08-02',
    deadline: '2023-09-30',
  },
  {
    id: DIRECTIVE_A05_ID,
    number: '164',
    symbol: 'A05-P7',
    issuedOn: '2024-01-11',
    issuingBody: 'Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao – Bộ Công an',
    subject: 'thông báo tài khoản thư điện tử công vụ bị lộ lọt trên không gian mạng',
    receivedOn: '2024-01-15',
    deadline: '2024-01-31',
  },
];

// ---------------------------------------------------------------------------------------------------
// The example dispatch (examples/cong-van-tong-cuc-thads-2024.txt) as a clerk enters it

const lines = (...parts: string[]) => parts.join('\n');

/**
 * Due dates of the example, counted from the day it is entered (in Vietnam): fixed dates would make
 * the demo, and every test built on it, run past its own deadline once the calendar passes them.
 */
export const EXAMPLE_DUE_IN_DAYS = { report: 22, accounts: 15 } as const;

/**
 * The example dispatch, as a clerk of the Tổng cục sends it to `POST /dispatches`: the issuer is the
 * clerk's own agency and the signer is chosen from its signers (the signature block comes from the
 * person's record). Text is the letter's, with the hard-wrapped lines joined; a requirement's bullets
 * are lines starting with "- ". A fresh object on every call, so callers may change it.
 */
export function exampleDispatchContent(now: Date = new Date()): DispatchInput {
  const today = vietnamDate(now);
  return {
    draftingUnit: 'TT',
    subject: 'tăng cường bảo đảm an toàn, an ninh mạng cho các hệ thống thông tin',
    addressees: [
      { kind: 'group', groupId: INTERNAL_UNITS_GROUP_ID, label: 'Thủ trưởng các đơn vị thuộc Tổng cục Thi hành án dân sự' },
      { kind: 'group', groupId: PROVINCES_GROUP_ID, label: 'Cục trưởng Cục THADS các tỉnh, thành phố trực thuộc Trung ương' },
    ],
    citations: [DIRECTIVE_VPCP_ID, DIRECTIVE_A05_ID],
    opening:
      'Thực hiện chỉ đạo của Thủ tướng Chính phủ Phạm Minh Chính (Văn bản số 2647/VPCP-KSTT ngày 31/7/2023 của ' +
      'Văn phòng Chính phủ) và Công văn số 164/A05-P7 ngày 11/01/2024 của Cục An ninh mạng và phòng, chống tội ' +
      'phạm sử dụng công nghệ cao – Bộ Công an, Tổng cục Thi hành án dân sự (THADS) yêu cầu Thủ trưởng các đơn vị ' +
      'thuộc Tổng cục, Cục trưởng Cục THADS các tỉnh, thành phố trực thuộc Trung ương thực hiện một số nội dung để ' +
      'đảm bảo an toàn, an ninh mạng cho các Hệ thống thông tin tại Bộ Tư pháp, cụ thể như sau:',
    requirements: [
      {
        n: 1,
        text: lines(
          'Quán triệt, nâng cao nhận thức về chấp hành công tác bảo đảm an toàn, an ninh thông tin mạng cho cán bộ, ' +
            'công chức, viên chức và người lao động trong việc sử dụng các tài khoản đã được cấp để đăng nhập các hệ ' +
            'thống thông tin của Bộ, ngành.',
          '- Khi sử dụng tài khoản để đăng nhập các hệ thống thông tin của Bộ, ngành phải thực hiện trên các thiết bị ' +
            'bảo đảm an toàn, an ninh mạng; Định kỳ 03 tháng thay đổi mật khẩu tài khoản đang được giao sử dụng để ' +
            'đăng nhập các Hệ thống thông tin.',
          '- Không được lưu trữ các tài khoản đăng nhập vào các hệ thống thông tin của Bộ, ngành trên các trình duyệt web.',
          '- Không sử dụng thư điện tử công vụ để đăng ký tham gia các Hệ thống khác không phục vụ trong công việc.',
        ),
        dueDate: plusDays(today, EXAMPLE_DUE_IN_DAYS.report),
        response: 'report',
      },
      {
        n: 2,
        text: lines(
          'Thực hiện ngay một số yêu cầu của Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao – Bộ Công an',
          '- Yêu cầu công chức, viên chức thực hiện thay đổi ngay mật khẩu các tài khoản đang được cấp sử dụng để đăng ' +
            'nhập các hệ thống thông tin.',
          '- Thông báo, quán triệt cho công chức, viên chức và người lao động đã bị lộ lọt tài khoản đăng nhập hệ thống ' +
            'thư điện tử công vụ trên không gian mạng, đồng thời có công văn gửi về Cục Công nghệ thông tin – Bộ Tư pháp ' +
            'để cấp lại mật khẩu cho các tài khoản này.',
        ),
        dueDate: plusDays(today, EXAMPLE_DUE_IN_DAYS.accounts),
        response: 'accounts',
        to: 'Cục Công nghệ thông tin – Bộ Tư pháp',
      },
    ],
    closing:
      'Tổng cục THADS đề nghị Thủ trưởng các đơn vị thuộc Tổng cục THADS, Cục trưởng Cục THADS các tỉnh, thành phố ' +
      'trực thuộc Trung ương nghiêm túc triển khai, thực hiện./.',
    copies: [
      { label: 'Thứ trưởng Mai Lương Khôi', purpose: 'để b/c' },
      { label: 'TCT Nguyễn Quang Thái', purpose: 'để b/c' },
    ],
    archive: ['VT', 'TT'],
    signer: { personId: 'u-nguyen-van-luc', authority: 'KT', headTitle: 'Tổng cục trưởng' },
  };
}

/**
 * The example as stored and printed: the clerk's input with the issuer and the signature block resolved
 * from the demo records, as the service resolves them (for tests and benchmarks that render or store a
 * letter without going through the API).
 */
export function exampleLetterContent(now: Date = new Date()): DispatchContent {
  const { signer: choice, ...letter } = exampleDispatchContent(now);
  const agency = demoAgencies.find((a) => a.code === GENERAL_DEPARTMENT_AGENCY)!;
  const signer = demoPeople.find((p) => p.id === choice.personId)!;
  const form = signer.signingForms.find((f) => sameForm(f, choice))!;
  return { ...letter, issuer: issuerOf({ ...agency, version: 1, createdAt: '', updatedAt: '' }), signer: signatureBlockOf(signer, form) };
}
