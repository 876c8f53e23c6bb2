import { exampleLetter } from '../../../shared/pdf/example-letter';
import type { LetterModel } from '../../../shared/pdf/letter-model';

export const draftLetter: LetterModel = { ...exampleLetter, draft: true, number: undefined, issuedOn: undefined };

const PROVINCES = [
  'An Giang', 'Bà Rịa - Vũng Tàu', 'Bắc Giang', 'Bắc Kạn', 'Bạc Liêu', 'Bắc Ninh', 'Bến Tre', 'Bình Định',
  'Bình Dương', 'Bình Phước', 'Bình Thuận', 'Cà Mau', 'Cần Thơ', 'Cao Bằng', 'Đà Nẵng', 'Đắk Lắk', 'Đắk Nông',
  'Điện Biên', 'Đồng Nai', 'Đồng Tháp', 'Gia Lai', 'Hà Giang', 'Hà Nam', 'Hà Nội', 'Hà Tĩnh',
];

/**
 * A letter long enough for ten pages: 100 addressees, a subject that wraps over several lines, many
 * requirements with bullets, and a long Nơi nhận list.
 */
export const longLetter: LetterModel = {
  ...exampleLetter,
  subject:
    'tăng cường bảo đảm an toàn, an ninh mạng cho các hệ thống thông tin và cơ sở dữ liệu dùng chung của ' +
    'Bộ Tư pháp, các Tổng cục, Cục và cơ quan thi hành án dân sự địa phương trong năm 2024',
  addresseeLines: Array.from({ length: 100 }, (_, i) => `Chi cục Thi hành án dân sự số ${i + 1} tỉnh ${PROVINCES[i % PROVINCES.length]}`),
  requirements: Array.from({ length: 26 }, (_, i) => ({
    n: i + 1,
    text: [
      `Yêu cầu thứ ${i + 1}: quán triệt, nâng cao nhận thức về chấp hành công tác bảo đảm an toàn, an ninh thông tin ` +
        'mạng cho cán bộ, công chức, viên chức và người lao động trong việc sử dụng các tài khoản đã được cấp ' +
        'để đăng nhập các hệ thống thông tin của Bộ, ngành.',
      '- Khi sử dụng tài khoản để đăng nhập các hệ thống thông tin của Bộ, ngành phải thực hiện trên các thiết ' +
        'bị bảo đảm an toàn, an ninh mạng; định kỳ 03 tháng thay đổi mật khẩu tài khoản đang được giao sử dụng.',
      '- Không được lưu trữ các tài khoản đăng nhập vào các hệ thống thông tin của Bộ, ngành trên các trình duyệt web.',
    ].join('\n'),
  })),
  copies: Array.from({ length: 12 }, (_, i) => ({ label: `Lãnh đạo đơn vị số ${i + 1} thuộc Tổng cục`, purpose: 'để b/c' })),
};
