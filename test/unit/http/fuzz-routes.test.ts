import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { routes, type RouteDef } from '../../../functions/routes';
import { webPages, type WebPage } from '../../../functions/web/page-table';
import { routeDocs } from '../../../shared/schemas/openapi';
import { apiEvent, lambdaContext } from '../../support/events';

/**
 * Generated input on every route of the route tables (functions/routes.ts, functions/web/page-table.ts),
 * with fast-check: random paths with percent-escapes (valid and not), query strings, content types and
 * bodies (wrong JSON shapes, control, bidirectional and zero-width characters, huge strings).
 *
 * Asserted on every answer: never ≥ 500; a refusal (4xx) wrote nothing; every API 400 names its
 * field(s) in Vietnamese and English; a string carrying an invisible or text-direction character, put
 * into any string field of an otherwise plausible body, is refused with that field named.
 *
 * The handlers are called directly. DynamoDB, S3 and SES are stubs that record the call and answer
 * with a marker 404 ("reached the data layer"): input that passes validation stops there, and no
 * write can happen. Pages get a session from a stubbed `sessionFrom` (every role), so their forms and
 * CSRF checks run. `FUZZ_RUNS` (default 1000 per route) and `FUZZ_SEED` (default fixed) make
 * `npm run fuzz` a longer run; fast-check prints the seed and path of any failure to replay it.
 */
const env = vi.hoisted(() => {
  // Quiet logs (a warning per page's nav counts would flood the output) and a complete configuration,
  // so that no answer is a 500 of this harness rather than of the code under test.
  Object.assign(process.env, {
    POWERTOOLS_LOG_LEVEL: 'CRITICAL',
    TABLE_NAME: 'fuzz',
    PDF_BUCKET: 'fuzz',
    MAIL_FROM: 'fuzz@example.gov.vn',
    PUBLIC_BASE_URL: 'https://congvan.example.gov.vn',
    SIGNING_BACKEND: 'local',
  });
  for (const key of ['DYNAMODB_ENDPOINT', 'S3_ENDPOINT', 'SES_ENDPOINT', 'STAFF_HOSTED_UI_URL']) delete process.env[key];
  return { calls: [] as string[] };
});

const MARKER = 'fuzz: reached the data layer';
vi.mock('../../../shared/data/client', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../shared/data/client')>();
  const { AppError } = await import('../../../shared/errors');
  return {
    ...original,
    db: () => ({
      send: async (command: { constructor: { name: string }; input?: { Key?: { PK?: unknown }; Item?: { PK?: unknown } } }) => {
        env.calls.push(`dynamodb:${command.constructor.name}:${String(command.input?.Key?.PK ?? command.input?.Item?.PK ?? '')}`);
        throw new AppError('not_found', { vi: MARKER, en: MARKER });
      },
    }),
  };
});
vi.mock('../../../shared/pdf/store', async (importOriginal) => {
  const original = await importOriginal<Record<string, unknown>>();
  const { AppError } = await import('../../../shared/errors');
  return Object.fromEntries(
    Object.entries(original).map(([name, value]) => [
      name,
      typeof value === 'function'
        ? async () => {
            env.calls.push(`s3:${name}`);
            throw new AppError('not_found', { vi: MARKER, en: MARKER });
          }
        : value,
    ]),
  );
});
// The seal and signature images (S3) likewise; an upload records as `s3:putSignatureImage`, a write.
vi.mock('../../../shared/data/signature-image-store', async (importOriginal) => {
  const original = await importOriginal<Record<string, unknown>>();
  const { AppError } = await import('../../../shared/errors');
  return Object.fromEntries(
    Object.entries(original).map(([name, value]) => [
      name,
      typeof value === 'function' && /SignatureImage$/.test(name)
        ? async () => {
            env.calls.push(`s3:${name}`);
            throw new AppError('not_found', { vi: MARKER, en: MARKER });
          }
        : value,
    ]),
  );
});
// Keys and trust roots (KMS and SSM in AWS, the local CA here) are a data layer too.
vi.mock('../../../shared/signing/signers', async () => {
  const { AppError } = await import('../../../shared/errors');
  const directory = new Proxy(
    {},
    {
      get: (_t, name) => async () => {
        env.calls.push(`signers:${String(name)}`);
        throw new AppError('not_found', { vi: MARKER, en: MARKER });
      },
    },
  );
  return { signers: () => directory };
});
vi.mock('../../../shared/mail/mailer', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../shared/mail/mailer')>();
  return {
    ...original,
    sesMailer: {
      send: async () => {
        env.calls.push('ses:send');
        throw new Error('SES reached');
      },
    },
  };
});
vi.mock('../../../shared/web/session', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../shared/web/session')>();
  const { cookieValue } = await import('../../../shared/http/cookies');
  return {
    ...original,
    sessionFrom: async (cookies: readonly string[] | undefined, sourceIp: string) =>
      cookieValue(cookies, original.SESSION_COOKIE) === SESSION_TOKEN
        ? {
            token: SESSION_TOKEN,
            actor: { userId: 'u-fuzz', name: 'Người Thử', agencyCode: 'CNTT', roles: ['clerk', 'signer', 'leader', 'itdept', 'admin'], sourceIp },
            expiresAt: new Date(Date.now() + 3_600_000),
          }
        : undefined,
  };
});
const SESSION_TOKEN = 'fuzz-session-token';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 1000);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261301);
const params = (extra: Partial<fc.Parameters<unknown>> = {}) => ({ numRuns: RUNS, seed: SEED, endOnFailure: true, ...extra });

type Handler = (event: never, context: never) => Promise<{ statusCode: number; body?: string; headers?: Record<string, string> }>;
const handlers = new Map<string, Handler>();
let generated = 0;
/** Answers by status, per handler, printed at the end: shows the inputs reached past the first checks. */
const statuses = new Map<string, Map<number, number>>();
const started = Date.now();

/**
 * Writes: any DynamoDB write, S3 upload or mail, except the link pages' rate-limit counter (`RATE#…`),
 * which counts every request by design, valid or not, before anything else is read, and sign-out's
 * revocation (`REVOKEDSESSION#…`), which any form with the session's CSRF value rightly writes.
 */
const isWrite = (call: string) =>
  /^(dynamodb:(Put|Update|Delete|Transact|BatchWrite)|s3:put|ses:)/.test(call) && !call.includes(':RATE#') && !call.includes(':REVOKEDSESSION#');

// --- generators --------------------------------------------------------------------------------

/** Characters no text may carry: C0/C1 controls, bidi controls, zero-width characters, BOM, separators. */
const INVISIBLE = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009b', '\u061c', '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u2028', '\u2029', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2060', '\u2066', '\u2067', '\u2068', '\u2069', '\ufeff'];
const invisible = fc.constantFrom(...INVISIBLE);
const pieces = fc.constantFrom('Công văn', 'Đề nghị', 'ệ', 'ữ', ' ', '–', '“', '”', '\r\n', '\n', '\r', '\t', 'Bcc: x@evil.test', '%', '%ff', '"', '\\', '<b>', '&amp;', '../', '{', '0', 'x', ...INVISIBLE);
const nastyString = fc.oneof(
  { weight: 8, arbitrary: fc.string({ unit: pieces, maxLength: 12 }) },
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(70_000), 'ệ'.repeat(20_000), '') },
);
/** A string with one invisible character in the middle (ends would be trimmed away). */
const poisoned = fc.tuple(fc.constantFrom('Công', 'Đ', 'a1'), invisible, fc.constantFrom('văn', 'X', '1')).map(([a, c, b]) => `${a}${c}${b}`);

const jsonJunk: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.oneof(fc.constantFrom('version', 'subject', 'name', 'content', 'email', 'code', '__proto__', 'constructor'), nastyString), fc.oneof(nastyString, fc.integer(), fc.constant(null), fc.array(nastyString, { maxLength: 3 })), { maxKeys: 5 }),
);

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'Application/JSON ; Charset="UTF-8"',
  'application/json; charset=utf-16',
  'application/json-patch+json',
  'application/jsonp',
  'application/json; boundary=x',
  'application/json;',
  'application/json, text/csv',
  'text/json',
  'text/csv',
  'text/csv; charset=utf-8',
  'text/csvx',
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=iso-8859-1',
  'multipart/form-data; boundary=zz',
  'multipart/form-data',
  'application/pdf',
  'application/pdfx',
  'application/pdf; q=1',
  '',
  '\u0000',
  ';;',
  'application/',
  '/json',
];
const contentType = fc.oneof(fc.constantFrom(...CONTENT_TYPES), fc.string({ unit: pieces, maxLength: 6 }));

/** A path segment: literal words, ids, and percent-escapes good and bad. */
const segment = fc.oneof(
  fc.constantFrom('dispatches', 'new', 'edit', 'sign', 'pdf', 'progress', 'recipients', 'directives', 'dashboard', 'export', 'csv', 'xlsx', 'assets', 'app.css', 'd-1', 'u-1', 'rr-1', '', '..', '.'),
  fc.constantFrom('%ff', '%', '%f', '%zz', '%c3%28', '%e1%bb', '%00', '%2f', '%25', '%e2%80%ae', '%c4%90', '%ED%A0%80', '%F4%90%80%80'),
  fc.string({ unit: fc.constantFrom('a', 'Z', '0', '-', '_', '.', '%', 'f', 'F', '2', 'e', 'ệ', '\u202e', ' '), maxLength: 10 }),
);
const appPath = fc.array(segment, { minLength: 1, maxLength: 7 }).map((s) => `/app/${s.join('/')}`);

/** A path matching a page's template, each variable filled with a generated segment. */
const pathFor = (template: string) =>
  fc.tuple(...[...template.matchAll(/\{(\w+)\}/g)].map(() => segment)).map((values) => {
    let i = 0;
    return template.replace(/\{\w+\}/g, () => values[i++] ?? 'x');
  });

const queryParams = fc.option(fc.dictionary(fc.oneof(fc.constantFrom('lang', 'status', 'cursor', 'limit', 'q', 'agencyCode', 'role', 'unitId', 'dispatchId', 'kind'), nastyString), nastyString, { maxKeys: 4 }), { nil: undefined });

// --- a plausible body from a zod schema, with one string leaf poisoned ----------------------------

type Def = { type: string; shape?: Record<string, unknown>; innerType?: unknown; in?: unknown; element?: unknown; options?: unknown[]; entries?: Record<string, string>; values?: unknown[] };
const defOf = (schema: unknown) => (schema as { def: Def }).def;

/** A value the schema would likely accept, and the paths of its string leaves (outside unions). */
function plausible(schema: unknown, at: string[], leaves: string[][], depth = 0): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nullable':
    case 'readonly':
    case 'catch':
      return plausible(def.innerType, at, leaves, depth);
    case 'pipe':
      return plausible(def.in, at, leaves, depth);
    case 'object':
      return Object.fromEntries(Object.entries(def.shape ?? {}).map(([k, v]) => [k, plausible(v, [...at, k], leaves, depth + 1)]));
    case 'array':
      return depth > 4 ? [] : [plausible(def.element, [...at, '0'], leaves, depth + 1)];
    case 'union':
      return plausible(def.options![0], at, [], depth);
    case 'enum':
      leaves.push(at);
      return Object.values(def.entries!)[0];
    case 'literal':
      return def.values?.[0];
    case 'string':
      leaves.push(at);
      return 'Công văn thử';
    case 'number':
    case 'int':
      return 1;
    case 'boolean':
      return true;
    default:
      return undefined;
  }
}

function setAt(value: unknown, at: string[], leaf: unknown): unknown {
  if (!at.length) return leaf;
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as never) : { ...(value as object) };
  copy[at[0]!] = setAt(copy[at[0]!], at.slice(1), leaf);
  return copy;
}

// --- calling -------------------------------------------------------------------------------------

interface Answer {
  status: number;
  body: string;
  calls: string[];
  json?: { error?: { code: string; message: string; messageEn: string; fields?: { field: string; vi: string; en: string }[] } };
}

async function invoke(handlerId: string, event: unknown): Promise<Answer> {
  env.calls.length = 0;
  generated++;
  const res = await handlers.get(handlerId)!(event as never, lambdaContext as never);
  let json: Answer['json'];
  try {
    json = res.body ? JSON.parse(res.body) : undefined;
  } catch {
    json = undefined;
  }
  const counts = statuses.get(handlerId) ?? new Map<number, number>();
  counts.set(res.statusCode, (counts.get(res.statusCode) ?? 0) + 1);
  statuses.set(handlerId, counts);
  return { status: res.statusCode, body: res.body ?? '', calls: [...env.calls], json };
}

const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/iu;

/** The assertions every answer must pass; `label` is what was sent, for the failure report. */
function check(answer: Answer, label: () => string) {
  const where = () => `${label()} → ${answer.status} ${answer.body.slice(0, 300)} calls=${answer.calls.join(',')}`;
  expect(answer.status, where()).toBeLessThan(500);
  if (answer.status >= 400) expect(answer.calls.filter(isWrite), where()).toEqual([]);
  const refused = [400, 413, 415].includes(answer.status);
  if (refused && answer.json) expect(answer.calls.filter((c) => !c.includes(':RATE#')), where()).toEqual([]);
  if (answer.status === 400 && answer.json?.error) {
    const error = answer.json.error;
    expect(error.message, where()).toMatch(VIETNAMESE);
    expect(error.fields?.length, where()).toBeGreaterThan(0);
    for (const f of error.fields!) {
      expect(f.field, where()).toBeTruthy();
      if (f.field !== '(body)' && !f.field.startsWith('(')) {
        expect(f.vi.startsWith(f.field), where()).toBe(true);
        expect(f.en.startsWith(f.field), where()).toBe(true);
      }
    }
  }
}

const userFor = (route: RouteDef) => (route.access === 'public' ? undefined : { id: 'u-fuzz', roles: [route.access[0]!] });
const validParams = (route: RouteDef) => Object.fromEntries([...route.path.matchAll(/\{(\w+)\+?\}/g)].map(([, name]) => [name!, 'ok-id_1']));
const short = (v: string) => (v.length > 60 ? `${v.slice(0, 40)}…(${v.length})` : v);
const describeInput = (x: unknown) =>
  JSON.stringify(x, (_k, v) => (typeof v === 'string' ? short(v) : v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).map(([k, w]) => [short(k), w])) : v));

beforeAll(async () => {
  for (const route of routes) {
    const mod = (await import(/* @vite-ignore */ path.resolve(route.entry))) as { handler: Handler };
    handlers.set(route.id, mod.handler);
  }
}, 120_000);

afterAll(() => {
  // Printed so a run reports how much it tried and how long it took.
  console.log(`fuzz: ${generated} generated requests, seed ${SEED}, ${RUNS} runs per property, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const total = new Map<number, number>();
  for (const counts of statuses.values()) for (const [status, n] of counts) total.set(status, (total.get(status) ?? 0) + n);
  console.log(`fuzz: answers by status ${JSON.stringify(Object.fromEntries([...total].sort((a, b) => a[0] - b[0])))}`);
  for (const id of ['web-get', 'web-export', 'web-post', 'web-sign']) console.log(`fuzz: ${id} ${JSON.stringify(Object.fromEntries(statuses.get(id) ?? []))}`);
});

// --- API routes ----------------------------------------------------------------------------------

const apiRoutes = routes.filter((r) => !r.path.startsWith('/app/'));
const writeRoutes = apiRoutes.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));

describe('API write routes: generated bodies, content types, path parameters and queries', () => {
  it.each(writeRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', async (_label, route) => {
    const schema = routeDocs[route.id]?.request?.body;
    const body = fc.oneof(
      { weight: 3, arbitrary: jsonJunk.map((v) => JSON.stringify(v)) },
      { weight: 2, arbitrary: nastyString },
      { weight: 1, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom('{"version":', '[1,', '\u0000', '{"a":1,}', `{"subject":"${'x'.repeat(1_000_001)}"}`) },
    );
    const pathParameters = fc.oneof(
      { weight: 3, arbitrary: fc.constant(validParams(route)) },
      { weight: 1, arbitrary: fc.record(Object.fromEntries(Object.keys(validParams(route)).map((k) => [k, nastyString]))) },
    );
    await fc.assert(
      fc.asyncProperty(body, contentType, pathParameters, queryParams, async (b, ct, pp, query) => {
        const event = apiEvent({ method: route.method, path: route.path, user: userFor(route), pathParameters: pp as Record<string, string>, ...(b === undefined ? {} : { body: b }), contentType: ct, ...(query ? { query } : {}) });
        if (ct === '') delete event.headers['content-type'];
        const answer = await invoke(route.id, event);
        check(answer, () => `${route.id} content-type=${JSON.stringify(ct)} params=${describeInput(pp)} query=${describeInput(query)} body=${describeInput(b)}`);
      }),
      params(),
    );
    if (!schema) return;
    // A plausible body with one string field carrying an invisible or text-direction character: refused, that field named.
    const leaves: string[][] = [];
    const base = plausible(schema, [], leaves);
    if (!leaves.length) return; // e.g. a transition: `{ version }` only
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...leaves), poisoned, fc.constantFrom('application/json', 'application/json; charset=UTF-8'), async (leaf, value, ct) => {
        const sent = setAt(base, leaf, value);
        const event = apiEvent({ method: route.method, path: route.path, user: userFor(route), pathParameters: validParams(route), body: JSON.stringify(sent), contentType: ct });
        const answer = await invoke(route.id, event);
        const label = () => `${route.id} ${leaf.join('.')}=${JSON.stringify(value)} body=${describeInput(sent)}`;
        check(answer, label);
        expect(answer.status, label()).toBe(400);
        expect(answer.json?.error?.fields?.map((f) => f.field), label()).toContain(leaf.join('.'));
      }),
      params({ numRuns: Math.max(RUNS, leaves.length * 20) }),
    );
  });

  it('GET routes: generated path parameters and queries', async () => {
    const gets = apiRoutes.filter((r) => r.method === 'GET');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...gets), fc.option(nastyString, { nil: undefined }), queryParams, async (route, param, query) => {
        const pp = Object.fromEntries(Object.keys(validParams(route)).map((k) => [k, param ?? 'ok-id_1']));
        const answer = await invoke(route.id, apiEvent({ method: 'GET', path: route.path, user: userFor(route), pathParameters: pp, ...(query ? { query } : {}) }));
        check(answer, () => `${route.id} params=${describeInput(pp)} query=${describeInput(query)}`);
      }),
      params({ numRuns: RUNS * 2 }),
    );
  });
});

// --- staff pages ---------------------------------------------------------------------------------

const EXPORT_PAGES: ReadonlySet<string> = new Set(['report-export', 'directive-export']);
const pageHandlerOf = (page: WebPage) =>
  page.method === 'GET' ? (EXPORT_PAGES.has(page.id) ? 'web-export' : 'web-get') : page.id === 'dispatch-sign' ? 'web-sign' : 'web-post';
let csrf = '';

function pageEvent(method: string, rawPath: string, opts: { body?: string; contentType?: string; query?: Record<string, string>; session?: boolean }) {
  const event = apiEvent({ method, path: rawPath, ...(opts.body !== undefined ? { body: opts.body } : {}), ...(opts.contentType !== undefined ? { contentType: opts.contentType } : {}), ...(opts.query ? { query: opts.query } : {}) });
  if (opts.contentType === '') delete event.headers['content-type'];
  (event as { cookies?: string[] }).cookies = opts.session === false ? [] : [`cv_staff=${SESSION_TOKEN}`];
  return event;
}

const FORM_NAMES = ['subject', 'name', 'position', 'note.1', 'status.1', 'doneOn.1', 'version', 'code', 'email', 'comment', 'reason', 'text', 'opening', 'closing', 'requirement.1.text', 'addressees', 'role', 'agencyCode', 'headTitle', 'place', 'outcome', 'account', 'number', 'symbol', 'issuingBody', 'signer', 'draftingUnit'];
const formBody = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(fc.oneof(fc.constantFrom(...FORM_NAMES), nastyString), nastyString), { maxLength: 6 }))
  .map(([withCsrf, pairs]) => {
    const form = new URLSearchParams();
    if (withCsrf) form.append('csrf', csrf);
    for (const [k, v] of pairs) form.append(k, v);
    return form.toString();
  });

describe('staff pages: generated paths, queries, forms and content types', () => {
  beforeAll(async () => {
    const { csrfFor } = await import('../../../shared/web/session');
    csrf = csrfFor(SESSION_TOKEN);
  });

  it('GET /app/dispatches/%ff and other malformed escapes are 404s, not 500s', async () => {
    for (const p of ['/app/dispatches/%ff', '/app/dispatches/%', '/app/dispatches/%c3%28/edit', '/app/dashboard/dispatches/%zz/export/csv']) {
      const answer = await invoke('web-get', pageEvent('GET', p, {}));
      expect(answer.status, p).toBe(404);
    }
  });

  it.each(webPages.map((p) => [`${p.method} ${p.path}`, p] as const))('%s', async (_label, page) => {
    const handlerId = pageHandlerOf(page);
    const body = fc.oneof({ weight: 4, arbitrary: formBody }, { weight: 1, arbitrary: nastyString }, { weight: 1, arbitrary: fc.constant(`csrf=${csrf}&subject=${'x'.repeat(1_000_001)}`) });
    const ct = fc.oneof({ weight: 4, arbitrary: fc.constant('application/x-www-form-urlencoded') }, { weight: 2, arbitrary: contentType });
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: pathFor(page.path) }, { weight: 1, arbitrary: appPath }), queryParams, body, ct, fc.boolean(), async (rawPath, query, b, type, session) => {
        const event = pageEvent(page.method, rawPath, { query: query as Record<string, string>, session: session || page.method === 'POST', ...(page.method === 'POST' ? { body: b, contentType: type } : {}) });
        const answer = await invoke(handlerId, event);
        check(answer, () => `${page.id} ${page.method} ${rawPath} query=${describeInput(query)} content-type=${JSON.stringify(type)} body=${describeInput(b)}`);
      }),
      params(),
    );
  });
});
