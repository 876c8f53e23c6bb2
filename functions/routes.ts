import type { HttpMethod, RouteAccess } from '../shared/http/route-access';
import type { Role } from '../shared/roles';

/**
 * The one route table. The CDK app turns each row into an HTTP API route backed by its own Lambda;
 * the local gateway serves the same rows by calling the same handler with an API Gateway v2 event.
 */
export interface RouteDef extends RouteAccess {
  /** API Gateway v2 path syntax, e.g. `/dispatches/{dispatchId}`. */
  readonly path: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  /** `public`: no token needed (health, OpenAPI, emailed links). Otherwise the roles allowed. */
  readonly access: 'public' | readonly Role[];
  /**
   * Needs to write PDFs / read PDFs / send mail / sign with KMS keys / read the CA's certificate
   * to verify signatures / hand out short-lived links to stored PDFs without rendering any
   * (`pdfLink`: read grant, no fonts) / read the audit seals and the CA certificate to verify audit
   * chains (`auditRead`) / move a queue's dead letters back (`queueReplay`) / put messages on the mail queue
   * (`enqueue`) / read signing keys' public keys, sign CSRs with them and store the chains a CA returned
   * (`certify`, issue 12 §3) / read or store the seal and signature images under `images/` (`imageRead`,
   * `imageWrite`): drives least-privilege grants in CDK. `pdfViewer` grants nothing: the function serves
   * PDF.js to browsers, so its two files ship beside the bundle (shared/web/pdf-viewer-files.ts).
   */
  readonly needs?: readonly ('pdfRead' | 'pdfWrite' | 'mail' | 'sign' | 'verify' | 'pdfLink' | 'auditRead' | 'queueReplay' | 'enqueue' | 'certify' | 'imageRead' | 'imageWrite' | 'pdfViewer')[];
  /**
   * A tighter API Gateway limit than the stage's, in requests per second across all callers: for
   * public routes that do expensive work for anyone (parsing and checking an uploaded PDF).
   */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

/**
 * Each role sees what it needs. Everyone signed in may read the directory of units and agencies (to
 * address letters and read names); dispatches, their files and registers are for the people who write,
 * sign and oversee them, of their own agency (or of an agency above it, for reading); the IT Department
 * reads reset requests and their letters, not every dispatch. Only the clerical office writes letters;
 * administrators keep the directory of units, agencies and people.
 */
const staff: readonly Role[] = ['clerk', 'signer', 'leader', 'itdept', 'admin'];
const clerks: readonly Role[] = ['clerk'];
const readers: readonly Role[] = ['clerk', 'signer', 'leader'];
const overseers: readonly Role[] = ['leader', 'clerk'];
const itDepartment: readonly Role[] = ['itdept'];
const admins: readonly Role[] = ['admin'];

const http = (
  id: string,
  method: HttpMethod,
  path: string,
  access: RouteDef['access'],
  needs?: RouteDef['needs'],
  throttle?: RouteDef['throttle'],
): RouteDef => ({
  id,
  method,
  path,
  entry: `functions/http/${id}.ts`,
  access,
  ...(needs ? { needs } : {}),
  ...(throttle ? { throttle } : {}),
});

/**
 * Public verification parses, hashes and checks the signatures of an uploaded PDF of up to the upload
 * limit, or reads one from S3: a few of these per second is more than people verifying documents
 * need, and keeps an anonymous flood from running up Lambda time for everyone.
 */
const VERIFY_THROTTLE = { rateLimit: 5, burstLimit: 10 } as const;

/**
 * Each emailed-link route: all 770 units' links opened within a minute of a mass e-mail (mail scanners
 * open them on delivery) is ~26 req/s with the redirect; twice that, so a link flood that gets past the
 * edge's per-address limit (infra/aws/edge.ts) cannot take the whole stage from the staff.
 */
const LINK_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;

export const routes: readonly RouteDef[] = [
  http('home-redirect', 'GET', '/', 'public'),
  http('health', 'GET', '/health', 'public'),
  http('openapi', 'GET', '/openapi.json', 'public'),
  http('me', 'GET', '/me', staff),
  // The caller's own handwritten-signature image (Nghị định 30/2020: shown where their signature is).
  http('me-signature-image-get', 'GET', '/me/signature-image', staff, ['imageRead']),
  http('me-signature-image-put', 'PUT', '/me/signature-image', staff, ['imageWrite']),

  // Organisation directory
  http('units-list', 'GET', '/units', staff),
  http('units-get', 'GET', '/units/{unitId}', staff),
  http('units-create', 'POST', '/units', admins),
  http('units-from-external', 'POST', '/units/from-external', admins),
  http('units-update', 'PUT', '/units/{unitId}', admins),
  http('groups-list', 'GET', '/groups', staff),
  http('groups-get', 'GET', '/groups/{groupId}', staff),
  http('groups-create', 'POST', '/groups', admins),
  http('groups-update', 'PUT', '/groups/{groupId}', admins),
  http('directory-export', 'GET', '/directory/units.csv', ['clerk', 'admin']),
  http('directory-import', 'POST', '/directory/units.csv', admins),

  // Issuing agencies and their people (who may issue and sign for whom)
  http('agencies-list', 'GET', '/agencies', staff),
  http('agencies-get', 'GET', '/agencies/{code}', staff),
  http('agencies-create', 'POST', '/agencies', admins),
  http('agencies-update', 'PUT', '/agencies/{code}', admins),
  // The seal image the agency's signature shows (red PNG, real size); any signed-in person may see it.
  http('agencies-seal-image-get', 'GET', '/agencies/{code}/seal-image', staff, ['imageRead']),
  http('agencies-seal-image-put', 'PUT', '/agencies/{code}/seal-image', admins, ['imageWrite']),
  http('people-list', 'GET', '/people', ['clerk', 'admin']),
  http('people-get', 'GET', '/people/{personId}', ['clerk', 'admin']),
  http('people-create', 'POST', '/people', admins),
  http('people-update', 'PUT', '/people/{personId}', admins),
  http('people-signature-image-get', 'GET', '/people/{personId}/signature-image', admins, ['imageRead']),
  http('people-signature-image-put', 'PUT', '/people/{personId}/signature-image', admins, ['imageWrite']),
  http('people-export', 'GET', '/people.csv', admins),
  http('people-import', 'POST', '/people.csv', admins),
  // Certificates from the agency's own CA (issue 12 §3): a CSR signed by the identity's key, then the chain the CA returned.
  http('signing-identities-csr', 'GET', '/signing-identities/{identityId}/csr', admins, ['certify']),
  http('signing-identities-chain', 'PUT', '/signing-identities/{identityId}/certificate-chain', admins, ['certify']),

  // Incoming directives (văn bản đến)
  http('directives-create', 'POST', '/directives', clerks),
  http('directives-list', 'GET', '/directives', readers),
  http('directives-get', 'GET', '/directives/{directiveId}', readers),
  http('directives-update', 'PUT', '/directives/{directiveId}', clerks),
  http('directives-withdraw', 'POST', '/directives/{directiveId}/withdraw', clerks),

  // Outgoing dispatches (văn bản đi)
  http('dispatches-create', 'POST', '/dispatches', clerks),
  http('dispatches-list', 'GET', '/dispatches', readers),
  http('dispatches-get', 'GET', '/dispatches/{dispatchId}', readers),
  http('dispatches-update', 'PUT', '/dispatches/{dispatchId}', clerks),
  http('dispatches-submit', 'POST', '/dispatches/{dispatchId}/submit', clerks),
  // Back from the signer to draft (wrong or absent signer): the clerk then fixes it and submits again.
  http('dispatches-withdraw', 'POST', '/dispatches/{dispatchId}/withdraw', clerks),
  // A new draft from a dispatch's content and recipients; deleting a draft (only a draft, audited).
  http('dispatches-copy', 'POST', '/dispatches/{dispatchId}/copy', clerks),
  http('dispatches-delete', 'DELETE', '/dispatches/{dispatchId}', clerks),
  // Signing renders the letter and signs it with the signer's key (KMS in AWS), then stores it.
  http('dispatches-sign', 'POST', '/dispatches/{dispatchId}/sign', ['signer'], ['pdfWrite', 'sign', 'imageRead']),
  http('dispatches-return', 'POST', '/dispatches/{dispatchId}/return', ['signer']),
  http('dispatches-issue', 'POST', '/dispatches/{dispatchId}/issue', ['clerk']),
  http('dispatches-recall', 'POST', '/dispatches/{dispatchId}/recall', clerks),
  http('dispatches-recipients', 'GET', '/dispatches/{dispatchId}/recipients', readers),
  http('dispatches-audit', 'GET', '/dispatches/{dispatchId}/audit', readers, ['auditRead']),
  // Tamper evidence of the audit trail (issue 13): one dispatch's chains, or every chain of the table.
  http('dispatches-audit-verify', 'GET', '/dispatches/{dispatchId}/audit/verify', readers, ['auditRead']),
  http('audit-verify', 'GET', '/audit/verify', admins, ['auditRead']),
  // Parked messages of a queue of functions/queues.ts back on the queue (issue 10).
  http('queues-replay', 'POST', '/queues/{queueId}/replay', admins, ['queueReplay']),
  http('dispatches-pdf', 'GET', '/dispatches/{dispatchId}/pdf', readers, ['pdfRead']),
  http('dispatches-summary', 'GET', '/dispatches/{dispatchId}/summary', overseers),
  http('directives-summary', 'GET', '/directives/{directiveId}/summary', overseers),
  http('dispatches-report-csv', 'GET', '/dispatches/{dispatchId}/report.csv', overseers),
  http('dispatches-report-xlsx', 'GET', '/dispatches/{dispatchId}/report.xlsx', overseers),
  http('recipients-link-resend', 'POST', '/dispatches/{dispatchId}/recipients/{unitId}/resend-link', clerks, ['enqueue']),
  http('recipients-link-revoke', 'POST', '/dispatches/{dispatchId}/recipients/{unitId}/revoke-link', clerks),
  http('recipients-remind', 'POST', '/dispatches/{dispatchId}/recipients/{unitId}/remind', clerks, ['enqueue']),
  http('dispatches-remind', 'POST', '/dispatches/{dispatchId}/remind', clerks, ['enqueue']),
  http('dispatches-reminder-runs', 'GET', '/dispatches/{dispatchId}/reminder-runs', overseers),
  http('register-list', 'GET', '/register', readers),

  // Public verification of issued documents: the URL printed on page 1, and uploads of a PDF
  http('verify-form', 'GET', '/verify', 'public'),
  http('verify-page', 'GET', '/verify/{dispatchId}', 'public', ['pdfRead', 'verify', 'auditRead'], VERIFY_THROTTLE),
  http('verify-upload', 'POST', '/verify', 'public', ['verify', 'auditRead'], VERIFY_THROTTLE),

  // The IT Department's queue of account reset / revoke requests
  http('reset-requests-list', 'GET', '/reset-requests', itDepartment),
  http('reset-requests-get', 'GET', '/reset-requests/{requestId}', itDepartment),
  http('reset-requests-pdf', 'GET', '/reset-requests/{requestId}/pdf', itDepartment, ['pdfLink']),
  http('reset-requests-account', 'POST', '/reset-requests/{requestId}/accounts', ['itdept']),

  // Emailed link (no login: the token is the credential)
  http('link-open', 'GET', '/l/{token}', 'public', undefined, LINK_THROTTLE),
  http('link-page', 'GET', '/l', 'public', undefined, LINK_THROTTLE),
  http('link-pdf', 'GET', '/l/pdf', 'public', ['pdfLink'], LINK_THROTTLE),
  http('link-acknowledge', 'POST', '/l/acknowledge', 'public', undefined, LINK_THROTTLE),
  http('link-report', 'POST', '/l/report', 'public', undefined, LINK_THROTTLE),
  http('link-accounts', 'POST', '/l/accounts', 'public', undefined, LINK_THROTTLE),

  // Staff web pages (server-rendered; session in an HttpOnly cookie; every POST carries a CSRF value).
  // Public at the gateway (its JWT authorizer reads headers, not cookies): each page verifies the session
  // cookie and its roles itself. Few functions for many pages (functions/web/page-table.ts says why):
  // reading pages (previews render PDFs), forms (mail), and the one form that signs.
  http('web-get', 'GET', '/app/{path+}', 'public', ['pdfRead', 'auditRead', 'imageRead', 'pdfViewer']),
  // The dashboard's CSV/XLSX downloads: only this function carries the spreadsheet writer.
  http('web-export', 'GET', '/app/dashboard/{kind}/{id}/export/{format}', 'public', []),
  http('web-post', 'POST', '/app/{path+}', 'public', ['pdfRead', 'enqueue', 'imageWrite']),
  // Approve-and-sign renders, signs with the signer's key and stores the PDF: the one form that signs.
  http('web-sign', 'POST', '/app/dispatches/{dispatchId}/sign', 'public', ['pdfWrite', 'sign', 'imageRead']),
];

/** A route's row, for its handler module to pass to `httpHandler` (throws at load on an unknown id). */
export function route(id: string): RouteDef {
  const found = routes.find((r) => r.id === id);
  if (!found) throw new Error(`${id} is not in functions/routes.ts`);
  return found;
}
