import type { Role } from '../roles';

/**
 * A staff page's row of the page table (functions/web/page-table.ts): the edge passes it to
 * `pageHandler`, so shared code never imports the table. `session`: the roles whose session cookie may
 * open the page (`anyone`: no session needed, e.g. sign-in).
 */
export interface WebPage {
  readonly id: string;
  readonly method: 'GET' | 'POST';
  /** Path under /app, API Gateway syntax for its variables. */
  readonly path: string;
  readonly session: readonly Role[] | 'anyone';
}
