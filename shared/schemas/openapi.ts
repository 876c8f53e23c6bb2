import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { ZodObject } from 'zod';
import * as z from 'zod/mini';
import { classicTwin } from './classic-twin';
import { agencyCodeParams, agencyInputSchema, agencyUpdateSchema } from './agency';
import { peopleQuery, personIdParams, personInputSchema, personUpdateSchema } from './person';
import {
  commentedTransitionSchema,
  deleteDraftQuery,
  dispatchInputSchema,
  auditQuery,
  dispatchIdParams,
  listDispatchesQuery,
  recipientsQuery,
  registerQuery,
  transitionSchema,
  updateDispatchSchema,
} from './dispatch';
import { directiveIdParams, directiveInputSchema, listDirectivesQuery, updateDirectiveSchema, withdrawDirectiveSchema } from './directive';
import { groupIdParams, groupInputSchema, groupUpdateSchema, unitFromExternalSchema, unitIdParams, unitInputSchema, unitUpdateSchema, unitsQuery } from './directory';
import { queueIdParams } from './queues';
import { reminderRunsSchema, remindAllAnswerSchema, unitLetterAnswerSchema } from './reminders';
import { PEM_CHAIN_MEDIA_TYPE, PKCS10_MEDIA_TYPE, signingIdentityParams } from './signing-identity';
import { accountOutcomeSchema, directiveSummaryParams, directiveSummaryQuery, recipientParams, resetRequestParams, resetRequestsQuery } from './progress';

type Request = { body?: z.ZodMiniType; query?: z.ZodMiniObject; params?: z.ZodMiniObject; bodyType?: string };
/** The success answer when it is documented: its status (200, or 202 for work put on a queue) and JSON shape. */
type Response = { status: 200 | 202; description: string; schema: z.ZodMiniType };

/** Request shapes per route id; every route in the route table must appear here (a unit test checks). */
export const routeDocs: Record<string, { summary: string; request?: Request; responseType?: string; response?: Response }> = {
  'home-redirect': { summary: 'Chuyển tới trang web cho cán bộ / Redirects to the staff web pages' },
  health: { summary: 'Tình trạng dịch vụ / Health check' },
  openapi: { summary: 'Tài liệu OpenAPI / This OpenAPI document' },
  me: { summary: 'Người dùng hiện tại / Current user' },
  'me-signature-image-get': { summary: 'Hình ảnh chữ ký của tôi (PNG) / My signature image (PNG)', responseType: 'image/png' },
  'me-signature-image-put': {
    summary: 'Tải lên hình ảnh chữ ký của tôi: PNG màu xanh, nền trong suốt, tối đa 512 KB / Upload my signature image: blue PNG, transparent background, at most 512 KB',
    request: { bodyType: 'image/png' },
  },
  'units-list': { summary: 'Danh sách đơn vị / List units', request: { query: unitsQuery } },
  'units-get': { summary: 'Xem đơn vị / Get a unit', request: { params: unitIdParams } },
  'units-create': { summary: 'Thêm đơn vị / Create a unit', request: { body: unitInputSchema } },
  'units-from-external': {
    summary: 'Chuyển nơi nhận ngoài danh bạ thành đơn vị / Make a directory unit of a recipient outside the directory',
    request: { body: unitFromExternalSchema },
  },
  'units-update': { summary: 'Sửa đơn vị / Update a unit', request: { params: unitIdParams, body: unitUpdateSchema } },
  'groups-list': { summary: 'Danh sách nhóm / List groups' },
  'groups-get': { summary: 'Xem nhóm / Get a group', request: { params: groupIdParams } },
  'groups-create': { summary: 'Thêm nhóm / Create a group', request: { body: groupInputSchema } },
  'groups-update': { summary: 'Sửa nhóm / Update a group', request: { params: groupIdParams, body: groupUpdateSchema } },
  'directory-export': { summary: 'Xuất danh bạ đơn vị (CSV) / Export units as CSV', responseType: 'text/csv' },
  'directory-import': { summary: 'Nhập danh bạ đơn vị (CSV) / Import units from CSV', request: { bodyType: 'text/csv' } },
  'agencies-list': { summary: 'Danh sách cơ quan ban hành / List issuing agencies' },
  'agencies-get': { summary: 'Xem cơ quan ban hành / Get an issuing agency', request: { params: agencyCodeParams } },
  'agencies-create': { summary: 'Thêm cơ quan ban hành / Create an issuing agency', request: { body: agencyInputSchema } },
  'agencies-update': { summary: 'Sửa cơ quan ban hành / Update an issuing agency', request: { params: agencyCodeParams, body: agencyUpdateSchema } },
  'agencies-seal-image-get': { summary: 'Hình ảnh con dấu của cơ quan (PNG) / The agency\'s seal image (PNG)', request: { params: agencyCodeParams }, responseType: 'image/png' },
  'agencies-seal-image-put': {
    summary: 'Tải lên hình ảnh con dấu: PNG màu đỏ, nền trong suốt, kích thước thực (pHYs), tối đa 512 KB / Upload the seal image: red PNG, transparent background, real size (pHYs), at most 512 KB',
    request: { params: agencyCodeParams, bodyType: 'image/png' },
  },
  'people-list': { summary: 'Danh sách cán bộ (lọc theo cơ quan, vai trò) / List people (by agency, role)', request: { query: peopleQuery } },
  'people-get': { summary: 'Xem cán bộ / Get a person', request: { params: personIdParams } },
  'people-create': { summary: 'Thêm cán bộ / Create a person', request: { body: personInputSchema } },
  'people-update': { summary: 'Sửa cán bộ (vai trò, hình thức ký, ngừng hoạt động) / Update a person (roles, signing forms, active)', request: { params: personIdParams, body: personUpdateSchema } },
  'people-signature-image-get': { summary: 'Hình ảnh chữ ký của cán bộ (PNG) / A person\'s signature image (PNG)', request: { params: personIdParams }, responseType: 'image/png' },
  'people-signature-image-put': {
    summary: 'Tải lên hình ảnh chữ ký của cán bộ: PNG màu xanh, nền trong suốt, tối đa 512 KB / Upload a person\'s signature image: blue PNG, transparent background, at most 512 KB',
    request: { params: personIdParams, bodyType: 'image/png' },
  },
  'people-export': { summary: 'Xuất danh sách cán bộ (CSV) / Export people as CSV', responseType: 'text/csv' },
  'people-import': { summary: 'Nhập danh sách cán bộ (CSV; tệp có lỗi không ghi gì) / Import people from CSV (a file with errors writes nothing)', request: { bodyType: 'text/csv' } },
  'signing-identities-csr': {
    summary:
      'Yêu cầu cấp chứng thư (PKCS#10, PEM) do chính khóa ký của cơ quan/người ký ký, để gửi CA chuyên dùng (agency-<mã>, person-<id>, hoặc mã/id) / A certificate signing request (PKCS#10, PEM) signed by the agency\'s or signer\'s own key, for the agency\'s CA (audited)',
    request: { params: signingIdentityParams },
    responseType: PKCS10_MEDIA_TYPE,
  },
  'signing-identities-chain': {
    summary:
      'Nhập chuỗi chứng thư CA trả về (PEM, chứng thư của khóa trước): kiểm tra khóa, chủ thể (UID), chuỗi tới gốc, mục đích sử dụng, hiệu lực; sai thì 400 và không lưu gì / Import the chain the CA returned (PEM, the key\'s certificate first): key, subject (UID), chain to a root, key usage and validity checked; any refusal is a 400 and stores nothing',
    request: { params: signingIdentityParams, bodyType: PEM_CHAIN_MEDIA_TYPE },
  },
  'directives-create': { summary: 'Đăng ký văn bản đến / Register an incoming directive', request: { body: directiveInputSchema } },
  'directives-list': { summary: 'Danh sách văn bản đến / List directives', request: { query: listDirectivesQuery } },
  'directives-get': { summary: 'Xem văn bản đến và các công văn trích dẫn / Get a directive and the dispatches citing it', request: { params: directiveIdParams } },
  'dispatches-create': { summary: 'Tạo dự thảo công văn / Create a draft dispatch', request: { body: dispatchInputSchema } },
  'directives-update': {
    summary: 'Sửa văn bản đến đăng ký nhầm (số, ký hiệu, ngày, cơ quan ban hành không đổi được khi đã có công văn trình ký/ban hành trích dẫn) / Correct a wrongly registered directive',
    request: { params: directiveIdParams, body: updateDirectiveSchema },
  },
  'directives-withdraw': {
    summary: 'Thu hồi văn bản đến đăng ký nhầm (giữ lại để tra cứu; không được khi còn công văn trích dẫn) / Withdraw a wrongly registered directive (kept for the record)',
    request: { params: directiveIdParams, body: withdrawDirectiveSchema },
  },
  'dispatches-list': { summary: 'Danh sách công văn / List dispatches', request: { query: listDispatchesQuery } },
  'dispatches-get': { summary: 'Xem công văn / Get a dispatch', request: { params: dispatchIdParams } },
  'dispatches-update': { summary: 'Sửa dự thảo / Edit a draft', request: { params: dispatchIdParams, body: updateDispatchSchema } },
  'dispatches-submit': { summary: 'Trình ký / Submit for signature', request: { params: dispatchIdParams, body: transitionSchema } },
  'dispatches-withdraw': { summary: 'Rút lại công văn đang chờ ký về dự thảo / Take a dispatch awaiting signature back to draft', request: { params: dispatchIdParams, body: commentedTransitionSchema } },
  'dispatches-copy': {
    summary: 'Sao chép công văn thành dự thảo mới (nội dung và nơi nhận; không số, không chữ ký) / Copy a dispatch into a new draft (content and recipients; no number, no signatures)',
    request: { params: dispatchIdParams },
  },
  'dispatches-delete': {
    summary: 'Xóa dự thảo (chỉ dự thảo; ghi nhật ký) / Delete a draft (drafts only; audited)',
    request: { params: dispatchIdParams, query: deleteDraftQuery },
  },
  'dispatches-sign': { summary: 'Ký / Sign', request: { params: dispatchIdParams, body: transitionSchema } },
  'dispatches-return': { summary: 'Trả lại kèm ý kiến / Return with a comment', request: { params: dispatchIdParams, body: commentedTransitionSchema } },
  'dispatches-issue': { summary: 'Cấp số và ban hành / Number and issue', request: { params: dispatchIdParams, body: transitionSchema } },
  'dispatches-recall': { summary: 'Thu hồi / Recall', request: { params: dispatchIdParams, body: commentedTransitionSchema } },
  'dispatches-recipients': { summary: 'Nơi nhận và trạng thái gửi thư, từng trang / Recipients and mail status, a page at a time', request: { params: dispatchIdParams, query: recipientsQuery } },
  'dispatches-audit': { summary: 'Nhật ký thao tác / Audit trail', request: { params: dispatchIdParams, query: auditQuery } },
  'dispatches-audit-verify': {
    summary: 'Kiểm tra tính nguyên vẹn của nhật ký thao tác / Whether the audit trail is intact (hash chains, heads, latest seal)',
    request: { params: dispatchIdParams },
  },
  'audit-verify': { summary: 'Kiểm tra toàn bộ nhật ký thao tác / Verify every audit chain (administrators)' },
  'queues-replay': {
    summary: 'Đưa thư bị gác lại của một hàng đợi trở lại hàng đợi / Put the messages parked in a queue\'s dead-letter queue back on the queue (administrators)',
    request: { params: queueIdParams },
  },
  'dispatches-pdf': { summary: 'Tệp PDF (dự thảo hoặc bản ban hành) / The PDF (draft preview or issued file)', request: { params: dispatchIdParams }, responseType: 'application/pdf' },
  'register-list': { summary: 'Sổ văn bản đi / Outgoing register', request: { query: registerQuery } },
  'verify-form': { summary: 'Trang tải lên tệp PDF để xác thực / Page to upload a PDF for verification', responseType: 'text/html' },
  'verify-page': {
    summary:
      'Trang xác thực văn bản đã ban hành (HTML; JSON nếu Accept: application/json) / Verification page of an issued document (HTML; JSON with Accept: application/json)',
    request: { params: dispatchIdParams },
    responseType: 'text/html',
  },
  'verify-upload': {
    summary:
      'Xác thực tệp PDF tải lên (tối đa 4 MB): application/pdf → JSON, hoặc biểu mẫu multipart/form-data (trường file) → HTML / Verify an uploaded PDF (at most 4 MB): application/pdf → JSON, or a multipart/form-data form (field file) → HTML',
    request: { bodyType: 'application/pdf' },
  },
  'link-open': {
    summary: 'Mở liên kết trong thư: ghi nhận lần mở đầu, chuyển mã vào cookie rồi chuyển hướng 303 tới /l / Open the emailed link: records the first opening, moves the token into a cookie, 303 to /l',
    request: { params: z.object({ token: z.string() }) },
    responseType: 'text/html',
  },
  'link-page': { summary: 'Trang của đơn vị nhận (mã trong cookie) / The unit\'s page (token in the cookie)', responseType: 'text/html' },
  'link-pdf': { summary: 'Tệp PDF công văn cho đơn vị nhận / The dispatch PDF for the unit', responseType: 'application/pdf' },
  'link-acknowledge': { summary: 'Xác nhận đã nhận (biểu mẫu: csrf, name, position) / Acknowledge receipt (form)', request: { bodyType: 'application/x-www-form-urlencoded' }, responseType: 'text/html' },
  'link-report': { summary: 'Báo cáo kết quả theo từng yêu cầu (biểu mẫu: csrf, status.n, note.n, doneOn.n) / Report per requirement (form)', request: { bodyType: 'application/x-www-form-urlencoded' }, responseType: 'text/html' },
  'link-accounts': { summary: 'Gửi danh sách tài khoản cần cấp lại mật khẩu / thu hồi (biểu mẫu: csrf, reset, revoke, name, position) / Accounts to reset or revoke (form)', request: { bodyType: 'application/x-www-form-urlencoded' }, responseType: 'text/html' },
  'dispatches-summary': { summary: 'Tổng hợp tình hình thực hiện của công văn / Progress counts of a dispatch', request: { params: dispatchIdParams } },
  'directives-summary': { summary: 'Tổng hợp theo văn bản chỉ đạo / Progress rolled up over the dispatches citing a directive', request: { params: directiveSummaryParams, query: directiveSummaryQuery } },
  'dispatches-report-csv': { summary: 'Xuất báo cáo kết quả thực hiện (CSV) / Completion report as CSV', request: { params: dispatchIdParams }, responseType: 'text/csv' },
  'dispatches-report-xlsx': { summary: 'Xuất báo cáo kết quả thực hiện (XLSX) / Completion report as XLSX', request: { params: dispatchIdParams }, responseType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  'recipients-remind': {
    summary: 'Nhắc một đơn vị ngay (kèm đường liên kết mới): 202, thư đã xếp hàng, gửi từ hàng đợi; bấm lại trong một phút (kể cả sang phút mới) không gửi thêm / Remind one unit now (with a fresh link): 202, the letter queued and sent from the mail queue; a click within a minute of the last (even across a minute\'s turn) sends nothing more',
    request: { params: recipientParams },
    response: { status: 202, description: 'Đã xếp hàng (lượt của đơn vị) / Queued (the unit\'s run)', schema: unitLetterAnswerSchema },
  },
  'dispatches-remind': {
    summary: 'Nhắc ngay mọi đơn vị chưa hoàn thành: 202, lượt nhắc đã xếp hàng / Remind every unit that still owes something: 202, the reminder run, queued',
    request: { params: dispatchIdParams },
    response: { status: 202, description: 'Lượt nhắc đã bắt đầu / The reminder run, started', schema: remindAllAnswerSchema },
  },
  'dispatches-reminder-runs': {
    summary: 'Các lượt nhắc việc gần nhất và tiến độ / The latest reminder runs and their progress',
    request: { params: dispatchIdParams },
    response: { status: 200, description: 'Mới nhất trước / Newest first', schema: reminderRunsSchema },
  },
  'recipients-link-resend': {
    summary: 'Gửi lại đường liên kết mới: 202, thư đã xếp hàng; liên kết cũ hết hiệu lực khi thư mới đã gửi; thư ban hành đã thất bại thì được ghi là đã gửi / Resend a unit\'s link, fresh: 202, the letter queued; the old link stops working once the new one is sent; a unit whose issue e-mail had failed then shows as sent',
    request: { params: recipientParams },
    response: { status: 202, description: 'Đã xếp hàng (lượt của đơn vị) / Queued (the unit\'s run)', schema: unitLetterAnswerSchema },
  },
  'recipients-link-revoke': { summary: 'Thu hồi đường liên kết của đơn vị / Revoke a unit\'s link', request: { params: recipientParams } },
  'reset-requests-list': { summary: 'Danh sách đề nghị cấp lại mật khẩu / thu hồi tài khoản / Queue of reset requests', request: { query: resetRequestsQuery } },
  'reset-requests-get': { summary: 'Xem đề nghị và nhật ký / A reset request with its audit trail', request: { params: resetRequestParams } },
  'reset-requests-pdf': { summary: 'Văn bản đề nghị của đơn vị (PDF) / The unit\'s request letter (PDF)', request: { params: resetRequestParams }, responseType: 'application/pdf' },
  'reset-requests-account': { summary: 'Ghi kết quả xử lý một tài khoản / Mark one account reset, revoked or rejected', request: { params: resetRequestParams, body: accountOutcomeSchema } },
};

const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string().register(z.globalRegistry, { description: 'Tiếng Việt' }),
      messageEn: z.string(),
      fields: z.optional(z.array(z.object({ field: z.string(), vi: z.string(), en: z.string() }))),
      details: z.optional(z.record(z.string(), z.unknown())),
    }),
  })
  .register(z.globalRegistry, { id: 'Error' });

let cached: object | undefined;

/** The classic twin of a params or query object, typed as the generator takes it. */
const twinObject = (schema: z.ZodMiniObject) => classicTwin(schema) as ZodObject;

/** What the document needs of a route-table row (functions/routes.ts, passed in by the edge). */
export interface DocumentedRoute {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly access: 'public' | readonly string[];
}

export function openApiDocument(routes: readonly DocumentedRoute[], serverUrl?: string): object {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  // The generator reads classic zod's members: it is given the classic twin of each (mini) schema.
  const error = classicTwin(errorSchema);
  const bearer = registry.registerComponent('securitySchemes', 'cognito', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  for (const route of routes) {
    const doc = routeDocs[route.id];
    if (!doc) continue;
    const req = doc.request ?? {};
    registry.registerPath({
      method: route.method.toLowerCase() as 'get',
      path: route.path,
      operationId: route.id,
      summary: doc.summary,
      ...(route.access === 'public' ? {} : { security: [{ [bearer.name]: [] }], description: `Vai trò / roles: ${route.access.join(', ')}` }),
      request: {
        ...(req.params ? { params: twinObject(req.params) } : {}),
        ...(req.query ? { query: twinObject(req.query) } : {}),
        ...(req.body ? { body: { content: { 'application/json': { schema: classicTwin(req.body) } } } } : {}),
        ...(req.bodyType ? { body: { content: { [req.bodyType]: { schema: classicTwin(z.string()) } } } } : {}),
      },
      responses: {
        ...(doc.response
          ? { [doc.response.status]: { description: doc.response.description, content: { 'application/json': { schema: classicTwin(doc.response.schema) } } } }
          : { 200: { description: 'OK', content: { [doc.responseType ?? 'application/json']: { schema: classicTwin(z.unknown()) } } } }),
        400: { description: 'Dữ liệu không hợp lệ / Invalid input', content: { 'application/json': { schema: error } } },
        ...(route.access === 'public' ? {} : { 401: { description: 'Cần đăng nhập / Sign-in required' }, 403: { description: 'Không đủ quyền / Forbidden', content: { 'application/json': { schema: error } } } }),
        404: { description: 'Không tìm thấy / Not found', content: { 'application/json': { schema: error } } },
        409: { description: 'Xung đột trạng thái hoặc phiên bản / State or version conflict', content: { 'application/json': { schema: error } } },
      },
    });
  }
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Theo dõi công văn / Official correspondence tracker', version: '0.1.0' },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
  });
  return cached;
}
