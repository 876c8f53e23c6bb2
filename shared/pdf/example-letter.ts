import type { LetterModel } from './letter-model';

/**
 * The example dispatch of the Tổng cục Thi hành án dân sự on account security (January 2024), as
 * the renderer's input. The body is verbatim from the source, with its hard-wrapped lines joined
 * into paragraphs. The source shows no number; 05 of 16 January 2024 is plausible for that register.
 * Used by the tests, the benchmark and the product's demo data.
 */
export const exampleLetter: LetterModel = {
  issuer: { parent: 'BỘ TƯ PHÁP', name: 'TỔNG CỤC THI HÀNH ÁN DÂN SỰ', code: 'TCTHADS', place: 'Hà Nội' },
  draftingUnit: 'CNTT',
  number: 5,
  issuedOn: '2024-01-16',
  subject: 'tăng cường bảo đảm an toàn, an ninh mạng cho các hệ thống thông tin',
  addresseeLines: [
    'Thủ trưởng các đơn vị thuộc Tổng cục Thi hành án dân sự',
    'Cục trưởng Cục THADS các tỉnh, thành phố trực thuộc Trung ương',
  ],
  opening:
    'Thực hiện chỉ đạo của Thủ tướng Chính phủ Phạm Minh Chính (Văn bản số 2647/VPCP-KSTT ngày 31/7/2023 ' +
    'của Văn phòng Chính phủ) và Công văn số 164/A05-P7 ngày 11/01/2024 của Cục An ninh mạng và phòng, ' +
    'chống tội phạm sử dụng công nghệ cao – Bộ Công an, Tổng cục Thi hành án dân sự (THADS) yêu cầu Thủ ' +
    'trưởng các đơn vị thuộc Tổng cục, Cục trưởng Cục THADS các tỉnh, thành phố trực thuộc Trung ương ' +
    'thực hiện một số nội dung để đảm bảo an toàn, an ninh mạng cho các Hệ thống thông tin tại Bộ Tư pháp, ' +
    'cụ thể như sau:',
  requirements: [
    {
      n: 1,
      text: [
        'Quán triệt, nâng cao nhận thức về chấp hành công tác bảo đảm an toàn, an ninh thông tin mạng cho ' +
          'cán bộ, công chức, viên chức và người lao động trong việc sử dụng các tài khoản đã được cấp để ' +
          'đăng nhập các hệ thống thông tin của Bộ, ngành.',
        '- Khi sử dụng tài khoản để đăng nhập các hệ thống thông tin của Bộ, ngành phải thực hiện trên các ' +
          'thiết bị bảo đảm an toàn, an ninh mạng; Định kỳ 03 tháng thay đổi mật khẩu tài khoản đang được ' +
          'giao sử dụng để đăng nhập các Hệ thống thông tin.',
        '- Không được lưu trữ các tài khoản đăng nhập vào các hệ thống thông tin của Bộ, ngành trên các ' +
          'trình duyệt web.',
        '- Không sử dụng thư điện tử công vụ để đăng ký tham gia các Hệ thống khác không phục vụ trong công việc.',
      ].join('\n'),
    },
    {
      n: 2,
      text: [
        'Thực hiện ngay một số yêu cầu của Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao ' +
          '– Bộ Công an',
        '- Yêu cầu công chức, viên chức thực hiện thay đổi ngay mật khẩu các tài khoản đang được cấp sử ' +
          'dụng để đăng nhập các hệ thống thông tin.',
        '- Thông báo, quán triệt cho công chức, viên chức và người lao động đã bị lộ lọt tài khoản đăng nhập ' +
          'hệ thống thư điện tử công vụ trên không gian mạng, đồng thời có công văn gửi về Cục Công nghệ ' +
          'thông tin – Bộ Tư pháp để cấp lại mật khẩu cho các tài khoản này.',
      ].join('\n'),
    },
  ],
  closing:
    'Tổng cục THADS đề nghị Thủ trưởng các đơn vị thuộc Tổng cục THADS, Cục trưởng Cục THADS các tỉnh, ' +
    'thành phố trực thuộc Trung ương nghiêm túc triển khai, thực hiện./.',
  copies: [
    { label: 'Thứ trưởng Mai Lương Khôi', purpose: 'để b/c' },
    { label: 'TCT Nguyễn Quang Thái', purpose: 'để b/c' },
  ],
  archive: ['VT', 'TT'],
  signer: { authority: 'KT', headTitle: 'TỔNG CỤC TRƯỞNG', position: 'PHÓ TỔNG CỤC TRƯỞNG', name: 'Nguyễn Văn Lực' },
  draft: false,
};
