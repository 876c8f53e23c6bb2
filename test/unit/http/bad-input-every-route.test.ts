import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type * as z from 'zod/mini';
import { routes, type RouteDef } from '../../../functions/routes';
import { routeDocs } from '../../../shared/schemas/openapi';
import { apiEvent, lambdaContext } from '../../support/events';

/**
 * "Bad input gets a 4xx that names each wrong field, in Vietnamese and English, and writes nothing",
 * checked on every route of the route table that takes input, not only on the few handler.test.ts picks.
 *
 * Nothing here may reach AWS: the DynamoDB document client, S3 and SES are replaced by stubs that record
 * the call and throw, and no configuration is set (so any other path to AWS would fail config() with a 500,
 * never a 4xx). A route that touched any of them before refusing bad input would fail here.
 */
const touched = vi.hoisted(() => [] as string[]);
vi.mock('../../../shared/data/client', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../shared/data/client')>();
  return {
    ...original,
    db: () => {
      touched.push('dynamodb');
      throw new Error('DynamoDB touched before validation');
    },
  };
});
vi.mock('../../../shared/pdf/store', async (importOriginal) => {
  const original = await importOriginal<Record<string, unknown>>();
  const stubbed = Object.fromEntries(
    Object.entries(original).map(([name, value]) => [
      name,
      typeof value === 'function'
        ? (..._args: unknown[]) => {
            touched.push(`s3:${name}`);
            throw new Error('S3 touched before validation');
          }
        : value,
    ]),
  );
  return stubbed;
});
vi.mock('../../../shared/mail/mailer', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../shared/mail/mailer')>();
  return {
    ...original,
    sesMailer: {
      send: async () => {
        touched.push('ses');
        throw new Error('SES touched before validation');
      },
    },
  };
});

type Handler = (event: never, context: never) => Promise<unknown>;
type Result = { statusCode: number; body: string; headers: Record<string, string> };
interface FieldError {
  field: string;
  vi: string;
  en: string;
}

const handlers = new Map<string, Handler>();
async function call(route: RouteDef, opts: Parameters<typeof apiEvent>[0]) {
  const handler = handlers.get(route.id)!;
  const res = (await handler(apiEvent({ method: route.method, path: route.path, ...opts }) as never, lambdaContext as never)) as Result;
  let json: { error?: { code: string; message: string; messageEn: string; fields?: FieldError[] } } | undefined;
  try {
    json = res.body ? JSON.parse(res.body) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, json, text: res.body };
}

/** A user holding a role the route table allows, so authorization passes and validation is what answers. */
const userFor = (route: RouteDef) => (route.access === 'public' ? undefined : { id: 'u-test', roles: [route.access[0]!] });

/** Vietnamese text: has at least one letter with a Vietnamese diacritic; English text: plain ASCII. */
const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/iu;
const ASCII = /^[\x20-\x7e]+$/;

function expectBilingualRefusal(
  res: Awaited<ReturnType<typeof call>>,
  status: number,
  code: string,
  label: string,
): NonNullable<NonNullable<typeof res.json>['error']> {
  expect(res.status, `${label}: ${res.text}`).toBe(status);
  const error = res.json?.error;
  expect(error, label).toBeDefined();
  expect(error!.code, label).toBe(code);
  expect(error!.message, label).toMatch(VIETNAMESE);
  expect(error!.messageEn, label).toMatch(ASCII);
  expect(error!.message, label).not.toBe(error!.messageEn);
  for (const f of error!.fields ?? []) {
    expect(f.vi, `${label} ${f.field}`).toMatch(VIETNAMESE);
    expect(f.en, `${label} ${f.field}`).toMatch(ASCII);
    // Each text names its field (the whole body is named "Nội dung" / "Body").
    if (f.field !== '(body)') {
      expect(f.vi.startsWith(f.field), `${label}: ${f.vi}`).toBe(true);
      expect(f.en.startsWith(f.field), `${label}: ${f.en}`).toBe(true);
    }
  }
  return error!;
}

const protectedWriteRoutes = routes.filter((r) => r.access !== 'public' && ['POST', 'PUT', 'PATCH'].includes(r.method));
const jsonBodyRoutes = protectedWriteRoutes.filter((r) => routeDocs[r.id]?.request?.body);

/**
 * The explicit, small list of protected write routes that take no JSON body, with why. A new write
 * route must either declare a JSON body schema (and is then tested below) or be added here.
 */
const NO_JSON_BODY: Record<string, string> = {
  'directory-import': 'takes text/csv (checked below: a wrong content type is 415 before anything is read)',
  'people-import': 'takes text/csv (checked below: a wrong content type is 415 before anything is read)',
  'recipients-link-resend': 'takes no body: its only input is the path, checked in the path-parameter test',
  'recipients-link-revoke': 'takes no body: its only input is the path, checked in the path-parameter test',
  'recipients-remind': 'takes no body: its only input is the path, checked in the path-parameter test',
  'dispatches-remind': 'takes no body: its only input is the path, checked in the path-parameter test',
  'queues-replay': 'takes no body: its only input is the queue id in the path, checked in the path-parameter test',
  'dispatches-copy': 'takes no body: its only input is the dispatch id in the path, checked in the path-parameter test',
  'agencies-seal-image-put': 'takes image/png (test/integration/signature-images.test.ts: wrong type 415, over 512 KB 413, not a PNG 415, no transparency 400)',
  'people-signature-image-put': 'takes image/png (test/integration/signature-images.test.ts: wrong type 415, over 512 KB 413, not a PNG 415, no transparency 400)',
  'me-signature-image-put': 'takes image/png (test/integration/signature-images.test.ts: wrong type 415, over 512 KB 413, not a PNG 415, no transparency 400)',
  'signing-identities-chain': 'takes application/pem-certificate-chain (checked below: a wrong content type is 415 before anything is read)',
};

/** Routes whose handler is known to touch the database before validating: none. */
const TOUCHES_DB_BEFORE_VALIDATING: Record<string, string> = {};

/** Valid path parameters, so that only the body is wrong. */
const validParams = (route: RouteDef) =>
  Object.fromEntries([...route.path.matchAll(/\{(\w+)\+?\}/g)].map(([, name]) => [name!, 'ok-id_1']));

/** Unwraps optional/default/nullable/pipe wrappers down to the schema that says the field's type. */
function baseType(schema: z.ZodMiniType): { type: string; options?: string[] } {
  let s = schema as unknown as { def: { type: string; innerType?: unknown; in?: unknown; entries?: Record<string, string> } };
  for (let i = 0; i < 10; i++) {
    const t = s.def.type;
    if ((t === 'optional' || t === 'default' || t === 'nullable' || t === 'prefault') && s.def.innerType) s = s.def.innerType as typeof s;
    else if (t === 'pipe' && s.def.in) s = s.def.in as typeof s;
    else break;
  }
  return { type: s.def.type, ...(s.def.entries ? { options: Object.values(s.def.entries) } : {}) };
}

/** For every top-level field of the body schema, a value of the wrong type and the type the message must name. */
function wrongTypeCases(schema: z.ZodMiniType): { field: string; value: unknown; expected: { vi: string; en: string } }[] {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodMiniType> }).shape;
  if (!shape) return [];
  const cases = [];
  for (const [field, fieldSchema] of Object.entries(shape)) {
    const { type, options } = baseType(fieldSchema);
    if (type === 'enum') {
      // An enum names its allowed values rather than "a string".
      const list = options!.join(', ');
      cases.push({ field, value: 12345, expected: { vi: `phải là một trong: ${list}`, en: `must be one of: ${list}` } });
    } else if (type === 'string') cases.push({ field, value: 12345, expected: { vi: 'phải là chuỗi ký tự', en: 'must be a string' } });
    else if (type === 'number') cases.push({ field, value: 'mười', expected: { vi: 'phải là số', en: 'must be a number' } });
    else if (type === 'boolean') cases.push({ field, value: 'có', expected: { vi: 'phải là true/false', en: 'must be a boolean' } });
    else if (type === 'array') cases.push({ field, value: { a: 1 }, expected: { vi: 'phải là danh sách', en: 'must be a list' } });
    else if (type === 'object') cases.push({ field, value: [1], expected: { vi: 'phải là đối tượng', en: 'must be an object' } });
  }
  return cases;
}

beforeAll(async () => {
  // No configuration: any path to AWS other than the stubs fails config(), which would be a 500.
  for (const key of ['TABLE_NAME', 'PDF_BUCKET', 'DYNAMODB_ENDPOINT', 'S3_ENDPOINT', 'SES_ENDPOINT']) delete process.env[key];
  for (const route of routes) {
    if (route.path.startsWith('/app/')) continue;
    const mod = (await import(/* @vite-ignore */ path.resolve(route.entry))) as { handler: Handler };
    handlers.set(route.id, mod.handler);
  }
}, 120_000);

describe('every protected write route is classified', () => {
  it('takes a JSON body (documented schema) or is in the short, explained list of routes without one', () => {
    const without = protectedWriteRoutes.filter((r) => !routeDocs[r.id]?.request?.body).map((r) => r.id);
    expect(without.sort()).toEqual(Object.keys(NO_JSON_BODY).sort());
    expect(jsonBodyRoutes.length).toBeGreaterThanOrEqual(13);
    expect(Object.keys(TOUCHES_DB_BEFORE_VALIDATING)).toEqual([]);
  });
});

describe.each(jsonBodyRoutes.map((r) => [r.id, r] as const))('%s: bad JSON input is refused before anything is touched', (_id, route) => {
  const base = () => ({ user: userFor(route), pathParameters: validParams(route) });
  const schema = routeDocs[route.id]!.request!.body!;

  it('(a) malformed JSON → 400 naming the body, in both languages', async () => {
    touched.length = 0;
    for (const body of ['{"subject":', '{subject: 1}', "{'a':1}", '{"a":1,}', '\u0000']) {
      const res = await call(route, { ...base(), body });
      const error = expectBilingualRefusal(res, 400, 'validation', `${route.id} ${JSON.stringify(body)}`);
      expect(error.fields).toEqual([{ field: '(body)', vi: 'Nội dung không phải JSON hợp lệ.', en: 'The body is not valid JSON.' }]);
    }
    expect(touched).toEqual([]);
  });

  it('(b) a JSON array, a string, a number, null or no body at all → 400 for the body as a whole', async () => {
    touched.length = 0;
    const cases: [string | undefined, FieldError][] = [
      ['[]', { field: '(body)', vi: 'Nội dung phải là đối tượng', en: 'Body must be an object' }],
      ['[{"version":1}]', { field: '(body)', vi: 'Nội dung phải là đối tượng', en: 'Body must be an object' }],
      ['"văn bản"', { field: '(body)', vi: 'Nội dung phải là đối tượng', en: 'Body must be an object' }],
      ['42', { field: '(body)', vi: 'Nội dung phải là đối tượng', en: 'Body must be an object' }],
      ['null', { field: '(body)', vi: 'Nội dung phải là đối tượng', en: 'Body must be an object' }],
      [undefined, { field: '(body)', vi: 'Nội dung là bắt buộc', en: 'Body is required' }],
    ];
    for (const [body, expected] of cases) {
      const res = await call(route, { ...base(), ...(body === undefined ? {} : { body }) });
      const error = expectBilingualRefusal(res, 400, 'validation', `${route.id} ${body}`);
      expect(error.fields).toEqual([expected]);
    }
    expect(touched).toEqual([]);
  });

  it('(c) each known field with the wrong type → 400 naming exactly that field, in both languages', async () => {
    touched.length = 0;
    const cases = wrongTypeCases(schema);
    expect(cases.length, 'the body schema has typed fields').toBeGreaterThan(0);
    for (const { field, value, expected } of cases) {
      const res = await call(route, { ...base(), body: JSON.stringify({ [field]: value }) });
      const error = expectBilingualRefusal(res, 400, 'validation', `${route.id}.${field}`);
      const named = error.fields!.filter((f) => f.field === field);
      expect(named, `${route.id}: ${JSON.stringify(error.fields)}`).toEqual([{ field, vi: `${field} ${expected.vi}`, en: `${field} ${expected.en}` }]);
      // The other (missing) fields are named too, each once: one 400 lists every problem.
      const names = error.fields!.map((f) => f.field);
      expect(new Set(names).size).toBe(names.length);
    }
    expect(touched).toEqual([]);
  });

  it('(d) an unknown field is named; a non-JSON content type is 415; an over-large body is 413', async () => {
    touched.length = 0;
    const res = await call(route, { ...base(), body: JSON.stringify({ colour: 'red' }) });
    const error = expectBilingualRefusal(res, 400, 'validation', route.id);
    expect(error.fields).toContainEqual({ field: 'colour', vi: 'colour là trường không được phép', en: 'colour is not an allowed field' });

    const form = await call(route, { ...base(), body: 'version=1', contentType: 'application/x-www-form-urlencoded' });
    expectBilingualRefusal(form, 415, 'unsupported_media_type', route.id);

    const huge = await call(route, { ...base(), body: JSON.stringify({ subject: 'x'.repeat(1_000_001) }) });
    expectBilingualRefusal(huge, 413, 'payload_too_large', route.id);
    expect(touched).toEqual([]);
  });
});

describe.each(['directory-import', 'people-import'])('%s (text/csv)', (id) => {
  it('refuses a JSON body with 415 before reading anything', async () => {
    touched.length = 0;
    const route = routes.find((r) => r.id === id)!;
    const res = await call(route, { user: userFor(route), body: '{"id":"x"}', contentType: 'application/json' });
    expectBilingualRefusal(res, 415, 'unsupported_media_type', route.id);
    expect(res.json!.error!.messageEn).toContain('text/csv');
    expect(touched).toEqual([]);
  });
});

describe('signing-identities-chain (application/pem-certificate-chain)', () => {
  it('refuses a JSON body with 415 before reading anything', async () => {
    touched.length = 0;
    const route = routes.find((r) => r.id === 'signing-identities-chain')!;
    const res = await call(route, { user: userFor(route), pathParameters: validParams(route), body: '{"id":"x"}', contentType: 'application/json' });
    expectBilingualRefusal(res, 415, 'unsupported_media_type', route.id);
    expect(res.json!.error!.messageEn).toContain('application/pem-certificate-chain');
    expect(touched).toEqual([]);
  });
});

describe('path parameters', () => {
  // Every route with {…} parameters except the staff pages' catch-all `{path+}` (HTML pages, their own 404).
  const withParams = routes.filter((r) => /\{\w+\}/.test(r.path) && !r.path.startsWith('/app/'));

  it('covers every API route with path parameters', () => {
    expect(withParams.length).toBeGreaterThanOrEqual(25);
    expect(routes.filter((r) => /\{/.test(r.path) && !withParams.includes(r)).map((r) => r.id).sort()).toEqual(['web-export', 'web-get', 'web-post', 'web-sign']);
  });

  // Ids are letters, digits, - and _, at most 64 characters: anything else is a 400 naming `path.<name>`.
  const idRoutes = withParams.filter((r) => r.id !== 'link-open');
  it.each(idRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s: an over-long or malformed id → 400 naming path.<name>', async (_label, route) => {
    touched.length = 0;
    const names = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, n]) => n!);
    const body = routeDocs[route.id]?.request?.body ? '{}' : undefined;
    for (const name of names) {
      for (const [bad, vi, en] of [
        ['x'.repeat(65), 'dài quá 64 ký tự', 'must have at most 64 characters'],
        ['../x', 'chỉ gồm chữ, chữ số, dấu - và _', 'may contain only letters, digits, - and _'],
        ['a b', 'chỉ gồm chữ, chữ số, dấu - và _', 'may contain only letters, digits, - and _'],
        ['đơn-vị', 'chỉ gồm chữ, chữ số, dấu - và _', 'may contain only letters, digits, - and _'],
      ] as const) {
        const pathParameters = { ...validParams(route), [name]: bad };
        const res = await call(route, { user: userFor(route), pathParameters, ...(body ? { body } : {}) });
        const error = expectBilingualRefusal(res, 400, 'validation', `${route.id} ${name}=${bad}`);
        expect(error.fields!.filter((f) => f.field.startsWith('path.'))).toEqual([{ field: `path.${name}`, vi: `path.${name} ${vi}`, en: `path.${name} ${en}` }]);
      }
    }
    expect(touched).toEqual([]);
  });

  it('GET /l/{token}: an over-long token → 400 naming path.token, before any lookup', async () => {
    touched.length = 0;
    const route = routes.find((r) => r.id === 'link-open')!;
    const res = await call(route, { pathParameters: { token: 'A'.repeat(201) } });
    const error = expectBilingualRefusal(res, 400, 'validation', route.id);
    expect(error.fields).toEqual([{ field: 'path.token', vi: 'path.token dài quá 200 ký tự', en: 'path.token must have at most 200 characters' }]);
    expect(touched).toEqual([]);
  });
});

describe('the guard itself', () => {
  it('would catch a database access: a valid request does reach the (stubbed) DynamoDB client', async () => {
    touched.length = 0;
    const route = routes.find((r) => r.id === 'dispatches-submit')!;
    const res = await call(route, { user: userFor(route), pathParameters: { dispatchId: 'd-1' }, body: '{"version":1}' });
    expect(res.status).toBe(500);
    expect(touched).toContain('dynamodb');
    touched.length = 0;
  });
});
