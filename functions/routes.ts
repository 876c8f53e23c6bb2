import type { Role } from '../shared/roles';

/**
 * The one route table. The CDK app turns each row into an HTTP API route backed by its own Lambda;
 * the local gateway serves the same rows by calling the same handler with an API Gateway v2 event.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDef {
  /** Stable id: used for the Lambda's construct id and logical names. */
  readonly id: string;
  readonly method: HttpMethod;
  /** API Gateway v2 path syntax, e.g. `/dispatches/{dispatchId}`. */
  readonly path: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  /** `public`: no token needed (health, OpenAPI, emailed links). Otherwise the roles allowed. */
  readonly access: 'public' | readonly Role[];
  /** Needs to write PDFs / read PDFs / send mail: drives least-privilege grants in CDK. */
  readonly needs?: readonly ('pdfRead' | 'pdfWrite' | 'mail')[];
}

const staff: readonly Role[] = ['clerk', 'signer', 'leader', 'itdept', 'admin'];
const clerks: readonly Role[] = ['clerk', 'admin'];
const readers: readonly Role[] = ['clerk', 'signer', 'leader', 'admin'];

const http = (id: string, method: HttpMethod, path: string, access: RouteDef['access'], needs?: RouteDef['needs']): RouteDef => ({
  id,
  method,
  path,
  entry: `functions/http/${id}.ts`,
  access,
  ...(needs ? { needs } : {}),
});

export const routes: readonly RouteDef[] = [
  http('health', 'GET', '/health', 'public'),
  http('openapi', 'GET', '/openapi.json', 'public'),
  http('me', 'GET', '/me', staff),

  // Organisation directory
  http('units-list', 'GET', '/units', staff),
  http('units-get', 'GET', '/units/{unitId}', staff),
  http('units-create', 'POST', '/units', ['admin']),
  http('units-update', 'PUT', '/units/{unitId}', ['admin']),
  http('groups-list', 'GET', '/groups', staff),
  http('groups-get', 'GET', '/groups/{groupId}', staff),
  http('groups-create', 'POST', '/groups', ['admin']),
  http('groups-update', 'PUT', '/groups/{groupId}', ['admin']),
  http('directory-export', 'GET', '/directory/units.csv', staff),
  http('directory-import', 'POST', '/directory/units.csv', ['admin']),

  // Incoming directives (văn bản đến)
  http('directives-create', 'POST', '/directives', clerks),
  http('directives-list', 'GET', '/directives', staff),
  http('directives-get', 'GET', '/directives/{directiveId}', staff),

  // Outgoing dispatches (văn bản đi)
  http('dispatches-create', 'POST', '/dispatches', clerks),
  http('dispatches-list', 'GET', '/dispatches', staff),
  http('dispatches-get', 'GET', '/dispatches/{dispatchId}', staff),
  http('dispatches-update', 'PUT', '/dispatches/{dispatchId}', clerks),
  http('dispatches-submit', 'POST', '/dispatches/{dispatchId}/submit', clerks),
  http('dispatches-sign', 'POST', '/dispatches/{dispatchId}/sign', ['signer']),
  http('dispatches-return', 'POST', '/dispatches/{dispatchId}/return', ['signer']),
  http('dispatches-issue', 'POST', '/dispatches/{dispatchId}/issue', clerks),
  http('dispatches-recall', 'POST', '/dispatches/{dispatchId}/recall', clerks),
  http('dispatches-recipients', 'GET', '/dispatches/{dispatchId}/recipients', readers),
  http('dispatches-audit', 'GET', '/dispatches/{dispatchId}/audit', readers),
  http('dispatches-pdf', 'GET', '/dispatches/{dispatchId}/pdf', staff, ['pdfRead']),
  http('register-list', 'GET', '/register', readers),

  // Emailed link (no login: the token is the credential)
  http('link-open', 'GET', '/l/{token}', 'public'),
];
