import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { routes } from '../../functions/routes';
import { z } from './common';
import {
  commentedTransitionSchema,
  dispatchContentSchema,
  dispatchIdParams,
  listDispatchesQuery,
  registerQuery,
  transitionSchema,
  updateDispatchSchema,
} from './dispatch';
import { directiveIdParams, directiveInputSchema, listDirectivesQuery } from './directive';
import { groupIdParams, groupInputSchema, groupUpdateSchema, unitIdParams, unitInputSchema, unitUpdateSchema, unitsQuery } from './directory';

type Request = { body?: z.ZodType; query?: z.ZodObject; params?: z.ZodObject; bodyType?: string };

/** Request shapes per route id; every route in the route table must appear here (a unit test checks). */
export const routeDocs: Record<string, { summary: string; request?: Request; responseType?: string }> = {
  health: { summary: 'Tình trạng dịch vụ / Health check' },
  openapi: { summary: 'Tài liệu OpenAPI / This OpenAPI document' },
  me: { summary: 'Người dùng hiện tại / Current user' },
  'units-list': { summary: 'Danh sách đơn vị / List units', request: { query: unitsQuery } },
  'units-get': { summary: 'Xem đơn vị / Get a unit', request: { params: unitIdParams } },
  'units-create': { summary: 'Thêm đơn vị / Create a unit', request: { body: unitInputSchema } },
  'units-update': { summary: 'Sửa đơn vị / Update a unit', request: { params: unitIdParams, body: unitUpdateSchema } },
  'groups-list': { summary: 'Danh sách nhóm / List groups' },
  'groups-get': { summary: 'Xem nhóm / Get a group', request: { params: groupIdParams } },
  'groups-create': { summary: 'Thêm nhóm / Create a group', request: { body: groupInputSchema } },
  'groups-update': { summary: 'Sửa nhóm / Update a group', request: { params: groupIdParams, body: groupUpdateSchema } },
  'directory-export': { summary: 'Xuất danh bạ đơn vị (CSV) / Export units as CSV', responseType: 'text/csv' },
  'directory-import': { summary: 'Nhập danh bạ đơn vị (CSV) / Import units from CSV', request: { bodyType: 'text/csv' } },
  'directives-create': { summary: 'Đăng ký văn bản đến / Register an incoming directive', request: { body: directiveInputSchema } },
  'directives-list': { summary: 'Danh sách văn bản đến / List directives', request: { query: listDirectivesQuery } },
  'directives-get': { summary: 'Xem văn bản đến và các công văn trích dẫn / Get a directive and the dispatches citing it', request: { params: directiveIdParams } },
  'dispatches-create': { summary: 'Tạo dự thảo công văn / Create a draft dispatch', request: { body: dispatchContentSchema } },
  'dispatches-list': { summary: 'Danh sách công văn / List dispatches', request: { query: listDispatchesQuery } },
  'dispatches-get': { summary: 'Xem công văn / Get a dispatch', request: { params: dispatchIdParams } },
  'dispatches-update': { summary: 'Sửa dự thảo / Edit a draft', request: { params: dispatchIdParams, body: updateDispatchSchema } },
  'dispatches-submit': { summary: 'Trình ký / Submit for signature', request: { params: dispatchIdParams, body: transitionSchema } },
  'dispatches-sign': { summary: 'Ký / Sign', request: { params: dispatchIdParams, body: transitionSchema } },
  'dispatches-return': { summary: 'Trả lại kèm ý kiến / Return with a comment', request: { params: dispatchIdParams, body: commentedTransitionSchema } },
  'dispatches-issue': { summary: 'Cấp số và ban hành / Number and issue', request: { params: dispatchIdParams, body: transitionSchema } },
  'dispatches-recall': { summary: 'Thu hồi / Recall', request: { params: dispatchIdParams, body: commentedTransitionSchema } },
  'dispatches-recipients': { summary: 'Nơi nhận và trạng thái gửi thư / Recipients and mail status', request: { params: dispatchIdParams } },
  'dispatches-audit': { summary: 'Nhật ký thao tác / Audit trail', request: { params: dispatchIdParams } },
  'dispatches-pdf': { summary: 'Tệp PDF (dự thảo hoặc bản ban hành) / The PDF (draft preview or issued file)', request: { params: dispatchIdParams }, responseType: 'application/pdf' },
  'register-list': { summary: 'Sổ văn bản đi / Outgoing register', request: { query: registerQuery } },
  'link-open': { summary: 'Trang dành cho đơn vị nhận (liên kết trong thư) / The emailed link page', request: { params: z.object({ token: z.string() }) }, responseType: 'text/html' },
};

const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string().openapi({ description: 'Tiếng Việt' }),
      messageEn: z.string(),
      fields: z.array(z.object({ field: z.string(), vi: z.string(), en: z.string() })).optional(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .openapi('Error');

let cached: object | undefined;

export function openApiDocument(serverUrl?: string): object {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
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
        ...(req.params ? { params: req.params } : {}),
        ...(req.query ? { query: req.query } : {}),
        ...(req.body ? { body: { content: { 'application/json': { schema: req.body } } } } : {}),
        ...(req.bodyType ? { body: { content: { [req.bodyType]: { schema: z.string() } } } } : {}),
      },
      responses: {
        200: { description: 'OK', content: { [doc.responseType ?? 'application/json']: { schema: z.unknown() } } },
        400: { description: 'Dữ liệu không hợp lệ / Invalid input', content: { 'application/json': { schema: errorSchema } } },
        ...(route.access === 'public' ? {} : { 401: { description: 'Cần đăng nhập / Sign-in required' }, 403: { description: 'Không đủ quyền / Forbidden', content: { 'application/json': { schema: errorSchema } } } }),
        404: { description: 'Không tìm thấy / Not found', content: { 'application/json': { schema: errorSchema } } },
        409: { description: 'Xung đột trạng thái hoặc phiên bản / State or version conflict', content: { 'application/json': { schema: errorSchema } } },
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
