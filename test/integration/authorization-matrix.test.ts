import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleDispatchContent } from '../../infra/local/demo-data';
import { routes, type RouteDef } from '../../functions/routes';
import { roles, type Role } from '../../shared/roles';
import { routeDocs } from '../../shared/schemas/openapi';
import { startTestStack, type TestStack } from '../support/local-stack';

/**
 * Issue 9's authorization matrix, driven by the route table: every API route × every role × a person of
 * the dispatch's own agency (Tổng cục THADS) and of another (Cục CNTT). Each person holds exactly one
 * role. A role the route does not allow gets 403; a route about the Tổng cục's dispatch answers 403 to
 * every person of Cục CNTT, whatever their role; everything else is not refused for who the caller is
 * (it may still be a 400 for the empty body, a 404 or a 409). Afterwards nothing has changed: no route
 * let one agency act for another.
 */
const OWN = 'TCTHADS';
const OTHER = 'CNTT';
let stack: TestStack;
let dispatchId: string;
const people = new Map<string, string>();

const personId = (role: Role, agency: string) => `m-${role}-${agency.toLowerCase()}`;

beforeAll(async () => {
  stack = await startTestStack();
  const admin = await stack.tokenFor('u-admin', ['admin']);
  for (const agency of [OWN, OTHER]) {
    for (const role of roles) {
      const id = personId(role, agency);
      const body = {
        id,
        name: `Người thử ${role} ${agency}`,
        position: 'Chuyên viên',
        agencyCode: agency,
        roles: [role],
        email: `${id}@moj.gov.vn`,
        ...(role === 'signer' ? { signingForms: [{ authority: null }] } : {}),
      };
      const created = await stack.api('POST', '/people', { token: admin, body });
      expect(created.status, created.text).toBe(201);
      people.set(`${role}/${agency}`, await stack.tokenFor(id, [role]));
    }
  }
  const clerk = await stack.tokenFor('u-vanthu', ['clerk']);
  const created = await stack.api('POST', '/dispatches', { token: clerk, body: exampleDispatchContent() });
  expect(created.status, created.text).toBe(201);
  dispatchId = created.json.id;
});

afterAll(async () => {
  await stack?.stop();
});

const pathFor = (route: RouteDef) =>
  route.path
    .replace('{dispatchId}', dispatchId)
    .replace('{unitId}', 'thads-ha-noi')
    .replace('{groupId}', 'thads-tinh')
    .replace('{directiveId}', 'vpcp-kstt-2647-2023')
    .replace('{requestId}', 'khong-co')
    .replace('{personId}', 'u-vanthu')
    .replace('{code}', OWN);

const apiRoutes = routes.filter((r) => r.access !== 'public');

/**
 * A body the route accepts, so that what refuses another agency is the gate, not validation; the own
 * agency's people send an empty body instead, which passes the role check and changes nothing.
 */
function validBody(route: RouteDef): unknown {
  const schema = routeDocs[route.id]?.request?.body;
  if (!schema) return {};
  const candidates = [{ version: 1 }, { version: 1, comment: 'Thử quyền' }, { version: 1, content: exampleDispatchContent() }, exampleDispatchContent()];
  return candidates.find((c) => schema.safeParse(c).success) ?? {};
}

describe('authorization matrix: every route × every role × own and other agency', () => {
  it('covers every protected route of the table', () => {
    expect(apiRoutes.length).toBeGreaterThan(40);
  });

  it('refuses each role the route does not allow, and another agency on every route about a dispatch', async () => {
    const failures: string[] = [];
    for (const route of apiRoutes) {
      const aboutDispatch = route.path.includes('{dispatchId}');
      for (const agency of [OWN, OTHER]) {
        const body = route.method === 'GET' ? undefined : agency === OTHER && aboutDispatch ? validBody(route) : {};
        for (const role of roles) {
          const res = await stack.api(route.method, pathFor(route), { token: people.get(`${role}/${agency}`)!, ...(body ? { body } : {}) });
          const allowed = (route.access as readonly Role[]).includes(role);
          const expectRefused = !allowed || (aboutDispatch && agency === OTHER);
          const refused = res.status === 403;
          if (expectRefused !== refused || res.status === 401 || res.status >= 500) {
            failures.push(`${route.method} ${route.path} as ${role} of ${agency}: ${res.status} ${res.text.slice(0, 160)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('changed nothing: the dispatch is still the draft it was, and no register holds a number', async () => {
    const clerk = await stack.tokenFor('u-vanthu', ['clerk']);
    const dispatch = await stack.api('GET', `/dispatches/${dispatchId}`, { token: clerk });
    expect(dispatch.json).toMatchObject({ state: 'draft', version: 1, agencyCode: OWN });
    const year = new Date().getUTCFullYear();
    for (const agency of [OWN, OTHER]) {
      const register = await stack.api('GET', `/register?issuer=${agency}&year=${year}`, { token: people.get(`clerk/${agency}`)! });
      expect(register.json.items, agency).toEqual([]);
    }
  });

  it('lets the Ministry above read the Tổng cục’s letters, never act on them, and refuses one Cục the other’s register', async () => {
    const ministryLeader = await stack.tokenFor('u-mai-luong-khoi', ['leader']);
    expect((await stack.api('GET', `/dispatches/${dispatchId}/summary`, { token: ministryLeader })).status).toBe(200);
    expect((await stack.api('GET', `/dispatches?agency=${OWN}`, { token: ministryLeader })).status).toBe(200);
    const otherClerk = people.get(`clerk/${OTHER}`)!;
    expect((await stack.api('GET', `/dispatches?agency=${OWN}`, { token: otherClerk })).status).toBe(403);
    const year = new Date().getUTCFullYear();
    expect((await stack.api('GET', `/register?issuer=${OWN}&year=${year}`, { token: otherClerk })).status).toBe(403);
  });
});
