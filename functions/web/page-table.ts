import type { Role } from '../../shared/roles';
import type { WebPage } from '../../shared/web/page-access';

export type { WebPage };

/**
 * The staff web pages. In AWS they are served by a few functions rather than one per page:
 * `GET /app/{path+}` (`web-get`) and `POST /app/{path+}` (`web-post`) in functions/routes.ts,
 * `web-sign` for approve-and-sign, the only form that needs kms:Sign, and `web-export` for the
 * dashboard's CSV/XLSX downloads, the only pages that need the spreadsheet writer. Each route-table row costs
 * eight CloudFormation resources, and one function per page would also mean thirty cold starts
 * instead of two. GET pages read; every POST is a form with a CSRF value. (the row's shape: shared/web/page-access.ts)
 */
const staff: readonly Role[] = ['clerk', 'signer', 'leader', 'itdept', 'admin'];
// The same audiences as the API's (functions/routes.ts): each role sees what it needs.
const clerks: readonly Role[] = ['clerk'];
const readers: readonly Role[] = ['clerk', 'signer', 'leader'];
const overseers: readonly Role[] = ['leader', 'clerk'];
const itDepartment: readonly Role[] = ['itdept'];

const page = (id: string, method: WebPage['method'], path: string, session: WebPage['session']): WebPage => ({ id, method, path, session });

export const webPages: readonly WebPage[] = [
  page('assets', 'GET', '/app/assets/{name}', 'anyone'),
  page('sign-in-page', 'GET', '/app/sign-in', 'anyone'),
  page('sign-in', 'POST', '/app/sign-in', 'anyone'),
  page('callback', 'GET', '/app/callback', 'anyone'),
  page('sign-out', 'POST', '/app/sign-out', 'anyone'),
  page('home', 'GET', '/app/home', staff),
  page('dispatches', 'GET', '/app/dispatches', readers),
  page('inbox', 'GET', '/app/inbox', ['signer']),
  page('dispatch-new', 'GET', '/app/dispatches/new', clerks),
  page('dispatch-create', 'POST', '/app/dispatches/new', clerks),
  page('dispatch-preview', 'POST', '/app/dispatches/preview', clerks),
  page('dispatch-edit', 'GET', '/app/dispatches/{dispatchId}/edit', clerks),
  page('dispatch-update', 'POST', '/app/dispatches/{dispatchId}/edit', clerks),
  page('dispatch', 'GET', '/app/dispatches/{dispatchId}', readers),
  page('dispatch-pdf', 'GET', '/app/dispatches/{dispatchId}/pdf', readers),
  page('dispatch-progress', 'GET', '/app/dispatches/{dispatchId}/progress', readers),
  page('dispatch-submit', 'POST', '/app/dispatches/{dispatchId}/submit', clerks),
  page('dispatch-withdraw', 'POST', '/app/dispatches/{dispatchId}/withdraw', clerks),
  page('dispatch-sign-confirm', 'GET', '/app/dispatches/{dispatchId}/sign', ['signer']),
  page('dispatch-sign', 'POST', '/app/dispatches/{dispatchId}/sign', ['signer']),
  page('dispatch-return', 'POST', '/app/dispatches/{dispatchId}/return', ['signer']),
  page('dispatch-issue', 'POST', '/app/dispatches/{dispatchId}/issue', ['clerk']),
  page('dispatch-remind', 'POST', '/app/dispatches/{dispatchId}/remind', clerks),
  page('recipient-action', 'POST', '/app/dispatches/{dispatchId}/recipients/{unitId}/{action}', clerks),
  // Confirmation steps (issue 14): the action's own address read with GET; and a draft's copy and deletion.
  page('dispatch-remind-confirm', 'GET', '/app/dispatches/{dispatchId}/remind', clerks),
  page('recipient-confirm', 'GET', '/app/dispatches/{dispatchId}/recipients/{unitId}/{action}', clerks),
  page('dispatch-delete-confirm', 'GET', '/app/dispatches/{dispatchId}/delete', clerks),
  page('dispatch-delete', 'POST', '/app/dispatches/{dispatchId}/delete', clerks),
  page('dispatch-copy', 'POST', '/app/dispatches/{dispatchId}/copy', clerks),
  page('reset-requests', 'GET', '/app/reset-requests', itDepartment),
  page('reset-request-pdf', 'GET', '/app/reset-requests/{requestId}/pdf', itDepartment),
  page('reset-account', 'POST', '/app/reset-requests/{requestId}/accounts', ['itdept']),
  page('directives', 'GET', '/app/directives', readers),
  page('directive-create', 'POST', '/app/directives', clerks),
  page('directive-update', 'POST', '/app/directives/{directiveId}/edit', clerks),
  page('directive-withdraw', 'POST', '/app/directives/{directiveId}/withdraw', clerks),
  page('register', 'GET', '/app/register', readers),
  page('dashboard', 'GET', '/app/dashboard', overseers),
  page('dashboard-dispatch', 'GET', '/app/dashboard/dispatches/{dispatchId}', overseers),
  page('dashboard-directive', 'GET', '/app/dashboard/directives/{directiveId}', overseers),
  page('report-export', 'GET', '/app/dashboard/dispatches/{dispatchId}/export/{format}', overseers),
  page('directive-export', 'GET', '/app/dashboard/directives/{directiveId}/export/{format}', overseers),
  page('agencies', 'GET', '/app/agencies', ['admin']),
  page('agency-save', 'POST', '/app/agencies', ['admin']),
  page('people', 'GET', '/app/people', ['admin']),
  page('person-save', 'POST', '/app/people', ['admin']),
  // Seal and signature images (Nghị định 30/2020): administrators for any agency or person, everyone their own.
  page('agency-seal-image', 'GET', '/app/agencies/{code}/seal.png', ['admin']),
  page('agency-seal-save', 'POST', '/app/agencies/{code}/seal', ['admin']),
  page('person-signature-image', 'GET', '/app/people/{personId}/signature.png', ['admin']),
  page('person-signature-save', 'POST', '/app/people/{personId}/signature', ['admin']),
  page('my-signature', 'GET', '/app/me/signature', staff),
  page('my-signature-image', 'GET', '/app/me/signature.png', staff),
  page('my-signature-save', 'POST', '/app/me/signature', staff),
];

/** A page's row, for its handler module to pass to `pageHandler` (throws at load on an unknown id). */
export function webPage(id: string): WebPage {
  const found = webPages.find((p) => p.id === id);
  if (!found) throw new Error(`${id} is not in functions/web/page-table.ts`);
  return found;
}
