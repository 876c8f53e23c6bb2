import type { Role } from '../roles';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * What the HTTP edge needs of a row of the route table to authorise a request. The table itself is
 * the edge's (functions/routes.ts): each handler module passes its own row in, so shared code never
 * imports the table (and a route's bundle never carries the others' rows).
 */
export interface RouteAccess {
  /** Stable id: used for the Lambda's construct id, logical names and log lines. */
  readonly id: string;
  readonly method: HttpMethod;
  /** `public`: no token needed (health, OpenAPI, emailed links). Otherwise the roles allowed. */
  readonly access: 'public' | readonly Role[];
}
